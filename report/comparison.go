package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/jung-kurt/gofpdf"

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
	summary(dc, d)
	charts(dc, d)
	matrix(dc, d)
	flags(dc, d)
	sensitivity(dc, d)
	method(dc, d)
	return dc
}

func cover(dc *doc, d *Data) {
	p := dc.pdf
	dc.font("", 11, muted)
	p.SetXY(margin, 45)
	p.CellFormat(dc.width(), 6, "Co-managed IT partner comparison", "", 1, "L", false, 0, "")
	dc.font("B", 24, ink)
	p.SetX(margin)
	for _, line := range dc.lines(oneLine(d.Evaluation), dc.width()) {
		p.SetX(margin)
		p.CellFormat(dc.width(), dc.lineH(), line, "", 1, "L", false, 0, "")
	}
	p.Ln(4)
	dc.font("", 11, ink)
	facts := [][2]string{
		{"Workspace", oneLine(d.Workspace)},
		{"Date", d.Generated.UTC().Format("2 January 2006")},
		{"Questionnaire", fmt.Sprintf("%s, version %d (%s)", oneLine(d.Questionnaire.Title), d.Questionnaire.Version, d.Questionnaire.Key)},
		{"Candidates", candidateCount(d)},
	}
	if d.DueDate != "" {
		facts = append(facts, [2]string{"Answers due", d.DueDate})
	}
	for _, f := range facts {
		dc.font("B", 10, muted)
		p.SetX(margin)
		p.CellFormat(38, 7, f[0], "", 0, "L", false, 0, "")
		dc.font("", 11, ink)
		p.CellFormat(dc.width()-38, 7, f[1], "", 1, "L", false, 0, "")
	}
	p.Ln(6)
	title := "Weights"
	if d.WhatIf {
		title = "Weights (what-if, not the evaluation's saved weights)"
	}
	dc.subheading(title, 20)
	var rows [][]cell
	for i, dim := range d.Result.Dimensions {
		c := dimColour[i%len(dimColour)]
		meaning := "higher is better"
		if dim.HigherIsWorse {
			meaning = "reported as risk: higher is worse; enters the overall score as 100 − risk"
		}
		rows = append(rows, []cell{{text: dim.Name, style: "B", ink: &c}, {text: fmt.Sprintf("%.0f %%", d.Result.Weights[dim.Key])}, {text: meaning}})
	}
	dc.table([]column{{"Dimension", 0.3, "L"}, {"Weight", 0.15, "R"}, {"Meaning", 0.55, "L"}}, rows, 10)
	p.Ln(2)
	dc.subheading("How to read this report", 20)
	dc.font("", 10, ink)
	dc.paragraph("Each candidate's answers are scored 0 to 4 against the questionnaire's rubric: by the "+
		"evaluators' ratings where they rated, otherwise by the option the candidate chose. Scores per "+
		"dimension run from 0 to 100. Coverage says how much of the questionnaire is scored: a score on "+
		"low coverage rests on few answers. A knockout marks an answer under a question's minimum; such a "+
		"candidate ranks below every candidate without one, but stays in the report. Red flags are phrases "+
		"in the candidate's own words that the guide warns about; they never change a score. The last "+
		"pages show how the ranking moves with the weights and how every number is computed.", margin, dc.width())
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

func summary(dc *doc, d *Data) {
	dc.heading("Ranking", 30)
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
		row := []cell{{text: rank, style: "B"}, {text: name, style: "B"}, {text: overall, style: "B"}}
		for _, ds := range c.Dimensions {
			row = append(row, cell{text: score(ds.Score)})
		}
		ko := cell{text: "–"}
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
	dc.table(cols, rows, 8.5)
	dc.font("I", 8.5, muted)
	dc.paragraph("Ties: "+d.Result.TieBreak+". A rank marked = is shared. An overall score marked p is provisional: part of it "+
		"comes from what the answers' texts show, before any evaluator rated them. Evidence is the mean suggested rating of "+
		"the texts; ! marks a candidate that picked top options its texts do not back up.", margin, dc.width())
	dc.pdf.Ln(3)
}

// charts draws one bar chart per dimension and a radar of the top candidates.
func charts(dc *doc, d *Data) {
	p := dc.pdf
	n := len(d.Result.Candidates)
	barH := 4.5
	for i, dim := range d.Result.Dimensions {
		colour := dimColour[i%len(dimColour)]
		title := dim.Name + " (0–100)"
		if dim.HigherIsWorse {
			title = dim.Name + " (risk, 0–100: shorter is better)"
		}
		need := float64(min(n, 12))*(barH+1.5) + 12
		dc.subheading(title, need)
		labelW := 55.0
		chartW := dc.width() - labelW - 14
		for _, c := range d.Result.Candidates {
			dc.room(barH + 1.5)
			y := p.GetY()
			dc.font("", 8.5, ink)
			p.SetXY(margin, y)
			name := dc.fit(fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), labelW-2)
			p.CellFormat(labelW, barH, name, "", 0, "L", false, 0, "")
			dc.fill(stripe)
			p.Rect(margin+labelW, y, chartW, barH, "F")
			v := c.Dimensions[i].Score
			if v != nil {
				dc.fill(colour)
				p.Rect(margin+labelW, y, chartW*math.Max(0, math.Min(100, *v))/100, barH, "F")
			}
			p.SetXY(margin+labelW+chartW+1, y)
			p.CellFormat(13, barH, score(v), "", 0, "R", false, 0, "")
			p.SetXY(margin, y+barH+1.5)
		}
		p.Ln(3)
	}
	radar(dc, d)
}

