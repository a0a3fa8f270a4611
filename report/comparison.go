package report

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"mspeval/scoring"
)

// ComparisonPDF writes the comparison report of an evaluation.
func ComparisonPDF(w io.Writer, d *Data) error {
	return comparisonDoc(d).write(w)
}

func comparisonDoc(d *Data) *doc {
	dc := newDoc(d, "Comparison")
	dc.page("P")
	cover(dc, d)
	dc.page("P")
	ranking(dc, d)
	knockoutsOnRanking(dc, d)
	howToRead(dc, d)
	charts(dc, d)
	matrix(dc, d)
	evidenceFiles(dc, d)
	flags(dc, d)
	sensitivity(dc, d)
	evaluators(dc, d)
	method(dc, d)
	return dc
}

// cover is the first page: what is compared, the executive summary and the
// sign-off block, so that the page can be filed on its own.
func cover(dc *doc, d *Data) {
	p := dc.pdf
	dc.font("", 11, muted)
	p.SetXY(margin, 30)
	p.CellFormat(dc.width(), 6, "Co-managed IT partner comparison", "", 1, "L", false, 0, "")
	dc.font("B", 22, ink)
	for _, line := range dc.lines(oneLine(d.Evaluation), dc.width()) {
		p.SetX(margin)
		p.CellFormat(dc.width(), dc.lineH(), line, "", 1, "L", false, 0, "")
	}
	p.Ln(3)
	facts := [][2]string{
		{"Workspace", oneLine(d.Workspace)},
		{"Date", d.Dates.Day(d.Generated)},
		{"Questionnaire", fmt.Sprintf("%s, version %d", oneLine(d.Questionnaire.Title), d.Questionnaire.Version)},
		{"Candidates", candidateCount(d)},
	}
	if d.DueDate != "" {
		facts = append(facts, [2]string{"Answers due", d.Dates.DayOf(d.DueDate)})
	}
	facts = append(facts, [2]string{"Weights", weightsLine(d)})
	labelW := 30.0
	for _, f := range facts {
		dc.font("", 10, ink)
		lines := dc.lines(f[1], dc.width()-labelW)
		dc.font("B", 9, muted)
		p.SetX(margin)
		p.CellFormat(labelW, 5.5, f[0], "", 0, "L", false, 0, "")
		dc.font("", 10, ink)
		for _, line := range lines {
			p.SetX(margin + labelW)
			p.CellFormat(dc.width()-labelW, 5.5, line, "", 1, "L", false, 0, "")
		}
	}
	p.Ln(5)
	executiveSummary(dc, d)
	signOff(dc, d)
}

// weightsLine writes the weights in one line, saying when they are what-if.
func weightsLine(d *Data) string {
	var parts []string
	for _, dim := range d.Result.Dimensions {
		parts = append(parts, fmt.Sprintf("%s %.0f %%", dim.Name, d.Result.Weights[dim.Key]))
	}
	text := strings.Join(parts, ", ")
	if d.WhatIf {
		text += " (what-if weights, not the evaluation's saved ones)"
	}
	return text
}

// howToRead explains the weights and the report's measures.
func howToRead(dc *doc, d *Data) {
	title := "Weights"
	if d.WhatIf {
		title = "Weights (what-if, not the evaluation's saved weights)"
	}
	var rows [][]cell
	for i, dim := range d.Result.Dimensions {
		c := dimColour[i%len(dimColour)]
		meaning := "higher is better"
		if dim.HigherIsWorse {
			meaning = "reported as risk: higher is worse; enters the overall score as 100 − risk"
		}
		rows = append(rows, []cell{{text: dim.Name, style: "B", ink: &c}, {text: fmt.Sprintf("%.0f %%", d.Result.Weights[dim.Key])}, {text: meaning}})
	}
	cols := []column{{"Dimension", 0.3, "L"}, {"Weight", 0.15, "R"}, {"Meaning", 0.55, "L"}}
	dc.subheading(title, dc.tableStart(cols, rows, 9.5))
	dc.table(cols, rows, 9.5)
	dc.subheading("How to read this report", 20)
	dc.font("", 9.5, ink)
	dc.paragraph("Each candidate's answers are scored 0 to 4 against the questionnaire's rubric: by the "+
		"evaluators' ratings where they rated, otherwise by the option the candidate chose. Scores per "+
		"dimension run from 0 to 100. Coverage says how much of the questionnaire is scored: a score on "+
		"low coverage rests on few answers. A knockout marks an answer under a question's minimum; such a "+
		"candidate ranks below every candidate without one, but stays in the report. Red flags are phrases "+
		"in the candidate's own words that the guide warns about; they never change a score. The last "+
		"pages show how the ranking moves with the weights, who rated the answers, and how every number is computed.", margin, dc.width())
	dc.pdf.Ln(4)
}

