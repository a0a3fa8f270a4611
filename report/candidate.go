package report

import (
	"fmt"
	"io"
	"strings"

	"mspeval/scoring"
)

// CandidatePDF writes one candidate in depth: its scores, flags, and every
// question with the answer in full, the score and where it came from, the
// ratings and notes, and the signals found.
func CandidatePDF(w io.Writer, d *Data, candidateID string) error {
	var c *scoring.CandidateResult
	for i := range d.Result.Candidates {
		if d.Result.Candidates[i].ID == candidateID {
			c = &d.Result.Candidates[i]
		}
	}
	if c == nil {
		return fmt.Errorf("report: candidate %s is not in the result", candidateID)
	}
	dc := newDoc(d, oneLine(c.Name))
	dc.page("P")
	p := dc.pdf
	dc.font("", 11, muted)
	p.SetX(margin)
	p.CellFormat(dc.width(), 6, "Candidate report · "+oneLine(d.Evaluation), "", 1, "L", false, 0, "")
	dc.font("B", 20, ink)
	for _, line := range dc.lines(oneLine(c.Name), dc.width()) {
		p.SetX(margin)
		p.CellFormat(dc.width(), dc.lineH(), line, "", 1, "L", false, 0, "")
	}
	dc.font("", 10, ink)
	status := strings.ReplaceAll(d.Candidates[c.ID].Status, "_", " ")
	rank := fmt.Sprintf("Rank %d of %d", c.Rank, len(d.Result.Candidates))
	if c.Tied {
		rank += " (tied)"
	}
	overall := score(c.Overall)
	if c.ProvisionalShare > 0 {
		overall += fmt.Sprintf(" (%s of it provisional, from the text)", percent(c.ProvisionalShare))
	}
	dc.paragraph(fmt.Sprintf("%s · overall %s · coverage %s (%s confidence) · response %s · ranks first under %s of weightings",
		rank, overall, percent(c.Coverage), c.ConfidenceLevel, status, percent(c.FirstShare)), margin, dc.width())
	p.Ln(3)

	var rows [][]cell
	for i, ds := range c.Dimensions {
		col := dimColour[i%len(dimColour)]
		name := scoring.DimensionLabel(d.dimensionName(ds.Key), ds.HigherIsWorse)
		rows = append(rows, []cell{{text: name, style: "B", ink: &col}, {text: score(ds.Score), style: "B"},
			{text: percent(ds.Coverage)}, {text: fmt.Sprintf("%.0f %%", d.Result.Weights[ds.Key])}})
	}
	dc.table([]column{{"Dimension", 0.4, "L"}, {"Score", 0.2, "R"}, {"Coverage", 0.2, "R"}, {"Weight", 0.2, "R"}}, rows, 10)

	if len(c.Knockouts)+len(c.Contradictions)+c.RedFlags > 0 {
		dc.subheading("Flags", 12)
		for _, k := range c.Knockouts {
			qq, _ := d.Questionnaire.Question(k.Question)
			dc.flag(flagItem{kind: "Knockout", colour: redInk, text: oneLine(qq.Prompt) + " — " + oneLine(k.Reason)})
		}
		for _, ct := range c.Contradictions {
			dc.flag(flagItem{kind: "Contradiction", colour: redInk,
				text: fmt.Sprintf("chose “%s” but wrote: “%s”", oneLine(ct.OptionLabel), oneLine(ct.Quote))})
		}
		if te := c.TextEvidence; te.SaysRightThings {
			dc.flag(flagItem{kind: "Says the right things", colour: redInk, text: te.Note + ": the texts do not back up the options picked."})
		}
		for _, s := range signalQuotes(*c, questionNumbers(d), "red") {
			dc.flag(flagItem{kind: "Red flag", colour: redInk, text: s})
		}
		for _, s := range signalQuotes(*c, questionNumbers(d), "green") {
			dc.flag(flagItem{kind: "Green signal", colour: greenInk, text: s})
		}
		p.Ln(2)
	}

	dc.heading("Answers", 30)
	for qi, qq := range d.Questionnaire.Questions() {
		a := c.Answers[qi]
		dc.font("B", 10, ink)
		dc.room(3 * dc.lineH())
		dc.paragraph(fmt.Sprintf("%d. %s", qi+1, oneLine(qq.Prompt)), margin, dc.width())
		dc.font("", 8.5, muted)
		src := a.Source
		if a.Source == scoring.SourceConsensus && a.Spread != nil {
			src = fmt.Sprintf("consensus of %d ratings, spread %.0f", len(a.Ratings), *a.Spread)
		}
		dc.paragraph(fmt.Sprintf("Score %s · %s", answerScore(a.Score), src), margin, dc.width())
		dc.font("", 9.5, ink)
		if choice := d.answerChoice(c.ID, qq); choice != "" {
			dc.font("I", 9.5, ink)
			dc.paragraph("Chose: "+choice, margin+4, dc.width()-4)
			dc.font("", 9.5, ink)
		}
		if text := d.answerText(c.ID, qq.Key); strings.TrimSpace(text) != "" {
			dc.paragraph(text, margin+4, dc.width()-4)
		} else if d.answerChoice(c.ID, qq) == "" {
			dc.font("I", 9.5, muted)
			dc.paragraph("No answer.", margin+4, dc.width()-4)
		}
		for _, s := range c.Signals {
			if s.Question != qq.Key {
				continue
			}
			col := greenInk
			if s.Kind == "red" {
				col = redInk
			}
			dc.font("", 8.5, col)
			dc.paragraph(fmt.Sprintf("%s signal · %s: “%s”", s.Kind, s.Label, oneLine(s.Matched)), margin+4, dc.width()-4)
		}
		for _, r := range a.Ratings {
			who := r.Name
			if who == "" {
				who = "Evaluator"
			}
			line := fmt.Sprintf("%s rated %.0f", oneLine(who), r.Score)
			if strings.TrimSpace(r.Note) != "" {
				line += ": " + r.Note
			}
			dc.font("", 8.5, muted)
			dc.paragraph(line, margin+4, dc.width()-4)
		}
		p.Ln(2.5)
	}
	return dc.write(w)
}

func answerScore(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f of 4", *v)
}
