package report

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hostileNames are cell texts a spreadsheet program could run as a formula,
// once it skips what comes first or reads full-width signs as ASCII.
var hostileNames = []string{
	`=HYPERLINK("http://evil.example","x")`, "+21*2", "-21*2", "@SUM(21,21)",
	"\t=21*2", "\r=21*2", "\n=21*2", "\r\n=21*2", " =21*2", "\u00a0=21*2", "\u3000+21*2",
	"\u200b=21*2", "\ufeff=21*2", "\u2060@SUM(1)",
	"＝21*2", "＋21*2", "－21*2", "＠SUM(21,21)", "\n＝21*2", " ＋1",
}

func TestSafeCellEscapesAfterNormalising(t *testing.T) {
	for _, s := range hostileNames {
		if got := safeCell(s); got != "'"+s {
			t.Errorf("safeCell(%q) = %q, want it prefixed with an apostrophe", s, got)
		}
	}
	for _, s := range []string{"", "Acme IT", "a=b", "1-2", "'already quoted", "Ωmega", "東京 IT", "e-mail"} {
		if got := safeCell(s); got != s {
			t.Errorf("safeCell(%q) = %q, want it unchanged", s, got)
		}
	}
}

// libreOfficeCSV converts a CSV or XLSX file to CSV with LibreOffice, which
// evaluates formulas as it reads, and returns the first sheet's rows.
func libreOfficeCSV(t *testing.T, name string, data []byte) [][]string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice is not installed, so the spreadsheet check is skipped; it runs where soffice is on PATH (apt-get install libreoffice-calc; .ci/run installs it)")
	}
	dir := t.TempDir()
	in := filepath.Join(dir, name)
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	args := []string{"-env:UserInstallation=file://" + filepath.Join(dir, "profile"), "--headless"}
	if filepath.Ext(name) == ".csv" {
		// Comma, double quote, UTF-8, from line 1; "evaluate formulas" on.
		args = append(args, "--infilter=CSV:44,34,76,1,,0,false,true,false,false,false,-1")
	}
	// Written back as UTF-8, or LibreOffice folds ＝ into = on the way out.
	cmd := exec.Command(soffice, append(args, "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", out, in)...)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	files, _ := filepath.Glob(filepath.Join(out, "*.csv"))
	if len(files) == 0 {
		t.Fatalf("soffice wrote no CSV")
	}
	b, err := os.ReadFile(files[0])
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("LibreOffice's CSV does not parse: %v", err)
	}
	return rows
}

// LibreOffice reads every hostile name back as the text that was written: no
// cell of the summary CSV or workbook is run as a formula.
func TestExportsOpenAsTextInLibreOffice(t *testing.T) {
	d := manyData(t, len(hostileNames), 0)
	for i := range d.Result.Candidates {
		d.Result.Candidates[i].Name = hostileNames[i]
	}
	var sum, book bytes.Buffer
	if err := SummaryCSV(&sum, d); err != nil {
		t.Fatal(err)
	}
	if err := XLSX(&book, d); err != nil {
		t.Fatal(err)
	}
	written, err := csv.NewReader(bytes.NewReader(sum.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	t.Run("SummaryCSV", func(t *testing.T) {
		read := libreOfficeCSV(t, "summary.csv", sum.Bytes())
		for i := 1; i < len(written); i++ {
			if i >= len(read) || read[i][1] != written[i][1] {
				t.Errorf("row %d: LibreOffice read %q, the file holds %q", i, cellAt(read, i, 1), written[i][1])
			}
		}
	})
	t.Run("XLSX", func(t *testing.T) {
		read := libreOfficeCSV(t, "report.xlsx", book.Bytes())
		for i, c := range d.Result.Candidates {
			// A cell's CR LF comes back as LF; that is the CSV export, not a formula.
			if got := cellAt(read, i+1, 1); got != strings.ReplaceAll(c.Name, "\r\n", "\n") {
				t.Errorf("row %d: LibreOffice read %q, want the name %q as text", i+1, got, c.Name)
			}
		}
	})
}

func cellAt(rows [][]string, r, c int) string {
	if r >= len(rows) || c >= len(rows[r]) {
		return "(missing)"
	}
	return rows[r][c]
}