func candidateCount(d *Data) string {
	submitted := 0
	for _, c := range d.Candidates {
		if c.Status == "submitted" {
			submitted++
		}
	}
	return fmt.Sprintf("%d, of which %d submitted their answers", len(d.Result.Candidates), submitted)
}

// ranking is the ranked table, with what its marks mean.
func ranking(dc *doc, d *Data) {
	cols := []column{{"Rank", 0.05, "C"}, {"Candidate", 0.18, "L"}, {"Overall", 0.08, "R"}}
	for _, dim := range d.Result.Dimensions {
		title := scoring.DimensionLabel(dim.Name, dim.HigherIsWorse)
		cols = append(cols, column{title, 0.26 / float64(len(d.Result.Dimensions)), "R"})
	}
	cols = append(cols, column{"Coverage", 0.11, "R"}, column{"Knock-outs", 0.06, "C"}, column{"Red flags", 0.06, "C"},
		column{"Contra- dictions", 0.09, "C"}, column{"Evidence (0–4)", 0.11, "C"})
	var rows [][]cell
	for _, c := range d.Result.Candidates {
		name := oneLine(c.Name)
		if st := d.Candidates[c.ID].Status; st != "submitted" {
			name += " (" + strings.ReplaceAll(st, "_", " ") + ")"
		}
		rank := fmt.Sprint(c.Rank)
		if c.Tied {
			rank = "=" + rank
		}
		overall := score(c.Overall)
		if c.ProvisionalShare > 0 {
			overall += " p"
		}
		rankCell := cell{text: rank, style: "B"}
		if len(c.Knockouts) > 0 {
			rankCell = cell{text: rank + "\nKO", style: "B", ink: &redInk}
		}
		row := []cell{rankCell, {text: name, style: "B"}, {text: overall, style: "B"}}
		for _, ds := range c.Dimensions {
			row = append(row, cell{text: score(ds.Score)})
		}
		ko := cell{text: "0"}
		if n := len(c.Knockouts); n > 0 {
			ko = cell{text: fmt.Sprint(n), style: "B", ink: &redInk}
		}
		rf := cell{text: "0"}
		if c.RedFlags > 0 {
			rf = cell{text: fmt.Sprint(c.RedFlags), ink: &redInk}
		}
		ct := cell{text: "0"}
		if n := len(c.Contradictions); n > 0 {
			ct = cell{text: fmt.Sprint(n), ink: &redInk}
		}
		ev := cell{text: "–"}
		if te := c.TextEvidence; te.Texts > 0 {
			ev = cell{text: score(te.Strength)}
			if te.SaysRightThings {
				ev = cell{text: score(te.Strength) + " !", style: "B", ink: &redInk}
			}
		}
		row = append(row, cell{text: percent(c.Coverage) + " " + c.ConfidenceLevel}, ko, rf, ct, ev)
		rows = append(rows, row)
	}
	dc.heading("Ranking", dc.tableStart(cols, rows, 8.5))
	dc.table(cols, rows, 8.5)
	dc.font("I", 8.5, muted)
	dc.paragraph("Ties: "+d.Result.TieBreak+". A rank marked = is shared. KO under a rank: the candidate has a knockout and "+
		"ranks below every candidate without one; the reasons follow. An overall score marked p is provisional: part of it "+
		"comes from what the answers' texts show, before any evaluator rated them. Evidence is the mean suggested rating of "+
		"the texts; ! marks a candidate that picked top options its texts do not back up. – (a dash): no score, because "+
		"nothing of the dimension is scored, or no text to read for evidence.", margin, dc.width())
	dc.pdf.Ln(3)
}

