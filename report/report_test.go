package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
)

// pdfText extracts a PDF's text with poppler's pdftotext, which .ci/run installs.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext not installed (apt-get install poppler-utils; .ci/run does): PDF text checks skipped")
	}
	cmd := exec.Command("pdftotext", "-layout", "-enc", "UTF-8", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// qpdfCheck runs qpdf --check, which .ci/run installs.
func qpdfCheck(t *testing.T, pdf []byte) {
	t.Helper()
	if _, err := exec.LookPath("qpdf"); err != nil {
		t.Skip("qpdf not installed (apt-get install qpdf; .ci/run does): structure check skipped")
	}
	path := filepath.Join(t.TempDir(), "check.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("qpdf", "--check", path).CombinedOutput(); err != nil {
		t.Fatalf("qpdf --check: %v\n%s", err, out)
	}
}

func comparisonBytes(t testing.TB, d *Data) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := ComparisonPDF(&b, d); err != nil {
		t.Fatalf("comparison PDF: %v", err)
	}
	return b.Bytes()
}

func TestComparisonPDFListsCandidatesInRankOrder(t *testing.T) {
	d := demoData(t)
	pdf := comparisonBytes(t, d)
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatal("not a PDF")
	}
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf)
	ranking := text[strings.Index(text, "Ranking"):strings.Index(text, "A rank marked = is shared")]
	last := -1
	for _, c := range d.Result.Candidates {
		// A long name wraps inside its cell; its first word stands on the rank's line.
		i := strings.Index(ranking, strings.Fields(c.Name)[0])
		if i < 0 {
			t.Fatalf("the ranking lacks %q", c.Name)
		}
		if i < last {
			t.Errorf("%q is out of rank order", c.Name)
		}
		last = i
	}
	for _, want := range []string{"Fit", "Flexibility", "Dependency risk", "page 1 of ", "Method", "How the ranking depends on the weights", "Question by question", "Knockout", "Contradiction"} {
		if !strings.Contains(text, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

func TestNamesInAnyScriptComeBackExactly(t *testing.T) {
	d := manyData(t, 6, 0)
	text := pdfText(t, comparisonBytes(t, d))
	for _, name := range []string{"Société Générale IT 0", "Ωmega Managed Services 1", "Сервис ИТ 2", "Ünal & Søn Bilişim 3", "<script>alert(1)</script> 5"} {
		if !strings.Contains(text, name) {
			t.Errorf("%q does not come back from the PDF", name)
		}
	}
	// Characters the font lacks are replaced visibly, not dropped or garbled.
	if !strings.Contains(text, "?? IT ?? ? 4") {
		t.Errorf("a CJK and emoji name: want it shown as ?? IT ?? ? 4")
	}
}

func TestThirtyCandidatesAndALongAnswerMakeAValidDocument(t *testing.T) {
	d := manyData(t, 30, 10000)
	pdf := comparisonBytes(t, d)
	qpdfCheck(t, pdf)
	text := pdfText(t, pdf)
	if !strings.Contains(text, "candidates 25–30 of 30") {
		t.Errorf("the matrix is not split across pages for 30 candidates")
	}
	var b bytes.Buffer
	if err := CandidatePDF(&b, d, "c000"); err != nil {
		t.Fatal(err)
	}
	qpdfCheck(t, b.Bytes())
	ctext := pdfText(t, b.Bytes())
	// The 10,000-character answer wraps over several pages and ends whole.
	if strings.Count(ctext, "page ") < 3 || !strings.Contains(ctext, "walk your team through them.") {
		t.Errorf("the long answer did not wrap across pages as expected (%d pages)", strings.Count(ctext, "page "))
	}
}

func TestSameDataSameBytes(t *testing.T) {
	a := comparisonBytes(t, demoData(t))
	b := comparisonBytes(t, demoData(t))
	if !bytes.Equal(a, b) {
		t.Error("two PDFs of the same data and time differ")
	}
}

// Run with -race: each document has its own copy of the font bytes.
func TestConcurrentPDFsAreSafe(t *testing.T) {
	d := demoData(t)
	want := comparisonBytes(t, d)
	var wg sync.WaitGroup
	errs := make(chan string, 8)
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var b bytes.Buffer
			if err := ComparisonPDF(&b, d); err != nil {
				errs <- err.Error()
				return
			}
			if !bytes.Equal(b.Bytes(), want) {
				errs <- "a PDF made concurrently differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestCSVParsesAndEscapesFormulas(t *testing.T) {
	d := manyData(t, 6, 0)
	d.Result.Candidates[0].Name = "=HYPERLINK(\"http://evil.example\")"
	var sum, ans bytes.Buffer
	if err := SummaryCSV(&sum, d); err != nil {
		t.Fatal(err)
	}
	if err := AnswersCSV(&ans, d); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&sum).ReadAll()
	if err != nil {
		t.Fatalf("summary CSV does not parse: %v", err)
	}
	if len(rows) != 7 || rows[0][0] != "rank" || rows[1][1] != "'=HYPERLINK(\"http://evil.example\")" {
		t.Errorf("summary CSV: got %d rows, first %v", len(rows), rows[1])
	}
	arows, err := csv.NewReader(&ans).ReadAll()
	if err != nil {
		t.Fatalf("answers CSV does not parse: %v", err)
	}
	if want := 1 + 6*len(d.Questionnaire.Questions()); len(arows) != want {
		t.Errorf("answers CSV: got %d rows, want %d", len(arows), want)
	}
}

func TestXLSXHoldsTheNumbers(t *testing.T) {
	d := demoData(t)
	var b bytes.Buffer
	if err := XLSX(&b, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	defer f.Close()
	if got := f.GetSheetList(); strings.Join(got, ",") != "Summary,Matrix,Answers,Flags" {
		t.Errorf("sheets: got %v", got)
	}
	rows, err := f.GetRows("Summary", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range d.Result.Candidates {
		if rows[i+1][1] != c.Name || rows[i+1][3] != trimFloat(*c.Overall) {
			t.Errorf("summary row %d: got %v, want %s %v", i+1, rows[i+1][:4], c.Name, *c.Overall)
		}
	}
	typ, _ := f.GetCellType("Summary", "D2")
	if typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
		t.Errorf("the overall score is stored as text")
	}
	panes, err := f.GetPanes("Summary")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("the header row is not frozen: %+v %v", panes, err)
	}
}

func trimFloat(v float64) string {
	return strings.TrimRight(strings.TrimRight(strconvFormat(v), "0"), ".")
}

func TestDecomposedAccentsPrintComposed(t *testing.T) {
	if got := clean("Socie\u0301te\u0301 G\u200benerale"); got != "Société Generale" {
		t.Errorf("clean: got %q", got)
	}
}
