package scoring

import (
	"sort"
	"strings"

	"mspeval/questions"
)

// Evidence is what one answer text shows, read by the questionnaire's rules:
// the signals (negated ones kept, but marked), the specifics, the vague
// phrases, and the suggested rating with the reasons for it. It is the same
// for the same questionnaire version, question and text.
type Evidence struct {
	Question string `json:"question"`
	// Words is the text's length in words.
	Words int `json:"words"`
	// Signals lists every rule match in text order; a negated one carries the
	// cue that negates it and counts only as its rule's declared meaning.
	Signals []SignalMatch `json:"signals"`
	// Counted is what the text counts as: the matches that are not negated,
	// and the negated ones that count as another rule (NegationOf set).
	Counted   []SignalMatch    `json:"counted"`
	Specifics []EvidencePhrase `json:"specifics"`
	Vague     []EvidencePhrase `json:"vague"`

	// The counts the suggested rating is computed from.
	SpecificCategories int  `json:"specific_categories"`
	GreenRules         int  `json:"green_rules"`
	RedRules           int  `json:"red_rules"`
	VaguePhrases       int  `json:"vague_phrases"`
	Short              bool `json:"short"`
	// Suggested is the suggested rating, 0 to 4; nil when the questionnaire
	// declares no evidence or the text is empty.
	Suggested *float64 `json:"suggested"`
	// Formula is the suggested rating's arithmetic, to check by hand.
	Formula string `json:"formula,omitempty"`
	// Reasons say in words what raised or lowered the suggested rating.
	Reasons []string `json:"reasons"`
}

