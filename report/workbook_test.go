package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"mspeval"
)

func workbook(t *testing.T, d *Data) *excelize.File {
	t.Helper()
	var b bytes.Buffer
	if err := XLSX(&b, d); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&b)
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

func TestWorkbookSaysWhoMadeItAndWhen(t *testing.T) {
	d := withExtras(demoData(t))
	d.Workspace = "Northwind Freight & Co"
	f := workbook(t, d)
	props, err := f.GetDocProps()
	if err != nil {
		t.Fatal(err)
	}
	if props.Title != "Comparison: "+d.Evaluation || props.Subject == "" || props.Creator != "Morgan Lindqvist" ||
		props.Created != "2026-11-22T09:30:00Z" || props.Modified != "2026-11-22T09:30:00Z" {
		t.Errorf("properties: got %+v", props)
	}
	app, err := f.GetAppProps()
	if err != nil || app.Company != d.Workspace || app.Application != "mspeval" {
		t.Errorf("application properties: got %+v (%v)", app, err)
	}
	t.Run("WorkspaceWhenNoOneIsNamed", func(t *testing.T) {
		d := demoData(t)
		props, _ := workbook(t, d).GetDocProps()
		if props.Creator != d.Workspace {
			t.Errorf("creator: got %q, want the workspace %q", props.Creator, d.Workspace)
		}
	})
}

func TestWorkbookKnockoutsNameTheQuestion(t *testing.T) {
	d := demoData(t)
	f := workbook(t, d)
	rows, err := f.GetRows("Summary")
	if err != nil {
		t.Fatal(err)
	}
	col := -1
	for i, h := range rows[0] {
		if h == "Knockouts" {
			col = i
		}
	}
	for i, c := range d.Result.Candidates {
		var want []string
		for _, k := range c.Knockouts {
			qq, _ := d.Questionnaire.Question(k.Question)
			want = append(want, fmt.Sprintf("Question %d, “%s”", questionNumbers(d)[k.Question], flat(qq.Prompt)))
		}
		if got := cellAt(rows, i+1, col); got != strings.Join(want, "\n") && !(len(want) == 0 && got == "(missing)") {
			t.Errorf("%s's knockouts: got %q, want %q", c.Name, got, strings.Join(want, "\n"))
		}
	}
}

func TestWorkbookPrintsOnASensibleNumberOfPages(t *testing.T) {
	d := demoData(t)
	f := workbook(t, d)
	for _, tc := range []struct {
		sheet       string
		orientation string
		across      int
	}{
		{"Summary", "landscape", 1}, {"Matrix", "landscape", 1}, {"Answers", "landscape", 2}, {"Flags", "landscape", 1},
	} {
		l, err := f.GetPageLayout(tc.sheet)
		if err != nil {
			t.Fatal(err)
		}
		if *l.Orientation != tc.orientation || *l.FitToWidth != tc.across || *l.FitToHeight != 0 || *l.Size != 9 {
			t.Errorf("%s: got %s, %d across, %d down, paper %d; want %s, %d across, as many down as needed, A4",
				tc.sheet, *l.Orientation, *l.FitToWidth, *l.FitToHeight, *l.Size, tc.orientation, tc.across)
		}
		props, _ := f.GetSheetProps(tc.sheet)
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page is off, so the fit is ignored", tc.sheet)
		}
	}
	titles := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	if got := titles["Answers"]; got != "'Answers'!$A:$B,'Answers'!$1:$1" {
		t.Errorf("Answers' print titles: got %q, want the header row and, across pages, the rank and candidate", got)
	}
	if got := titles["Summary"]; got != "'Summary'!$1:$1" {
		t.Errorf("Summary's print titles: got %q", got)
	}
	hf, err := f.GetHeaderFooter("Summary")
	if err != nil || !strings.Contains(hf.OddFooter, "Page &P of &N") || !strings.Contains(hf.OddFooter, "Generated 22 November 2026, 09:30 UTC") {
		t.Errorf("footer: got %+v (%v)", hf, err)
	}
	t.Run("LetterWhereMonthComesFirst", func(t *testing.T) {
		d := demoData(t)
		d.Dates = mspeval.Dates{Style: mspeval.DateStyleMonthDay}
		l, _ := workbook(t, d).GetPageLayout("Summary")
		if *l.Size != 1 {
			t.Errorf("paper: got %d, want Letter (1)", *l.Size)
		}
	})
}
