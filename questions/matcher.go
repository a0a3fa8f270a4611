package questions

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
	// PhraseRequirement is a requirement cue ("without", "unless").
	PhraseRequirement
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

// compileMatcher gathers every phrase pattern of the questionnaire (signal
// rules, and with an evidence block its specifics, vagueness and negation
// words) into one set, so that a text is read once for all of them. The
// patterns have been checked to compile.
func (q *Questionnaire) compileMatcher() {
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
		add(PhraseRequirement, 0, e.Negation.RequirementCues)
		add(PhraseException, 0, e.Negation.Exceptions)
		add(PhraseClauseWord, 0, e.Negation.BoundaryWords)
	}
	q.phrases = compilePhrases(pats)
	q.phraseRefs = refs
}

// FindPhrases appends to dst every phrase of the questionnaire found in norm,
// a text normalised by NormalizeText, in no particular order. Matches are on
// word boundaries; a pattern may match at overlapping places. It reads the
// text once, in time linear in its length.
func (q *Questionnaire) FindPhrases(norm string, dst []PhraseHit) []PhraseHit {
	if q.phrases == nil {
		return dst
	}
	var buf [64]phraseHit
	for _, h := range q.phrases.find(norm, buf[:0]) {
		ref := q.phraseRefs[h.pattern]
		dst = append(dst, PhraseHit{Kind: ref.kind, Index: ref.index, Start: h.start, End: h.end})
	}
	return dst
}

// HasEvidence reports whether the questionnaire declares how to read answer
// texts for evidence.
func (q *Questionnaire) HasEvidence() bool { return q.Evidence != nil }