// EvidencePhrase is a specific or a vague phrase found in a text. Start and
// End are byte offsets into the answer's text; Matched is the text between.
type EvidencePhrase struct {
	Category string `json:"category"`
	Label    string `json:"label"`
	Matched  string `json:"matched"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	// Negated is the cue that negates the phrase ("no RACI"); a negated
	// phrase counts for nothing.
	Negated string `json:"negated,omitempty"`
}

// HasSpecifics reports whether the text holds at least one specific that is
// not negated.
func (e *Evidence) HasSpecifics() bool { return e != nil && e.SpecificCategories > 0 }

// AssessText reads one answer text with the questionnaire's rules. Without an
// evidence block it only finds signals, as version 1 questionnaires always
// did; with one it also applies negation, finds specifics and vagueness and
// suggests a rating. It reads the text once, in time linear in its length.
func AssessText(q *questions.Questionnaire, questionKey, text string) Evidence {
	ev := Evidence{Question: questionKey, Signals: []SignalMatch{}, Counted: []SignalMatch{},
		Specifics: []EvidencePhrase{}, Vague: []EvidencePhrase{}, Reasons: []string{}}
	if strings.TrimSpace(text) == "" {
		return ev
	}
	norm, offsets := normalize(text)
	hits := q.FindPhrases(norm, make([]questions.PhraseHit, 0, 32))
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		if a.Index != b.Index {
			return a.Index < b.Index
		}
		return a.End > b.End
	})
	orig := func(s, e int) (int, int, string) {
		os, oe := offsets[s], offsets[e]
		return os, oe, text[os:oe]
	}
	neg := newNegator(q.Evidence, norm, hits)
	cueText := func(c span) string { _, _, t := orig(c.start, c.end); return t }

	for _, sp := range mergedSpans(hits, questions.PhraseSignal, func(i int) bool {
		r := q.Signals[i]
		return len(r.Questions) == 0 || contains(r.Questions, questionKey)
	}) {
		rule := q.Signals[sp.index]
		s, e, matched := orig(sp.start, sp.end)
		m := SignalMatch{Rule: rule.Key, Label: rule.Label, Kind: string(rule.Kind), Dimension: rule.Dimension,
			Question: questionKey, Matched: matched, Start: s, End: e}
		cue, negated := neg.cueFor(sp.start)
		if !negated {
			ev.Signals = append(ev.Signals, m)
			ev.Counted = append(ev.Counted, m)
			continue
		}
		m.Negated = cueText(cue)
		m.CueStart, m.CueEnd = offsets[cue.start], offsets[cue.end]
		if rule.Negated != nil && rule.Negated.CountsAs != "" {
			m.CountsAs = rule.Negated.CountsAs
			if as, ok := signalRule(q, m.CountsAs); ok {
				cs, ce, cm := orig(cue.start, sp.end)
				ev.Counted = append(ev.Counted, SignalMatch{Rule: as.Key, Label: as.Label, Kind: string(as.Kind),
					Dimension: as.Dimension, Question: questionKey, Matched: cm, Start: cs, End: ce, NegationOf: rule.Key})
			}
		}
		ev.Signals = append(ev.Signals, m)
	}
	sortMatches(ev.Signals)
	ev.Counted = mergeCounted(ev.Counted, text)

	if e := q.Evidence; e != nil {
		phrases := func(kind questions.PhraseKind, cats []questions.EvidenceCategory) []EvidencePhrase {
			out := []EvidencePhrase{}
			for _, sp := range mergedSpans(hits, kind, nil) {
				s, e, matched := orig(sp.start, sp.end)
				p := EvidencePhrase{Category: cats[sp.index].Key, Label: cats[sp.index].Label, Matched: matched, Start: s, End: e}
				if cue, negated := neg.cueFor(sp.start); negated {
					p.Negated = cueText(cue)
				}
				out = append(out, p)
			}
			sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
			return out
		}
		ev.Specifics = phrases(questions.PhraseSpecific, e.Specifics)
		ev.Vague = phrases(questions.PhraseVague, e.Vagueness.Cues)
		ev.Words = countWords(norm)
		suggest(&ev, e.Rating)
	}
	return ev
}

// span is a phrase's place in the normalised text, with its rule or category.
type span struct {
	index      int
	start, end int
}

// mergedSpans returns the hits of one kind, per rule or category, with
// overlapping hits of the same one joined: two patterns of a rule matching the
// same words report them once. keep, when set, filters by index.
func mergedSpans(hits []questions.PhraseHit, kind questions.PhraseKind, keep func(int) bool) []span {
	var out []span
	last := map[int]int{} // index -> position in out of its latest span
	for _, h := range hits {
		if h.Kind != kind || keep != nil && !keep(h.Index) {
			continue
		}
		if at, ok := last[h.Index]; ok && h.Start < out[at].end {
			out[at].end = max(out[at].end, h.End)
			continue
		}
		last[h.Index] = len(out)
		out = append(out, span{h.Index, h.Start, h.End})
	}
	return out
}

// mergeCounted joins overlapping counted matches of one rule (a negated
// "exit fees" counted as no_lock_in next to a direct "no exit fees"), in text
// order.
func mergeCounted(ms []SignalMatch, text string) []SignalMatch {
	sortMatches(ms)
	out := ms[:0]
	for _, m := range ms {
		merged := false
		for i := len(out) - 1; i >= 0; i-- {
			o := &out[i]
			if o.Rule == m.Rule && m.Start < o.End {
				if m.End > o.End {
					o.End = m.End
					o.Matched = text[o.Start:o.End]
				}
				if m.NegationOf == "" {
					o.NegationOf = ""
				}
				merged = true
				break
			}
		}
		if !merged {
			out = append(out, m)
		}
	}
	return out
}

func sortMatches(ms []SignalMatch) {
	sort.SliceStable(ms, func(i, j int) bool {
		if ms[i].Start != ms[j].Start {
			return ms[i].Start < ms[j].Start
		}
		return ms[i].Rule < ms[j].Rule
	})
}

func signalRule(q *questions.Questionnaire, key string) (questions.SignalRule, bool) {
	for _, s := range q.Signals {
		if s.Key == key {
			return s, true
		}
	}
	return questions.SignalRule{}, false
}

// countWords counts runs of letters and digits; an apostrophe or hyphen
// between two of them ("don't", "co-managed") does not split a word.
func countWords(norm string) int {
	n := 0
	in := false
	rs := []rune(norm)
	for i, r := range rs {
		switch {
		case questions.IsWordRune(r):
			if !in {
				n++
			}
			in = true
		case (r == '\'' || r == '-') && in && i+1 < len(rs) && questions.IsWordRune(rs[i+1]):
			// stays in the word
		default:
			in = false
		}
	}
	return n
}