func sensitivity(dc *doc, d *Data) {
	dc.heading("How the ranking depends on the weights", 40)
	s := d.Result.Sensitivity
	dc.font("", 10, ink)
	dc.paragraph(fmt.Sprintf("Every weighting of the dimensions in steps of %g points that adds up to 100 was tried "+
		"(%d weightings). The table shows how often each candidate ranks first.", s.GridStep, s.Weightings), margin, dc.width())
	dc.pdf.Ln(2)
	cands := append([]scoring.CandidateResult(nil), d.Result.Candidates...)
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].Rank < cands[j].Rank })
	var rows [][]cell
	for _, c := range cands {
		rows = append(rows, []cell{{text: fmt.Sprint(c.Rank)}, {text: oneLine(c.Name)}, {text: percent(c.FirstShare), style: "B"}})
	}
	dc.table([]column{{"Rank", 0.1, "C"}, {"Candidate", 0.6, "L"}, {"Ranks first under", 0.3, "R"}}, rows, 9)
	dc.font("", 10, ink)
	text := sentence(s.Note) + "."
	if sw := s.Swap; sw != nil && sw.Reachable {
		var parts []string
		for _, dim := range d.Result.Dimensions {
			parts = append(parts, fmt.Sprintf("%s %.0f %%", dim.Name, sw.Weights[dim.Key]))
		}
		text += " The nearest such weighting: " + strings.Join(parts, ", ") + "."
	}
	dc.paragraph(text, margin, dc.width())
	dc.pdf.Ln(3)
}

func method(dc *doc, d *Data) {
	dc.heading("Method", 40)
	dc.font("", 10, ink)
	for _, para := range []string{
		"An answer scores 0 to 4: the median of the evaluators' ratings where anyone rated it (the mean of the middle two for an even count); otherwise the chosen option's score (a multiple choice adds its options' scores, up to 4; a scale is spread evenly over 0 to 4). A text nobody rated, or a question left open, is unscored: it counts as missing, never as zero.",
		"A dimension's score is 25 times the weighted mean of its scored answers, with the question weights the questionnaire sets, so it runs from 0 to 100. Dependency risk is reported as risk, 100 minus that mean, so that higher is worse. Coverage is the share of a dimension's question weight that is scored.",
		"The overall score applies the evaluation's weights to the dimensions, taking 100 minus the risk for dependency risk. A dimension with nothing scored is left out and the other weights scaled up; the lower coverage shows it. A candidate under a question's knockout minimum ranks below all candidates without a knockout. Ratings that spread by 2 or more points are flagged for discussion. Phrase rules flag words from the guide's warnings; they are shown, never scored.",
	} {
		dc.paragraph(para, margin, dc.width())
		dc.pdf.Ln(2)
	}
	if d.Questionnaire.HasConditions() {
		dc.paragraph(conditionsMethod, margin, dc.width())
		dc.pdf.Ln(2)
	}
}

// conditionsMethod is the method's word on conditional questions, for a
// questionnaire that has them.
const conditionsMethod = "Some questions are asked only when an earlier answer has a given value. A question a candidate " +
	"was not shown is marked “not asked”: it is not required, not scored, and its weight is left out of that candidate's " +
	"coverage, so a candidate is neither rewarded nor penalised for a question it never saw."

// questionNumbers numbers the questions from 1 in questionnaire order.
func questionNumbers(d *Data) map[string]int {
	out := map[string]int{}
	for i, qq := range d.Questionnaire.Questions() {
		out[qq.Key] = i + 1
	}
	return out
}
