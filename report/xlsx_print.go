package report

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"mspeval"
)

// workbookInfo is what a workbook says about itself: its document
// properties, and the header and footer of its printed pages.
type workbookInfo struct {
	Title, Subject string
	// Workspace is the company the document belongs to; Author the person
	// who exported it ("" when not known: the workspace is named instead).
	Workspace, Author string
	Generated         time.Time
	Dates             mspeval.Dates
}

// apply sets the document properties: without them a workbook names the
// library as its author and dates itself 2006.
func (b workbookInfo) apply(f *excelize.File) error {
	creator := b.Author
	if creator == "" {
		creator = b.Workspace
	}
	at := b.Generated.UTC().Format(time.RFC3339)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title: b.Title, Subject: b.Subject, Creator: creator, LastModifiedBy: creator,
		Description: "Exported from mspeval on " + b.Dates.Time(b.Generated) + ".",
		Created:     at, Modified: at, Language: "en",
	}); err != nil {
		return err
	}
	return f.SetAppProps(&excelize.AppProperties{Application: "mspeval", Company: b.Workspace})
}

// paperSize is A4, or Letter for a workspace that writes month before day
// (as in the United States, where Letter is the paper at hand).
func (b workbookInfo) paperSize() int {
	if b.Dates.Style == mspeval.DateStyleMonthDay {
		return 1 // Letter
	}
	return 9 // A4
}

// Printable widths of a page in column-width units (characters) at 100 %,
// with the margins printSetup sets, and the smallest scale that stays easy
// to read.
const (
	portraitChars  = 95.0
	landscapeChars = 140.0
	minPrintScale  = 0.55
)

// printSetup makes a sheet print on a sensible number of pages: portrait when
// it is narrow, landscape otherwise, scaled to as many pages across as keep
// the text at least minPrintScale, and as many down as it takes. The header
// row repeats on every page, and so do the first titleCols columns when the
// sheet runs across pages; the header names the document, the footer the
// export time and the page.
func (s *sheetWriter) printSetup(sheet string, widths []float64, titleCols int, b workbookInfo) {
	total, titleW := 0.0, 0.0
	for i, w := range widths {
		total += w
		if i < titleCols {
			titleW += w
		}
	}
	orientation, across := "portrait", 1
	if total > portraitChars {
		orientation = "landscape"
		per := landscapeChars / minPrintScale
		across = max(1, int(math.Ceil((total-titleW)/(per-titleW))))
	}
	size, down := b.paperSize(), 0
	fit := true
	s.keep(s.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit}))
	s.keep(s.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &across, FitToHeight: &down}))
	narrow, edge := 0.5, 0.3
	s.keep(s.f.SetPageMargins(sheet, &excelize.PageLayoutMarginsOptions{Left: &narrow, Right: &narrow,
		Top: &narrow, Bottom: &narrow, Header: &edge, Footer: &edge}))
	titles := fmt.Sprintf("'%s'!$1:$1", sheet)
	if across > 1 && titleCols > 0 {
		last, _ := excelize.ColumnNumberToName(titleCols)
		titles = fmt.Sprintf("'%s'!$A:$%s,", sheet, last) + titles
	}
	s.keep(s.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: titles, Scope: sheet}))
	s.keep(s.f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&L" + headerText(b.Title, 120) + "&R" + headerText(b.Workspace, 60) + " · " + sheet,
		OddFooter: "&L" + headerText("Generated "+b.Dates.Time(b.Generated), 80) + "&RPage &P of &N",
	}))
}

// headerText makes text safe in a printed header or footer, where "&" starts
// a code, and short enough for the 255 characters the format allows.
func headerText(text string, n int) string {
	return strings.ReplaceAll(shorten(flat(text), n), "&", "&&")
}

// flat folds white space and line breaks into single spaces. Unlike oneLine
// it keeps every character: a workbook is not limited to the PDF's font.
func flat(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
