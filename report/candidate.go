package report

import (
	"fmt"
	"io"
	"strings"

	"mspeval/questions"
	"mspeval/scoring"
)

// CandidatePDF writes one candidate in depth: its scores, its contact, when
// it submitted and who rated it, its flags, the history of its links, and
// every question with the answer in full, the score and where it came from,
// the ratings and notes, and the signals found.
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
	candidateHead(dc, d, c)
	candidateFlags(dc, d, c)
	linkHistory(dc, d, c.ID)

	dc.heading("Answers", 30)
	var qs []block
	for qi, qq := range d.Questionnaire.Questions() {
		qs = append(qs, dc.answerBlock(d, c, qi, qq))
	}
	dc.blocks(qs)
	return dc.write(w)
}

// candidateHead is the candidate's name and standing, its contact and
// ratings, and its dimension scores.
func candidateHead(dc *doc, d *Data, c *scoring.CandidateResult) {
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
	contactFacts(dc, d, c.ID)

	var rows [][]cell
	for i, ds := range c.Dimensions {
		col := dimColour[i%len(dimColour)]
		name := scoring.DimensionLabel(d.dimensionName(ds.Key), ds.HigherIsWorse)
		rows = append(rows, []cell{{text: name, style: "B", ink: &col}, {text: score(ds.Score), style: "B"},
			{text: percent(ds.Coverage)}, {text: fmt.Sprintf("%.0f %%", d.Result.Weights[ds.Key])}})
	}
	dc.table([]column{{"Dimension", 0.4, "L"}, {"Score", 0.2, "R"}, {"Coverage", 0.2, "R"}, {"Weight", 0.2, "R"}}, rows, 10)
}

// candidateFlags lists the candidate's knockouts, contradictions and signals.
func candidateFlags(dc *doc, d *Data, c *scoring.CandidateResult) {
	if len(c.Knockouts)+len(c.Contradictions)+c.RedFlags == 0 {
		return
	}
	dc.subheading("Flags", 12)
	var items []flagItem
	for _, k := range c.Knockouts {
		items = append(items, flagItem{kind: "Knockout", colour: redInk, text: d.knockoutReason(c.ID, k)})
	}
	for _, ct := range c.Contradictions {
		items = append(items, flagItem{kind: "Contradiction", colour: redInk,
			text: fmt.Sprintf("%s — chose “%s” but wrote: “%s”", sentence(d.questionRef(ct.Question)), oneLine(ct.OptionLabel), oneLine(ct.Quote))})
	}
	if te := c.TextEvidence; te.SaysRightThings {
		items = append(items, flagItem{kind: "Says the right things", colour: redInk, text: te.Note + ": the texts do not back up the options picked."})
	}
	for _, s := range signalQuotes(*c, questionNumbers(d), "red") {
		items = append(items, flagItem{kind: "Red flag", colour: redInk, text: s})
	}
	for _, s := range signalQuotes(*c, questionNumbers(d), "green") {
		items = append(items, flagItem{kind: "Green signal", colour: greenInk, text: s})
	}
	dc.flagList(items)
	dc.pdf.Ln(2)
}

func answerScore(v *float64) string {
	if v == nil {
		return "–"
	}
	return fmt.Sprintf("%.1f of 4", *v)
}

// answerBlock is one question as the candidate report shows it: the prompt,
// the score and its source, the answer, the signals found and the ratings.
// The prompt stays with the score line and the answer's first two lines.
func (dc *doc) answerBlock(d *Data, c *scoring.CandidateResult, qi int, qq *questions.Question) block {
	a := c.Answers[qi]
	b := block{after: 2.5}
	w, indent := dc.width(), margin+4
	dc.add(&b, fmt.Sprintf("%d. %s", qi+1, oneLine(qq.Prompt)), "B", 10, ink, margin, w)
	if a.Source == scoring.SourceNotAsked {
		dc.add(&b, "Not asked: not shown to this candidate, who was not scored or counted on it.", "", 8.5, muted, margin, w)
		if when := d.Questionnaire.ShownWhen(qq.Key); when != "" {
			dc.add(&b, sentence(when)+".", "I", 9.5, muted, indent, w-4)
		}
		b.keep = len(b.lines)
		return b
	}
	src := a.Source
	if a.Source == scoring.SourceConsensus && a.Spread != nil {
		src = fmt.Sprintf("consensus of %d ratings, spread %.0f", len(a.Ratings), *a.Spread)
	}
	line := fmt.Sprintf("Score %s · %s", answerScore(a.Score), src)
	if a.Score == nil {
		line = "Score – (not scored: a text that no evaluator has rated yet)"
		if a.Source == scoring.SourceUnanswered {
			line = "Score – (not scored: no answer)"
		}
	}
	dc.add(&b, line, "", 8.5, muted, margin, w)
	b.keep = len(b.lines) + 2
	choice := d.answerChoice(c.ID, qq)
	if f := d.attachedFile(c.ID, qq); f != nil {
		dc.add(&b, "Attached file: "+oneLine(f.Describe()), "I", 9.5, ink, indent, w-4)
	} else if choice != "" {
		dc.add(&b, "Chose: "+choice, "I", 9.5, ink, indent, w-4)
	}
	if text := d.answerText(c.ID, qq.Key); strings.TrimSpace(text) != "" {
		dc.add(&b, text, "", 9.5, ink, indent, w-4)
	} else if choice == "" {
		dc.add(&b, "No answer.", "I", 9.5, muted, indent, w-4)
	}
	for _, s := range c.Signals {
		if s.Question != qq.Key {
			continue
		}
		col := greenInk
		if s.Kind == "red" {
			col = redInk
		}
		dc.add(&b, fmt.Sprintf("%s signal · %s: “%s”", s.Kind, s.Label, oneLine(s.Matched)), "", 8.5, col, indent, w-4)
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
		dc.add(&b, line, "", 8.5, muted, indent, w-4)
	}
	return b
}
