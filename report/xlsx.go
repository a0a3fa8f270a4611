package report

import (
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// XLSX writes the workbook: Summary (ranked), Matrix (question by candidate),
// Answers (one row per candidate and question) and Flags. Numbers are stored as
// numbers; every sheet has a frozen header row.
func XLSX(w io.Writer, d *Data) error {
	f := excelize.NewFile()
	defer f.Close()
	s, err := newSheetWriter(f)
	if err != nil {
		return err
	}
	book := workbookInfo{
		Title:     "Comparison: " + flat(d.Evaluation),
		Subject:   "Co-managed IT partner comparison",
		Workspace: flat(d.Workspace),
		Author:    flat(d.PreparedBy),
		Generated: d.Generated,
		Dates:     d.Dates,
	}
	if err := book.apply(f); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", "Summary"); err != nil {
		return err
	}
	s.summarySheet(d, book)
	for _, sheet := range []struct {
		name  string
		write func(*Data, workbookInfo)
	}{{"Matrix", s.matrixSheet}, {"Answers", s.answersSheet}, {"Flags", s.flagsSheet}} {
		if _, err := f.NewSheet(sheet.name); err != nil {
			return err
		}
		sheet.write(d, book)
	}
	if s.err != nil {
		return s.err
	}
	f.SetActiveSheet(0)
	return f.Write(w)
}

// sheetWriter keeps the first error of a run of cell writes.
type sheetWriter struct {
	f                           *excelize.File
	bold, wrap, oneDecimal, pct int
	err                         error
	// widths are each sheet's column widths, from which rows get their height.
	widths map[string][]float64
}

// newSheetWriter makes the workbook's styles: a shaded bold header, wrapped
// text, scores with one decimal and whole percentages, all top-aligned.
func newSheetWriter(f *excelize.File) (sheetWriter, error) {
	s := sheetWriter{f: f, widths: map[string][]float64{}}
	styles := []struct {
		to    *int
		style *excelize.Style
	}{
		{&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true, Family: "Calibri", Size: 11}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E9ECEF"}},
			Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.wrap, &excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}},
		{&s.oneDecimal, &excelize.Style{CustomNumFmt: ptrString("0.0"), Alignment: &excelize.Alignment{Vertical: "top"}}},
		{&s.pct, &excelize.Style{NumFmt: 9, Alignment: &excelize.Alignment{Vertical: "top"}}},
	}
	for _, st := range styles {
		id, err := f.NewStyle(st.style)
		if err != nil {
			return s, err
		}
		*st.to = id
	}
	return s, nil
}

func (s *sheetWriter) header(sheet string, titles []string, widths []float64) {
	s.widths[sheet] = widths
	s.row(sheet, 1, toAny(titles))
	last, _ := excelize.CoordinatesToCellName(len(titles), 1)
	s.keep(s.f.SetCellStyle(sheet, "A1", last, s.bold))
	for i, w := range widths {
		if i >= len(titles) {
			break
		}
		col, _ := excelize.ColumnNumberToName(i + 1)
		s.keep(s.f.SetColWidth(sheet, col, col, w))
	}
	s.keep(s.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}))
	s.keep(s.f.AutoFilter(sheet, "A1:"+last, nil))
}

func (s *sheetWriter) row(sheet string, r int, values []any) {
	// Strings go in as typed text, which a spreadsheet never runs as a formula.
	cell, _ := excelize.CoordinatesToCellName(1, r)
	s.keep(s.f.SetSheetRow(sheet, cell, &values))
	first, _ := excelize.CoordinatesToCellName(1, r)
	last, _ := excelize.CoordinatesToCellName(len(values), r)
	if r > 1 {
		s.keep(s.f.SetCellStyle(sheet, first, last, s.wrap))
	}
	s.fitHeight(sheet, r, values)
}

// Row heights in points: a line of the default 11-point font, and the most a
// row may have.
const (
	xlsxLineHeight = 15.0
	xlsxMaxHeight  = 409.0
)

// fitHeight makes a row as high as its most wrapped text needs. Spreadsheet
// programs do not all grow a row to its text when they open a file, and a row
// cut short prints cut short. A unit of column width is the width of a digit;
// text averages a little narrower, and the estimate of 1.1 characters a unit
// leaves room for the words that wrap early.
func (s *sheetWriter) fitHeight(sheet string, r int, values []any) {
	widths := s.widths[sheet]
	lines := 1
	for i, v := range values {
		text, ok := v.(string)
		if !ok || i >= len(widths) {
			continue
		}
		perLine := max(1, int(widths[i]*1.1))
		n := 0
		for _, part := range strings.Split(text, "\n") {
			n += max(1, (utf8.RuneCountInString(part)+perLine-1)/perLine)
		}
		lines = max(lines, n)
	}
	if lines > 1 {
		s.keep(s.f.SetRowHeight(sheet, r, min(xlsxMaxHeight, float64(lines)*xlsxLineHeight+2)))
	}
}

func (s *sheetWriter) style(sheet string, r, fromCol, toCol, style int) {
	if toCol < fromCol {
		return
	}
	a, _ := excelize.CoordinatesToCellName(fromCol, r)
	b, _ := excelize.CoordinatesToCellName(toCol, r)
	s.keep(s.f.SetCellStyle(sheet, a, b, style))
}

func (s *sheetWriter) keep(err error) {
	if s.err == nil {
		s.err = err
	}
}

// numOrNil leaves a missing score as an empty cell rather than zero.
func numOrNil(v *float64) any {
	if v == nil {
		return nil
	}
	return *v
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func ptrString(s string) *string { return &s }

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}
