package report

import (
	"fmt"
	"strings"

	"mspeval/scoring"
)

// The comparison workbook's sheets, each with its header, column widths and
// page setup.

// summarySheet is one row per candidate, ranked.
func (s *sheetWriter) summarySheet(d *Data, book workbookInfo) {
	const sheet = "Summary"
	head := []string{"Rank", "Candidate", "Response", "Overall"}
	for _, dim := range d.Result.Dimensions {
		head = append(head, scoring.DimensionLabel(dim.Name, dim.HigherIsWorse))
	}
	head = append(head, "Coverage", "Confidence", "Knockouts", "Red flags", "Contradictions", "Disagreements",
		"Green signals", "Evidence (0-4)", "Says the right things", "Provisional share", "Ranks first under")
	widths := []float64{6, 28, 11, 9}
	for range d.Result.Dimensions {
		widths = append(widths, 12)
	}
	widths = append(widths, 10, 11, 36, 8, 14, 14, 9, 10, 20, 11, 10)
	s.header(sheet, head, widths)
	s.printSetup(sheet, widths, 2, book)
	for i, c := range d.Result.Candidates {
		row := []any{c.Rank, c.Name, strings.ReplaceAll(d.Candidates[c.ID].Status, "_", " "), numOrNil(c.Overall)}
		for _, ds := range c.Dimensions {
			row = append(row, numOrNil(ds.Score))
		}
		// Knockouts by question number and prompt, one a line: a reader
		// never meets a question's internal key.
		var ko []string
		for _, k := range c.Knockouts {
			ko = append(ko, sentence(d.questionRef(k.Question)))
		}
		says := ""
		if c.TextEvidence.SaysRightThings {
			says = c.TextEvidence.Note
		}
		row = append(row, c.Coverage, c.Confidence, strings.Join(ko, "\n"), c.RedFlags, len(c.Contradictions), len(c.Disagreements),
			c.GreenSignals, numOrNil(c.TextEvidence.Strength), says, c.ProvisionalShare, c.FirstShare)
		s.row(sheet, i+2, row)
		s.style(sheet, i+2, 4, 4+len(c.Dimensions), s.oneDecimal)
		s.style(sheet, i+2, 5+len(c.Dimensions), 5+len(c.Dimensions), s.pct)
		s.style(sheet, i+2, len(row)-1, len(row), s.pct)
		s.style(sheet, i+2, len(row)-3, len(row)-3, s.oneDecimal)
	}
}

// matrixSheet is one row per question, one column per candidate.
func (s *sheetWriter) matrixSheet(d *Data, book workbookInfo) {
	const sheet = "Matrix"
	head := []string{"#", "Question"}
	widths := []float64{5, 60}
	for _, c := range d.Result.Candidates {
		head = append(head, fmt.Sprintf("%d. %s", c.Rank, c.Name))
		widths = append(widths, 14)
	}
	s.header(sheet, head, widths)
	s.printSetup(sheet, widths, 2, book)
	for qi, qq := range d.Questionnaire.Questions() {
		row := []any{qi + 1, qq.Prompt}
		for _, c := range d.Result.Candidates {
			if c.Answers[qi].Source == scoring.SourceNotAsked {
				row = append(row, "not asked")
				continue
			}
			row = append(row, numOrNil(c.Answers[qi].Score))
		}
		s.row(sheet, qi+2, row)
		s.style(sheet, qi+2, 3, len(row), s.oneDecimal)
	}
}

// answersSheet is one row per candidate and question.
func (s *sheetWriter) answersSheet(d *Data, book workbookInfo) {
	const sheet = "Answers"
	widths := []float64{7, 28, 5, 40, 30, 70, 8, 12, 11, 9, 40, 40, 11, 11, 60}
	s.header(sheet, []string{"Rank", "Candidate", "#", "Question", "Choice", "Answer", "Score", "Source", "Consensus", "Spread", "Ratings", "Signals",
		"Provisional", "Suggested rating", "Why (from the text)"}, widths)
	s.printSetup(sheet, widths, 2, book)
	r := 2
	for _, c := range d.Result.Candidates {
		for qi, qq := range d.Questionnaire.Questions() {
			a := c.Answers[qi]
			s.row(sheet, r, []any{c.Rank, c.Name, qi + 1, qq.Prompt, d.answerChoice(c.ID, qq), d.answerText(c.ID, qq.Key),
				numOrNil(a.Score), a.Source, numOrNil(a.Consensus), numOrNil(a.Spread), ratingsText(a.Ratings), signalsText(c, qq.Key),
				yesNo(a.Provisional), numOrNil(suggested(a)), reasonsText(a)})
			s.style(sheet, r, 7, 7, s.oneDecimal)
			s.style(sheet, r, 14, 14, s.oneDecimal)
			r++
		}
	}
}

// flagsSheet is one row per knockout, contradiction, red flag and
// disagreement.
func (s *sheetWriter) flagsSheet(d *Data, book workbookInfo) {
	const sheet = "Flags"
	widths := []float64{7, 28, 16, 40, 50, 70}
	s.header(sheet, []string{"Rank", "Candidate", "Kind", "Question", "Detail", "Quote"}, widths)
	s.printSetup(sheet, widths, 2, book)
	r := 2
	number := questionNumbers(d)
	prompt := func(key string) string {
		qq, _ := d.Questionnaire.Question(key)
		return fmt.Sprintf("%d. %s", number[key], qq.Prompt)
	}
	add := func(c scoring.CandidateResult, kind, question, detail, quote string) {
		s.row(sheet, r, []any{c.Rank, c.Name, kind, prompt(question), detail, quote})
		r++
	}
	for _, c := range d.Result.Candidates {
		for _, k := range c.Knockouts {
			scored := ""
			if k.Score != nil {
				scored = fmt.Sprintf("scored %.1f, ", *k.Score)
			}
			add(c, "knockout", k.Question, fmt.Sprintf("answered %s; %sminimum %d. %s", d.answerQuote(c.ID, k.Question), scored, k.MinScore, k.Reason), "")
		}
		for _, ct := range c.Contradictions {
			add(c, "contradiction", ct.Question, "chose: "+ct.OptionLabel, ct.Quote)
		}
		for _, sg := range c.Signals {
			if sg.Kind == "red" {
				add(c, "red flag", sg.Question, sg.Label, sg.Matched)
			}
		}
		for _, q := range c.Disagreements {
			add(c, "disagreement", q, "ratings spread by 2 or more", "")
		}
	}
}
