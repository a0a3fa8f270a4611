package scoring

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

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
	Signals []EvidenceSignal `json:"signals"`
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

	// id names the evidence in its cache (0 outside one).
	id uint64
	// disputes holds, by option key, the contradictions the text raises
	// against choosing that option, worked out once with the text.
	disputes map[string][]Contradiction
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
	ev := Evidence{Question: questionKey, Signals: []EvidenceSignal{}, Counted: []SignalMatch{},
		Specifics: []EvidencePhrase{}, Vague: []EvidencePhrase{}, Reasons: []string{}}
	if strings.TrimSpace(text) == "" {
		return ev
	}
	norm, offsets := normalize(text)
	hits := q.FindPhrases(norm, make([]questions.PhraseHit, 0, 32))
	slices.SortFunc(hits, func(a, b questions.PhraseHit) int {
		if a.Start != b.Start {
			return a.Start - b.Start
		}
		if a.Kind != b.Kind {
			return int(a.Kind) - int(b.Kind)
		}
		if a.Index != b.Index {
			return a.Index - b.Index
		}
		return b.End - a.End
	})
	orig := func(s, e int) (int, int, string) {
		os, oe := int(offsets[s]), int(offsets[e])
		return os, oe, text[os:oe]
	}
	neg := newNegator(q.Evidence, norm, hits)
	cueText := func(c span) string { _, _, t := orig(c.start, c.end); return t }

	rms := ruleMatches(q, questionKey, norm, hits, neg)
	// Sized once: a signal is a large value, and a text often holds many.
	ev.Signals = make([]EvidenceSignal, 0, len(rms))
	ev.Counted = make([]SignalMatch, 0, len(rms))
	for _, rm := range rms {
		rule := q.Signals[rm.rule]
		s, e, matched := orig(rm.start, rm.end)
		m := SignalMatch{Rule: rule.Key, Label: rule.Label, Kind: string(rule.Kind), Dimension: rule.Dimension,
			Question: questionKey, Matched: matched, Start: s, End: e}
		es := EvidenceSignal{SignalMatch: m}
		if len(rm.parts) > 0 {
			es.Parts = make([]MatchPart, 0, len(rm.parts))
		}
		for _, p := range rm.parts {
			ps, pe, pm := orig(p.Start, p.End)
			es.Parts = append(es.Parts, MatchPart{Concept: p.Concept, Matched: pm, Start: ps, End: pe})
		}
		if !rm.negated {
			ev.Signals = append(ev.Signals, es)
			ev.Counted = append(ev.Counted, m)
			continue
		}
		cue := rm.cue
		es.Negated, es.CueStart, es.CueEnd = cueText(cue), int(offsets[cue.start]), int(offsets[cue.end])
		if rule.Negated != nil && rule.Negated.CountsAs != "" {
			es.CountsAs = rule.Negated.CountsAs
			if as, ok := signalRule(q, es.CountsAs); ok {
				// From the cue to the match, or the match to an after-cue.
				cs, ce, cm := orig(min(cue.start, rm.start), max(cue.end, rm.end))
				ev.Counted = append(ev.Counted, SignalMatch{Rule: as.Key, Label: as.Label, Kind: string(as.Kind),
					Dimension: as.Dimension, Question: questionKey, Matched: cm, Start: cs, End: ce, NegationOf: rule.Key})
			}
		}
		ev.Signals = append(ev.Signals, es)
	}
	sort.SliceStable(ev.Signals, func(i, j int) bool {
		a, b := &ev.Signals[i], &ev.Signals[j]
		if a.Start != b.Start {
			return a.Start < b.Start
		}
		return a.Rule < b.Rule
	})
	ev.Counted = mergeCounted(ev.Counted, text)
	if qq, ok := q.Question(questionKey); ok {
		ev.disputes = disputesOf(qq, text, ev.Counted)
	}

	if e := q.Evidence; e != nil {
		phrases := func(kind questions.PhraseKind, cats []questions.EvidenceCategory) []EvidencePhrase {
			out := []EvidencePhrase{}
			for _, sp := range mergedSpans(hits, kind, nil) {
				s, e, matched := orig(sp.start, sp.end)
				p := EvidencePhrase{Category: cats[sp.index].Key, Label: cats[sp.index].Label, Matched: matched, Start: s, End: e}
				if cue, negated := neg.cueFor(sp.start, sp.end); negated {
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
next:
	for _, h := range hits {
		if h.Kind != kind || keep != nil && !keep(h.Index) {
			continue
		}
		// The latest span of the same rule, if this hit overlaps it.
		for k := len(out) - 1; k >= 0; k-- {
			if out[k].index == h.Index {
				if h.Start < out[k].end {
					out[k].end = max(out[k].end, h.End)
					continue next
				}
				break
			}
		}
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
	for i := 0; i < len(norm); {
		r, size := utf8.DecodeRuneInString(norm[i:])
		i += size
		switch {
		case questions.IsWordRune(r):
			if !in {
				n++
			}
			in = true
		case (r == '\'' || r == '-') && in:
			next, _ := utf8.DecodeRuneInString(norm[i:])
			in = questions.IsWordRune(next)
		default:
			in = false
		}
	}
	return n
}
