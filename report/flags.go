package report

import (
	"fmt"
	"strings"

	"mspeval/scoring"
)

func flags(dc *doc, d *Data) {
	dc.page("P")
	dc.heading("Flags, contradictions and notes", 20)
	any := false
	number := questionNumbers(d)
	for _, c := range d.Result.Candidates {
		var items []flagItem
		for _, k := range c.Knockouts {
			items = append(items, flagItem{kind: "Knockout", colour: redInk, text: d.knockoutReason(c.ID, k)})
		}
		for _, ct := range c.Contradictions {
			items = append(items, flagItem{kind: "Contradiction", colour: redInk,
				text: fmt.Sprintf("%s — chose “%s” but wrote: “%s”", sentence(d.questionRef(ct.Question)), oneLine(ct.OptionLabel), oneLine(ct.Quote))})
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
			items = append(items, flagItem{kind: "Disagreement", colour: muted, text: disagreement(c, q, sentence(d.questionRef(q)))})
		}
		for _, note := range notes(c, number) {
			items = append(items, flagItem{kind: "Evaluator note", colour: muted, text: note})
		}
		if len(items) == 0 {
			continue
		}
		any = true
		dc.subheading(fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), 12)
		dc.flagList(items)
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

// flagList writes labelled items (a kind in colour, then the text), none
// split so that a line stands alone on a page, the last not alone on its page.
func (dc *doc) flagList(items []flagItem) {
	bs := make([]block, len(items))
	for i, it := range items {
		bs[i] = dc.flagBlock(it)
	}
	dc.blocks(bs)
}

// flagBlock lays out one item: its kind beside the first line of its text.
func (dc *doc) flagBlock(it flagItem) block {
	const labelW = 28.0
	b := block{after: 0.8}
	dc.add(&b, it.text, "", 9, ink, margin+labelW, dc.width()-labelW)
	if len(b.lines) > 0 {
		b.lines[0].tag, b.lines[0].tagInk = it.kind, it.colour
	}
	return b
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
