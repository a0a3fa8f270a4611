package scoring

import (
	"slices"

	"mspeval/questions"
)

// ruleMatch is one match of a signal rule in a normalised text, from its
// patterns or its concept conjunctions, with the cue that negates it if any.
type ruleMatch struct {
	rule       int
	start, end int
	// parts are a concept match's words, for the reader to see why.
	parts   []questions.ConceptPart
	cue     span
	negated bool
}

// ruleMatches finds the matches of the rules that apply to questionKey in
// norm, and decides which are negated. Matches of one rule that overlap and
// agree on negation are joined, so that a pattern and a conjunction finding
// the same words (or two conjunctions) report them once.
func ruleMatches(q *questions.Questionnaire, questionKey, norm string, hits []questions.PhraseHit, neg *negator) []ruleMatch {
	applies := func(i int) bool {
		r := q.Signals[i]
		return len(r.Questions) == 0 || contains(r.Questions, questionKey)
	}
	concepts := q.FindConcepts(norm, hits, make([]questions.ConceptMatch, 0, 16))
	spans := mergedSpans(hits, questions.PhraseSignal, applies)
	out := make([]ruleMatch, 0, len(spans)+len(concepts))
	for _, sp := range spans {
		m := ruleMatch{rule: sp.index, start: sp.start, end: sp.end}
		m.cue, m.negated = neg.cueFor(sp.start, sp.end)
		if !m.negated {
			m.cue, m.negated = neg.insideCue(q, sp, norm)
		}
		out = append(out, m)
	}
	for _, cm := range concepts {
		if !applies(cm.Signal) {
			continue
		}
		m := ruleMatch{rule: cm.Signal, start: cm.Start, end: cm.End, parts: cm.Parts}
		m.cue, m.negated = neg.conceptCue(cm)
		out = append(out, m)
	}
	if len(out) < 2 {
		return out
	}
	slices.SortStableFunc(out, func(a, b ruleMatch) int {
		if a.rule != b.rule {
			return a.rule - b.rule
		}
		return a.start - b.start
	})
	joined := out[:1]
	for _, m := range out[1:] {
		last := &joined[len(joined)-1]
		if m.rule == last.rule && m.negated == last.negated && m.start < last.end {
			last.end = max(last.end, m.end)
			last.parts = joinParts(last.parts, m.parts)
			continue
		}
		joined = append(joined, m)
	}
	return joined
}

// joinParts merges two matches' parts in text order, each words once; a
// without copying when b adds nothing.
func joinParts(a, b []questions.ConceptPart) []questions.ConceptPart {
	var out []questions.ConceptPart
	for _, p := range b {
		if slices.Contains(a, p) || slices.Contains(out, p) {
			continue
		}
		if out == nil {
			out = append(make([]questions.ConceptPart, 0, len(a)+len(b)), a...)
		}
		out = append(out, p)
	}
	if out == nil {
		return a
	}
	slices.SortStableFunc(out, func(x, y questions.ConceptPart) int { return x.Start - y.Start })
	return out
}