// fit shortens text with an ellipsis until it fits width w.
func (dc *doc) fit(text string, w float64) string {
	if dc.pdf.GetStringWidth(text) <= w {
		return text
	}
	r := []rune(text)
	for len(r) > 1 && dc.pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// radar draws the top candidates (up to four) on one axis per dimension, with
// risk dimensions turned so that outward is always better.
func radar(dc *doc, d *Data) {
	dims := d.Result.Dimensions
	if len(dims) < 3 || len(d.Result.Candidates) == 0 {
		return
	}
	p := dc.pdf
	top := d.Result.Candidates[:min(4, len(d.Result.Candidates))]
	dc.subheading("Profile of the leading candidates (outward is better)", 80)
	cx, cy, r := margin+62, p.GetY()+40, 30.0
	angle := func(i int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(len(dims)) }
	dc.colour(rule)
	p.SetLineWidth(0.2)
	for ring := 1; ring <= 4; ring++ {
		var pts []gofpdf.PointType
		for i := range dims {
			a := angle(i)
			pts = append(pts, gofpdf.PointType{X: cx + r*float64(ring)/4*math.Cos(a), Y: cy + r*float64(ring)/4*math.Sin(a)})
		}
		p.Polygon(pts, "D")
	}
	dc.font("B", 8.5, ink)
	for i, dim := range dims {
		a := angle(i)
		p.Line(cx, cy, cx+r*math.Cos(a), cy+r*math.Sin(a))
		label := dim.Name
		if dim.HigherIsWorse {
			label = "Independence (100 − " + strings.ToLower(dim.Name) + ")"
		}
		lw := p.GetStringWidth(label) + 2
		lx := cx + (r+4)*math.Cos(a) - lw/2
		ly := cy + (r+4)*math.Sin(a) - 2
		if math.Sin(a) < -0.9 {
			ly -= 3
		}
		p.SetXY(lx, ly)
		p.CellFormat(lw, 4, label, "", 0, "C", false, 0, "")
	}
	p.SetLineWidth(0.6)
	for k, c := range top {
		col := radarColour(k)
		dc.colour(col)
		var pts []gofpdf.PointType
		for i, dim := range dims {
			v := 0.0
			if s := c.Dimensions[i].Score; s != nil {
				v = *s
				if dim.HigherIsWorse {
					v = 100 - v
				}
			}
			a := angle(i)
			pts = append(pts, gofpdf.PointType{X: cx + r*v/100*math.Cos(a), Y: cy + r*v/100*math.Sin(a)})
		}
		p.Polygon(pts, "D")
		// Legend.
		ly := cy - 30 + float64(k)*8
		dc.fill(col)
		p.Rect(cx+r+30, ly, 6, 3, "F")
		dc.font("", 9, ink)
		p.SetXY(cx+r+38, ly-1)
		p.CellFormat(dc.width()-(cx+r+38-margin), 5, dc.fit(fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), dc.width()-(cx+r+38-margin)), "", 0, "L", false, 0, "")
	}
	p.SetLineWidth(0.2)
	p.SetXY(margin, cy+r+12)
}

