package report

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"mspeval/scoring"
)

// The executive summary says in a few sentences what the rest of the report
// shows: whom the scores recommend and by how much, how firm that is, and what
// speaks against. It only restates the scoring result; it decides nothing.

// summaryItem is one labelled part of the executive summary.
type summaryItem struct {
	label string
	text  string
}

// executiveSummary writes the summary on the first page.
func executiveSummary(dc *doc, d *Data) {
	items := summaryItems(d)
	dc.heading("Executive summary", 40)
	labelW := 30.0
	for _, it := range items {
		dc.font("", 9.5, ink)
		lines := dc.lines(clean(it.text), dc.width()-labelW)
		lh := dc.lineH()
		dc.room(float64(keepLines(0, len(lines))) * lh)
		dc.font("B", 9, muted)
		dc.pdf.SetX(margin)
		dc.pdf.CellFormat(labelW, lh, it.label, "", 0, "L", false, 0, "")
		style := ""
		if it.label == "Recommended" {
			style = "B"
		}
		dc.font(style, 9.5, ink)
		for i, line := range lines {
			if i > 0 {
				dc.room(float64(keepLines(i, len(lines))) * lh)
			}
			dc.pdf.SetX(margin + labelW)
			dc.pdf.CellFormat(dc.width()-labelW, lh, line, "", 1, "L", false, 0, "")
		}
		dc.pdf.Ln(1)
	}
	dc.pdf.Ln(2)
}

// summaryItems are the summary's parts, in the order a reader asks them.
func summaryItems(d *Data) []summaryItem {
	cs := d.Result.Candidates
	if len(cs) == 0 {
		return []summaryItem{{"Recommended", "No candidate yet: add candidates and their answers to compare them."}}
	}
	items := []summaryItem{{"Recommended", recommendation(d)}}
	if m := lead(d); m != "" {
		items = append(items, summaryItem{"Margin", m})
	}
	items = append(items,
		// The comparison page's own sentence, so that the PDF and the page agree.
		summaryItem{"Sensitivity", oneLine(scoring.LeaderSentence(d.Result))},
		summaryItem{"Confidence", confidence(d)},
		summaryItem{"Knockouts", knockoutSummary(d)},
		summaryItem{"Flags", flagSummary(d)},
		summaryItem{"Ratings", ratingSummary(d)},
	)
	return items
}

// recommendation names the candidate the scores put first, or says why none
// stands out.
func recommendation(d *Data) string {
	cs := d.Result.Candidates
	top := cs[0]
	name := oneLine(top.Name)
	switch {
	case top.Overall == nil:
		return "None yet: no answer is scored, so the candidates cannot be compared."
	case top.Tied:
		return "None on the scores alone: " + andNames(tiedForFirst(cs)) +
			" are tied for first. Decide between them on the flags and the answers."
	case len(top.Knockouts) > 0:
		return "None without reservation: every candidate has a knockout. " + name + " ranks first among them."
	}
	text := name
	if st := d.Candidates[top.ID].Status; st != "submitted" {
		text += " (its answers are not submitted yet: " + strings.ReplaceAll(st, "_", " ") + ")"
	}
	return text + ", with an overall score of " + score(top.Overall) + " out of 100."
}

// lead is the margin over the next candidate; "" with one candidate.
func lead(d *Data) string {
	cs := d.Result.Candidates
	if len(cs) < 2 || cs[0].Overall == nil {
		return ""
	}
	top, next := cs[0], cs[1]
	if top.Tied {
		return fmt.Sprintf("Overall scores within %s points of each other count as a tie.", trimPoints(d.Result.TieTolerance))
	}
	if next.Overall == nil {
		return fmt.Sprintf("%s, ranked second, has no answer scored.", oneLine(next.Name))
	}
	gap := *top.Overall - *next.Overall
	text := fmt.Sprintf("%.1f points ahead of %s (%s against %s).", gap, oneLine(next.Name), score(top.Overall), score(next.Overall))
	if gap < 0 {
		// A candidate with a knockout may score higher and still rank lower.
		text = fmt.Sprintf("%s scores %.1f points more (%s against %s) but ranks lower because of a knockout.",
			oneLine(next.Name), -gap, score(next.Overall), score(top.Overall))
	}
	return text
}

