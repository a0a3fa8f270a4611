package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"mspeval/scoring"
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
	oneDecimal, pct := s.oneDecimal, s.pct

	// Summary.
	f.SetSheetName("Sheet1", "Summary")
	head := []string{"Rank", "Candidate", "Response", "Overall"}
	for _, dim := range d.Result.Dimensions {
		head = append(head, scoring.DimensionLabel(dim.Name, dim.HigherIsWorse))
	}
	head = append(head, "Coverage", "Confidence", "Knockouts", "Red flags", "Contradictions", "Disagreements",
		"Green signals", "Evidence (0-4)", "Says the right things", "Provisional share", "Ranks first under")
	s.header("Summary", head, []float64{7, 34, 13, 10, 12, 12, 14, 11, 12, 24, 10, 14, 14, 13, 13, 30, 14, 16})
	for i, c := range d.Result.Candidates {
		row := []any{c.Rank, c.Name, strings.ReplaceAll(d.Candidates[c.ID].Status, "_", " "), numOrNil(c.Overall)}
		for _, ds := range c.Dimensions {
			row = append(row, numOrNil(ds.Score))
		}
		var ko []string
		for _, k := range c.Knockouts {
			ko = append(ko, k.Question)
		}
		says := ""
		if c.TextEvidence.SaysRightThings {
			says = c.TextEvidence.Note
		}
		row = append(row, c.Coverage, c.Confidence, strings.Join(ko, ", "), c.RedFlags, len(c.Contradictions), len(c.Disagreements),
			c.GreenSignals, numOrNil(c.TextEvidence.Strength), says, c.ProvisionalShare, c.FirstShare)
		s.row("Summary", i+2, row)
		s.style("Summary", i+2, 4, 4+len(c.Dimensions), oneDecimal)
		s.style("Summary", i+2, 5+len(c.Dimensions), 5+len(c.Dimensions), pct)
		s.style("Summary", i+2, len(row)-1, len(row), pct)
		s.style("Summary", i+2, len(row)-3, len(row)-3, oneDecimal)
	}

	// Matrix.
	if _, err := f.NewSheet("Matrix"); err != nil {
		return err
	}
	head = []string{"#", "Question"}
	widths := []float64{5, 60}
	for _, c := range d.Result.Candidates {
		head = append(head, fmt.Sprintf("%d. %s", c.Rank, c.Name))
		widths = append(widths, 14)
	}
	s.header("Matrix", head, widths)
	for qi, qq := range d.Questionnaire.Questions() {
		row := []any{qi + 1, qq.Prompt}
		for _, c := range d.Result.Candidates {
			row = append(row, numOrNil(c.Answers[qi].Score))
		}
		s.row("Matrix", qi+2, row)
		s.style("Matrix", qi+2, 3, len(row), oneDecimal)
	}

	// Answers.
	if _, err := f.NewSheet("Answers"); err != nil {
		return err
	}
	s.header("Answers", []string{"Rank", "Candidate", "#", "Question", "Choice", "Answer", "Score", "Source", "Consensus", "Spread", "Ratings", "Signals",
		"Provisional", "Suggested rating", "Why (from the text)"},
		[]float64{7, 28, 5, 40, 30, 70, 8, 12, 11, 9, 40, 40, 11, 11, 60})
	r := 2
	for _, c := range d.Result.Candidates {
		for qi, qq := range d.Questionnaire.Questions() {
			a := c.Answers[qi]
			s.row("Answers", r, []any{c.Rank, c.Name, qi + 1, qq.Prompt, d.answerChoice(c.ID, qq), d.answerText(c.ID, qq.Key),
				numOrNil(a.Score), a.Source, numOrNil(a.Consensus), numOrNil(a.Spread), ratingsText(a.Ratings), signalsText(c, qq.Key),
				yesNo(a.Provisional), numOrNil(suggested(a)), reasonsText(a)})
			s.style("Answers", r, 7, 7, oneDecimal)
			s.style("Answers", r, 14, 14, oneDecimal)
			r++
		}
	}

	// Flags.
	if _, err := f.NewSheet("Flags"); err != nil {
		return err
	}
	s.header("Flags", []string{"Rank", "Candidate", "Kind", "Question", "Detail", "Quote"}, []float64{7, 28, 16, 40, 50, 70})
	r = 2
	number := questionNumbers(d)
	prompt := func(key string) string {
		qq, _ := d.Questionnaire.Question(key)
		return fmt.Sprintf("%d. %s", number[key], qq.Prompt)
	}
	for _, c := range d.Result.Candidates {
		for _, k := range c.Knockouts {
			detail := fmt.Sprintf("minimum %d. %s", k.MinScore, k.Reason)
			if k.Score != nil {
				detail = fmt.Sprintf("scored %.1f, ", *k.Score) + detail
			}
			s.row("Flags", r, []any{c.Rank, c.Name, "knockout", prompt(k.Question), detail, ""})
			r++
		}
		for _, ct := range c.Contradictions {
			s.row("Flags", r, []any{c.Rank, c.Name, "contradiction", prompt(ct.Question), "chose: " + ct.OptionLabel, ct.Quote})
			r++
		}
		for _, sg := range c.Signals {
			if sg.Kind != "red" {
				continue
			}
			s.row("Flags", r, []any{c.Rank, c.Name, "red flag", prompt(sg.Question), sg.Label, sg.Matched})
			r++
		}
		for _, q := range c.Disagreements {
			s.row("Flags", r, []any{c.Rank, c.Name, "disagreement", prompt(q), "ratings spread by 2 or more", ""})
			r++
		}
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
}

// newSheetWriter makes the workbook's styles: a shaded bold header, wrapped
// text, scores with one decimal and whole percentages, all top-aligned.
func newSheetWriter(f *excelize.File) (sheetWriter, error) {
	s := sheetWriter{f: f}
	styles := []struct {
		to    *int
		style *excelize.Style
	}{
		{&s.bold, &excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E9ECEF"}},
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