func radarColour(k int) rgb {
	return []rgb{{0, 119, 130}, {214, 126, 36}, {112, 72, 160}, {120, 120, 120}}[k%4]
}

// matrix is the question-by-question table: questions as rows, candidates as
// columns in groups that fit a landscape page, each score shaded.
func matrix(dc *doc, d *Data) {
	qs := d.Questionnaire.Questions()
	cands := d.Result.Candidates
	perPage := 8
	for start := 0; start < len(cands); start += perPage {
		group := cands[start:min(start+perPage, len(cands))]
		dc.page("L")
		title := "Question by question"
		if len(cands) > perPage {
			title += fmt.Sprintf(" (candidates %d–%d of %d)", start+1, start+len(group), len(cands))
		}
		dc.heading(title, 20)
		dc.font("I", 8.5, muted)
		dc.paragraph("Each cell is the answer's score from 0 (worst) to 4 (best), darker for higher; "+
			"“r” marks an evaluators' consensus, “p” a provisional score from the answer's text that no evaluator has rated yet, "+
			"“–” an answer not scored (a text nobody rated, or no answer).", margin, dc.width())
		dc.pdf.Ln(1)
		cols := []column{{"Question", 0.38, "L"}}
		share := 0.62 / float64(max(len(group), 5))
		for _, c := range group {
			cols = append(cols, column{fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), share, "C"})
		}
		var rows [][]cell
		for qi, qq := range qs {
			row := []cell{{text: fmt.Sprintf("%d. %s", qi+1, oneLine(qq.Prompt))}}
			for _, c := range group {
				row = append(row, scoreCell(c.Answers[qi]))
			}
			rows = append(rows, row)
		}
		dc.table(cols, rows, 8)
	}
}

func scoreCell(a scoring.AnswerScore) cell {
	if a.Score == nil {
		return cell{text: "–", ink: &muted}
	}
	v := *a.Score
	text := fmt.Sprintf("%.1f", v)
	switch {
	case a.Source == scoring.SourceConsensus:
		text += " r"
	case a.Provisional:
		text += " p"
	}
	// From a pale to a deep blue; white text on the darker half.
	t := v / 4
	bg := rgb{int(235 - t*(235-30)), int(242 - t*(242-90)), int(250 - t*(250-170))}
	c := cell{text: text, fill: &bg}
	if t > 0.55 {
		white := rgb{255, 255, 255}
		c.ink = &white
	}
	return c
}

