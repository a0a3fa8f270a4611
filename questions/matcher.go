package questions

import (
	"regexp"
	"strings"
)

// PhraseKind says what a phrase found in a text is.
type PhraseKind uint8

const (
	// PhraseSignal is a signal rule's match; Index is into Signals.
	PhraseSignal PhraseKind = iota
	// PhraseSpecific is a specific; Index is into Evidence.Specifics.
	PhraseSpecific
	// PhraseVague is a vague phrase; Index is into Evidence.Vagueness.Cues.
	PhraseVague
	// PhraseNegation is a negation cue.
	PhraseNegation
	// PhraseNarrow is a negation cue of narrow scope ("instead of").
	PhraseNarrow
	// PhraseRequirement is a requirement cue ("without", "unless").
	PhraseRequirement
	// PhraseAfter is a negation that follows its match ("is not how we work").
	PhraseAfter
	// PhraseException is a phrase whose cue negates nothing ("not only").
	PhraseException
	// PhraseClauseWord is a word that starts a new clause ("but").
	PhraseClauseWord
)

// PhraseHit is one phrase found in a normalised text: Start and End are byte
// offsets into that text.
type PhraseHit struct {
	Kind       PhraseKind
	Index      int
	Start, End int
}

type phraseRef struct {
	kind  PhraseKind
	index int
}

// compileMatchers compiles the signal rules' patterns one by one and per
// rule, and gathers every phrase pattern of the questionnaire (signal rules,
// and with an evidence block its specifics, vagueness and negation words) into
// one set, so that a text is read once for all of them. The patterns have
// been checked to compile.
func (q *Questionnaire) compileMatchers(m *matchers) {
	m.compiled = map[string][]*regexp.Regexp{}
	m.combined = map[string]*regexp.Regexp{}
	m.prefixes = map[string][]string{}
	for _, s := range q.Signals {
		for _, pat := range s.Patterns {
			m.compiled[s.Key] = append(m.compiled[s.Key], regexp.MustCompile(boundedPattern(pat)))
		}
		if len(s.Patterns) > 0 {
			// One scan per rule instead of one per pattern: four times faster.
			m.combined[s.Key] = regexp.MustCompile(boundedPattern(strings.Join(s.Patterns, "|")))
			m.prefixes[s.Key] = prefilter(s.Patterns)
		}
	}
	var pats []string
	var refs []phraseRef
	add := func(kind PhraseKind, index int, ps []string) {
		for _, p := range ps {
			pats = append(pats, p)
			refs = append(refs, phraseRef{kind, index})
		}
	}
	for i, s := range q.Signals {
		add(PhraseSignal, i, s.Patterns)
	}
	if e := q.Evidence; e != nil {
		for i, c := range e.Specifics {
			add(PhraseSpecific, i, c.Patterns)
		}
		for i, c := range e.Vagueness.Cues {
			add(PhraseVague, i, c.Patterns)
		}
		add(PhraseNegation, 0, e.Negation.Cues)
		add(PhraseNarrow, 0, e.Negation.NarrowCues)
		add(PhraseRequirement, 0, e.Negation.RequirementCues)
		add(PhraseAfter, 0, e.Negation.AfterCues)
		add(PhraseException, 0, e.Negation.Exceptions)
		add(PhraseClauseWord, 0, e.Negation.BoundaryWords)
	}
	m.phrases = compilePhrases(pats)
	m.phraseRefs = refs
	m.concepts = q.compileConcepts()
}

// FindPhrases appends to dst every phrase of the questionnaire found in norm,
// a text normalised by NormalizeText, in no particular order. Matches are on
// word boundaries; a pattern may match at overlapping places. It reads the
// text once, in time linear in its length.
func (q *Questionnaire) FindPhrases(norm string, dst []PhraseHit) []PhraseHit {
	m := q.compiledMatchers()
	if m == nil {
		return dst
	}
	var buf [64]phraseHit
	for _, h := range m.phrases.find(norm, buf[:0]) {
		ref := m.phraseRefs[h.pattern]
		dst = append(dst, PhraseHit{Kind: ref.kind, Index: ref.index, Start: h.start, End: h.end})
	}
	return dst
}

// HasEvidence reports whether the questionnaire declares how to read answer
// texts for evidence.
func (q *Questionnaire) HasEvidence() bool { return q.Evidence != nil }