func trimPoints(v float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", v), ".0") }

// tiedForFirst names the candidates that share the first rank.
func tiedForFirst(cs []scoring.CandidateResult) []string {
	var names []string
	for _, c := range cs {
		if c.Rank == cs[0].Rank {
			names = append(names, oneLine(c.Name))
		}
	}
	return names
}

// confidence says how much of the questionnaire the leaders' scores rest on.
func confidence(d *Data) string {
	var parts []string
	for _, c := range d.Result.Candidates[:min(2, len(d.Result.Candidates))] {
		part := fmt.Sprintf("%s: %s, %s of the questionnaire scored", oneLine(c.Name), c.ConfidenceLevel, percent(c.Coverage))
		if c.ProvisionalShare > 0 {
			part += fmt.Sprintf(" (%s of it provisional, from the texts before any evaluator rated them)", percent(c.ProvisionalShare))
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ") + "."
}

// knockoutSummary lists who fell under a question's minimum, and where.
func knockoutSummary(d *Data) string {
	var parts []string
	shown, more := 0, 0
	for _, c := range d.Result.Candidates {
		if len(c.Knockouts) == 0 {
			continue
		}
		if shown == 3 {
			more++
			continue
		}
		shown++
		var qs []string
		for _, k := range c.Knockouts {
			qs = append(qs, d.questionRef(k.Question))
		}
		parts = append(parts, oneLine(c.Name)+" on "+andNames(qs))
	}
	if len(parts) == 0 {
		return "None: no candidate fell under a question's minimum."
	}
	text := strings.Join(parts, "; ")
	if more > 0 {
		text += fmt.Sprintf("; and %d more candidates", more)
	}
	return text + ". A candidate with a knockout ranks below every candidate without one; the ranking page gives the reasons."
}

// flagSummary counts what speaks against the leaders, and where to read it.
func flagSummary(d *Data) string {
	var parts []string
	disagreements := 0
	for i, c := range d.Result.Candidates {
		disagreements += len(c.Disagreements)
		if i >= 3 {
			continue
		}
		part := fmt.Sprintf("%s: %s, %s", oneLine(c.Name), count(c.RedFlags, "red flag", "red flags"),
			count(len(c.Contradictions), "contradiction", "contradictions"))
		if c.TextEvidence.SaysRightThings {
			part += ", picks top options its texts do not back up"
		}
		parts = append(parts, part)
	}
	text := strings.Join(parts, "; ") + "."
	if n := len(d.Result.Candidates); n > 3 {
		text += fmt.Sprintf(" The other %d candidates are in the flags pages.", n-3)
	}
	if disagreements > 0 {
		text += fmt.Sprintf(" The evaluators disagree by 2 points or more on %s: discuss before deciding.",
			count(disagreements, "answer", "answers"))
	}
	return text + " Red flags are words the guide warns about; they never change a score."
}

// ratingSummary names the evaluators and when they last rated.
func ratingSummary(d *Data) string {
	names := []string{}
	seen := map[string]bool{}
	answers := 0
	var last Rater
	for _, c := range d.Result.Candidates {
		for _, r := range d.Candidates[c.ID].Raters {
			if !seen[r.Name] {
				seen[r.Name] = true
				names = append(names, oneLine(r.Name))
			}
			answers += r.Answers
			if r.Last.After(last.Last) {
				last = r
			}
		}
	}
	if len(names) == 0 {
		return "No evaluator has rated an answer yet: the scores come from the options the candidates chose" +
			provisionalClause(d) + "."
	}
	return fmt.Sprintf("%s gave %s, the last on %s; the answers nobody rated score by the option chosen%s. "+
		"Who rated which candidate is on the evaluators page.",
		andNames(names), count(answers, "rating", "ratings"), d.Dates.Day(last.Last), provisionalClause(d))
}

func provisionalClause(d *Data) string {
	if d.Result.TextScoring {
		return " or, provisionally, by what the texts show"
	}
	return ""
}

// questionRef names a question as readers find it in the report: its number
// and its prompt, never its key.
func (d *Data) questionRef(key string) string {
	for i, qq := range d.Questionnaire.Questions() {
		if qq.Key == key {
			return fmt.Sprintf("question %d, “%s”", i+1, flat(qq.Prompt))
		}
	}
	return "a question no longer in the questionnaire"
}

// knockoutReason says in words why a candidate is knocked out: the question,
// what it answered, the score against the minimum, and the questionnaire's
// reason for the minimum.
func (d *Data) knockoutReason(candidateID string, k scoring.Knockout) string {
	sc := "its score is withheld until you rate the answer"
	if k.Score != nil {
		sc = fmt.Sprintf("scored %.1f", *k.Score)
		if k.Provisional {
			sc += " (provisional, from the text)"
		}
	}
	return fmt.Sprintf("%s: answered %s; %s, under the minimum of %d. %s", sentence(d.questionRef(k.Question)),
		d.answerQuote(candidateID, k.Question), sc, k.MinScore, flat(k.Reason))
}

// answerQuote is an answer in words, short enough for a sentence: the chosen
// option, or the start of the text.
func (d *Data) answerQuote(candidateID, key string) string {
	qq, ok := d.Questionnaire.Question(key)
	if !ok {
		return "nothing"
	}
	if choice := d.answerChoice(candidateID, qq); choice != "" {
		return "“" + flat(choice) + "”"
	}
	if text := flat(d.answerText(candidateID, key)); text != "" {
		return "“" + shorten(text, 160) + "”"
	}
	return "nothing"
}

// shorten cuts text at a word to at most n characters, marking the cut.
func shorten(text string, n int) string {
	if utf8.RuneCountInString(text) <= n {
		return text
	}
	r := []rune(text)[:n]
	cut := strings.LastIndex(string(r), " ")
	if cut < n/2 {
		cut = len(string(r))
	}
	return strings.TrimRight(string(r)[:cut], " ,.;:") + " …"
}

// sentence capitalises the first letter of a phrase.
func sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	if size == 0 {
		return s
	}
	return strings.ToUpper(string(r)) + s[size:]
}

// andNames joins names as "A, B and C".
func andNames(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// count writes "1 red flag", "no red flags" or "3 red flags".
func count(n int, one, many string) string {
	switch n {
	case 0:
		return "no " + many
	case 1:
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// knockoutsOnRanking gives each knockout's reason under the ranking, by
// candidate in rank order.
func knockoutsOnRanking(dc *doc, d *Data) {
	first := true
	for _, c := range d.Result.Candidates {
		if len(c.Knockouts) == 0 {
			continue
		}
		if first {
			dc.subheading("Knockouts", 25)
			first = false
		}
		dc.font("B", 9, ink)
		dc.room(3 * dc.lineH())
		dc.paragraph(fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), margin, dc.width())
		var items []flagItem
		for _, k := range c.Knockouts {
			items = append(items, flagItem{kind: "Knockout", colour: redInk, text: d.knockoutReason(c.ID, k)})
		}
		dc.flagList(items)
		dc.pdf.Ln(1)
	}
	if !first {
		dc.pdf.Ln(2)
	}
}