func flags(dc *doc, d *Data) {
	dc.page("P")
	dc.heading("Flags, contradictions and notes", 20)
	any := false
	number := questionNumbers(d)
	for _, c := range d.Result.Candidates {
		var items []flagItem
		for _, k := range c.Knockouts {
			qq, _ := d.Questionnaire.Question(k.Question)
			sc := "withheld"
			if k.Score != nil {
				sc = fmt.Sprintf("%.1f", *k.Score)
			}
			items = append(items, flagItem{kind: "Knockout", colour: redInk,
				text: fmt.Sprintf("%s — scored %s, minimum %d. %s", oneLine(qq.Prompt), sc, k.MinScore, oneLine(k.Reason))})
		}
		for _, ct := range c.Contradictions {
			qq, _ := d.Questionnaire.Question(ct.Question)
			items = append(items, flagItem{kind: "Contradiction", colour: redInk,
				text: fmt.Sprintf("%s — chose “%s” but wrote: “%s”", oneLine(qq.Prompt), oneLine(ct.OptionLabel), oneLine(ct.Quote))})
		}
		if te := c.TextEvidence; te.SaysRightThings {
			items = append(items, flagItem{kind: "Says the right things", colour: redInk,
				text: te.Note + ": the texts do not back up the options picked; the provisional scores are capped accordingly."})
		}
		for _, s := range signalQuotes(c, number, "red") {
			items = append(items, flagItem{kind: "Red flag", colour: redInk, text: s})
		}
		for _, s := range signalQuotes(c, number, "green") {
			items = append(items, flagItem{kind: "Green signal", colour: greenInk, text: s})
		}
		for _, q := range c.Disagreements {
			qq, _ := d.Questionnaire.Question(q)
			items = append(items, flagItem{kind: "Disagreement", colour: muted, text: disagreement(c, q, oneLine(qq.Prompt))})
		}
		for _, note := range notes(c, number) {
			items = append(items, flagItem{kind: "Evaluator note", colour: muted, text: note})
		}
		if len(items) == 0 {
			continue
		}
		any = true
		dc.subheading(fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), 12)
		for _, it := range items {
			dc.flag(it)
		}
		dc.pdf.Ln(2)
	}
	if !any {
		dc.font("", 10, ink)
		dc.paragraph("No knockouts, signals, contradictions, disagreements or evaluator notes.", margin, dc.width())
	}
}

type flagItem struct {
	kind   string
	colour rgb
	text   string
}

func (dc *doc) flag(it flagItem) {
	p := dc.pdf
	labelW := 28.0
	dc.font("", 9, ink)
	lines := dc.lines(clean(it.text), dc.width()-labelW)
	lh := dc.lineH()
	// Keep at least two lines with the label; longer quotes run on.
	dc.room(math.Min(float64(len(lines)), 2) * lh)
	dc.font("B", 8.5, it.colour)
	p.SetX(margin)
	p.CellFormat(labelW, lh, it.kind, "", 0, "L", false, 0, "")
	dc.font("", 9, ink)
	for i, line := range lines {
		if i > 0 {
			dc.room(lh)
		}
		p.SetX(margin + labelW)
		p.CellFormat(dc.width()-labelW, lh, line, "", 1, "L", false, 0, "")
	}
	p.Ln(0.8)
}

// signalQuotes quotes each red (or green) phrase once per question; number
// gives the questions' numbers as the matrix prints them.
func signalQuotes(c scoring.CandidateResult, number map[string]int, kind string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range c.Signals {
		if s.Kind != kind {
			continue
		}
		key := s.Question + "|" + strings.ToLower(s.Matched)
		if seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, fmt.Sprintf("%s: “%s” (question %d)", s.Label, oneLine(s.Matched), number[s.Question]))
	}
	return out
}

func disagreement(c scoring.CandidateResult, question, prompt string) string {
	for _, a := range c.Answers {
		if a.Question != question {
			continue
		}
		var parts []string
		for _, r := range a.Ratings {
			who := r.Name
			if who == "" {
				who = "an evaluator"
			}
			parts = append(parts, fmt.Sprintf("%s %.0f", oneLine(who), r.Score))
		}
		return fmt.Sprintf("%s — ratings spread by %.0f (%s); discuss before deciding.", prompt, *a.Spread, strings.Join(parts, ", "))
	}
	return prompt
}

// notes quotes the evaluators' notes; number gives the questions' numbers.
func notes(c scoring.CandidateResult, number map[string]int) []string {
	var out []string
	for _, a := range c.Answers {
		for _, r := range a.Ratings {
			if strings.TrimSpace(r.Note) == "" {
				continue
			}
			who := r.Name
			if who == "" {
				who = "Evaluator"
			}
			out = append(out, fmt.Sprintf("%s on question %d (rated %.0f): %s", oneLine(who), number[a.Question], r.Score, oneLine(r.Note)))
		}
	}
	return out
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
	text := strings.ToUpper(s.Note[:1]) + s.Note[1:] + "."
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
}

// questionNumbers numbers the questions from 1 in questionnaire order.
func questionNumbers(d *Data) map[string]int {
	out := map[string]int{}
	for i, qq := range d.Questionnaire.Questions() {
		out[qq.Key] = i + 1
	}
	return out
}
