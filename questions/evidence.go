package questions

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Evidence says how an answer's text is read for evidence: which words negate
// a signal, which phrases are specifics and which are vague, and the formula
// that turns what is found into a suggested rating. It is data in the
// questionnaire file so that a buyer can read, and a questionnaire author
// change, every step. A questionnaire without it gets no text evidence.
type Evidence struct {
	Negation Negation `yaml:"negation" json:"negation"`
	// Concepts are concept groups shared by the signal rules' conjunctions,
	// by name ("PROVIDER": we, our team, our engineers ...).
	Concepts map[string][]string `yaml:"concepts,omitempty" json:"concepts,omitempty"`
	// SentenceEnds are the characters that end a sentence for a conjunction
	// of sentence scope (a colon may only end a clause: "success is simple:
	// every SLA met" is one idea); empty, the negation boundaries.
	SentenceEnds string             `yaml:"sentence_ends,omitempty" json:"sentence_ends,omitempty"`
	Specifics    []EvidenceCategory `yaml:"specifics" json:"specifics"`
	Vagueness    Vagueness          `yaml:"vagueness" json:"vagueness"`
	Rating       RatingFormula      `yaml:"rating" json:"rating"`
}

// Negation decides when a signal's match is negated ("we never rip and
// replace"): a cue must come before the match in the same clause, at most
// MaxWords words before it.
type Negation struct {
	// Cues are patterns that negate a match that follows them.
	Cues []string `yaml:"cues" json:"cues"`
	// NarrowCues ("rather than", "instead of") negate only the phrase right
	// after them: a match at most NarrowWords words after one. "Instead of
	// meetings, we send a report" does not negate the report.
	NarrowCues  []string `yaml:"narrow_cues" json:"narrow_cues,omitempty"`
	NarrowWords int      `yaml:"narrow_words" json:"narrow_words"`
	// RequirementCues ("without", "unless") negate like any cue, but after
	// another cue in the same clause they state a requirement instead:
	// "nothing changes without a written change request" asks for the request.
	RequirementCues []string `yaml:"requirement_cues" json:"requirement_cues,omitempty"`
	// AfterCues negate a match they follow at most AfterWords words later, in
	// the same clause: "rip and replace is not how we work", "exit fees do not
	// apply". Write them whole, so that they cannot catch "is not included".
	AfterCues  []string `yaml:"after_cues" json:"after_cues,omitempty"`
	AfterWords int      `yaml:"after_words" json:"after_words"`
	// Exceptions are phrases that hold a cue but negate nothing ("not only",
	// "no later than", "never skip"). A cue inside one is no cue, unless the
	// exception runs into the match itself ("not only at renewal").
	Exceptions []string `yaml:"exceptions" json:"exceptions,omitempty"`
	// MaxWords is the most words between the cue and the match.
	MaxWords int `yaml:"max_words" json:"max_words"`
	// Boundaries are the characters that end a clause.
	Boundaries string `yaml:"boundaries" json:"boundaries"`
	// ListSeparators end a clause too, unless what lies between one and the
	// match is the rest of a list: nothing (", termination charges"), or at
	// most ListWords words ending in one of ListJoiners (", or minimum
	// terms", ", minimum terms or termination charges"). A separator followed
	// by one of ClauseStarts ("we", "you") always ends the clause. The count
	// of words from the cue starts again at each list separator.
	ListSeparators string   `yaml:"list_separators" json:"list_separators"`
	ListWords      int      `yaml:"list_words" json:"list_words"`
	ListJoiners    []string `yaml:"list_joiners" json:"list_joiners"`
	ClauseStarts   []string `yaml:"clause_starts" json:"clause_starts"`
	// BoundaryWords start a new clause ("but", "however").
	BoundaryWords []string `yaml:"boundary_words" json:"boundary_words"`
}

// EvidenceCategory is a named family of phrases: a kind of specific (a named
// role, a time limit) or a kind of vagueness (a generic claim).
type EvidenceCategory struct {
	Key      string   `yaml:"key" json:"key"`
	Label    string   `yaml:"label" json:"label"`
	Patterns []string `yaml:"patterns" json:"patterns"`
}

// Vagueness lists the phrases that promise without a mechanism: comfort
// phrases, generic claims, hedges. (A very short answer is the rating
// formula's ShortWords.)
type Vagueness struct {
	Cues []EvidenceCategory `yaml:"cues" json:"cues"`
}

// RatingFormula turns what a text holds into a suggested rating, simply enough
// to recompute with a calculator:
//
//	Base + PerSpecific × min(specifics categories found, MaxSpecifics)
//	     + PerGreen × min(green rules found, MaxGreen)
//	     − PerRed × red rules found
//	     − PerVague × min(vague phrases found, MaxVague)
//
// clamped to 0..4; a text of fewer than ShortWords words is rated at most
// ShortMax. Negated matches count only as their rule's declared meaning.
type RatingFormula struct {
	Base         float64 `yaml:"base" json:"base"`
	PerSpecific  float64 `yaml:"per_specific" json:"per_specific"`
	MaxSpecifics int     `yaml:"max_specifics" json:"max_specifics"`
	PerGreen     float64 `yaml:"per_green" json:"per_green"`
	MaxGreen     int     `yaml:"max_green" json:"max_green"`
	PerRed       float64 `yaml:"per_red" json:"per_red"`
	PerVague     float64 `yaml:"per_vague" json:"per_vague"`
	MaxVague     int     `yaml:"max_vague" json:"max_vague"`
	ShortWords   int     `yaml:"short_words" json:"short_words"`
	ShortMax     float64 `yaml:"short_max" json:"short_max"`
}

// NegatedMeaning is what a negated match of a signal rule counts as.
type NegatedMeaning struct {
	// CountsAs names the signal rule a negated match counts as ("no exit
	// fees" counts as no_lock_in); empty, it counts as nothing.
	CountsAs string `yaml:"counts_as" json:"counts_as,omitempty"`
}

// checkEvidence validates the evidence block and the rules' negated meanings.
func (q *Questionnaire) checkEvidence(signals map[string]bool) []FieldProblem {
	var p problems
	for i, s := range q.Signals {
		if s.Negated == nil || s.Negated.CountsAs == "" {
			continue
		}
		field := fieldPath("signals", i, "negated.counts_as")
		switch {
		case q.Evidence == nil:
			p.add(field, "signal %q: negated.counts_as needs an evidence block with negation cues", s.Key)
		case s.Negated.CountsAs == s.Key:
			p.add(field, "signal %q: negated.counts_as names the rule itself", s.Key)
		case !signals[s.Negated.CountsAs]:
			p.add(field, "signal %q: negated.counts_as names signal %q, which is not declared", s.Key, s.Negated.CountsAs)
		}
	}
	e := q.Evidence
	if e == nil {
		return p
	}
	n := e.Negation
	if len(n.Cues) == 0 {
		p.add("evidence.negation.cues", "evidence.negation.cues: none declared; list the words that negate (never, no, not ...)")
	}
	// where names the list in messages, field in paths; they differ for a
	// category ("evidence.specifics \"roles\"" against "evidence.specifics[0]").
	checkPatterns := func(where, field string, pats []string) {
		for i, pat := range pats {
			if msg := patternProblem(pat); msg != "" {
				p.add(fieldPath(field, i), "%s: pattern %q %s", where, pat, msg)
			}
		}
	}
	for _, list := range []struct {
		name string
		pats []string
	}{
		{"cues", n.Cues}, {"narrow_cues", n.NarrowCues}, {"requirement_cues", n.RequirementCues},
		{"after_cues", n.AfterCues}, {"exceptions", n.Exceptions}, {"boundary_words", n.BoundaryWords},
	} {
		checkPatterns("evidence.negation."+list.name, "evidence.negation."+list.name, list.pats)
	}
	if n.MaxWords < 0 || n.MaxWords > 20 {
		p.add("evidence.negation.max_words", "evidence.negation.max_words must be 0..20, got %d", n.MaxWords)
	}
	if n.NarrowWords < 0 || n.NarrowWords > n.MaxWords {
		p.add("evidence.negation.narrow_words", "evidence.negation.narrow_words must be 0..max_words (%d), got %d", n.MaxWords, n.NarrowWords)
	}
	if n.AfterWords < 0 || n.AfterWords > 5 {
		p.add("evidence.negation.after_words", "evidence.negation.after_words must be 0..5, got %d", n.AfterWords)
	}
	if n.ListWords < 0 || n.ListWords > 5 {
		p.add("evidence.negation.list_words", "evidence.negation.list_words must be 0..5, got %d", n.ListWords)
	}
	for _, list := range []struct {
		name  string
		words []string
	}{{"list_joiners", n.ListJoiners}, {"clause_starts", n.ClauseStarts}} {
		for i, w := range list.words {
			if w == "" || strings.ContainsAny(w, " \t\n") || strings.ToLower(w) != w {
				p.add(fieldPath("evidence.negation."+list.name, i), "evidence.negation.%s: %q must be one lower-case word", list.name, w)
			}
		}
	}
	if strings.TrimSpace(n.Boundaries) == "" {
		p.add("evidence.negation.boundaries", "evidence.negation.boundaries: none declared; list the characters that end a clause")
	}
	if strings.ContainsAny(n.Boundaries+n.ListSeparators, " \t\n") {
		p.add("evidence.negation.boundaries", "evidence.negation: boundaries and list_separators must not hold white space")
	}
	for _, r := range n.Boundaries {
		if IsWordRune(r) {
			p.add("evidence.negation.boundaries", "evidence.negation: %q cannot end a clause: it is part of words (use boundary_words)", r)
		}
	}
	for _, r := range n.ListSeparators {
		if IsWordRune(r) {
			p.add("evidence.negation.list_separators", "evidence.negation: %q cannot end a clause: it is part of words (use boundary_words)", r)
		}
	}
	for _, r := range e.SentenceEnds {
		if !strings.ContainsRune(n.Boundaries, r) {
			p.add("evidence.sentence_ends", "evidence.sentence_ends: %q is not one of evidence.negation.boundaries; a sentence ends where a clause does", r)
		}
	}
	checkCategories := func(where string, cats []EvidenceCategory) {
		seen := map[string]bool{}
		for i, c := range cats {
			at := fieldPath(where, i)
			switch {
			case !keyPattern.MatchString(c.Key):
				p.add(fieldPath(at, "key"), "%s %q: key must match %s", where, c.Key, keyPattern)
			case seen[c.Key]:
				p.add(fieldPath(at, "key"), "%s %q: declared twice", where, c.Key)
			}
			seen[c.Key] = true
			if strings.TrimSpace(c.Label) == "" {
				p.add(fieldPath(at, "label"), "%s %q: label is empty", where, c.Key)
			}
			if len(c.Patterns) == 0 {
				p.add(fieldPath(at, "patterns"), "%s %q: has no patterns", where, c.Key)
			}
			checkPatterns(fmt.Sprintf("%s %q", where, c.Key), fieldPath(at, "patterns"), c.Patterns)
		}
	}
	if len(e.Specifics) == 0 {
		p.add("evidence.specifics", "evidence.specifics: none declared; a suggested rating needs something to find")
	}
	checkCategories("evidence.specifics", e.Specifics)
	checkCategories("evidence.vagueness.cues", e.Vagueness.Cues)

	f := e.Rating
	for _, v := range []struct {
		name string
		val  float64
		lo   float64
		hi   float64
	}{
		{"base", f.Base, 0, 4}, {"per_specific", f.PerSpecific, 0, 4}, {"per_green", f.PerGreen, 0, 4},
		{"per_red", f.PerRed, 0, 4}, {"per_vague", f.PerVague, 0, 4}, {"short_max", f.ShortMax, 0, 4},
	} {
		if math.IsNaN(v.val) || v.val < v.lo || v.val > v.hi {
			p.add("evidence.rating."+v.name, "evidence.rating.%s must be %g..%g, got %g", v.name, v.lo, v.hi, v.val)
		}
	}
	for _, v := range []struct {
		name string
		val  int
	}{{"max_specifics", f.MaxSpecifics}, {"max_green", f.MaxGreen}, {"max_vague", f.MaxVague}, {"short_words", f.ShortWords}} {
		if v.val < 0 || v.val > 100 {
			p.add("evidence.rating."+v.name, "evidence.rating.%s must be 0..100, got %d", v.name, v.val)
		}
	}
	if f.PerSpecific == 0 && f.PerGreen == 0 {
		p.add("evidence.rating.per_specific", "evidence.rating: per_specific and per_green are both 0, so no text can rate above the base")
	}
	return p
}

// patternProblem says what is wrong with a phrase pattern, "" when nothing.
func patternProblem(pat string) string {
	if strings.TrimSpace(pat) != pat {
		return "starts or ends with white space, so it can never match on word boundaries"
	}
	re, err := regexp.Compile("(?i)" + pat)
	if err != nil {
		return fmt.Sprintf("does not compile: %v", err)
	}
	if re.MatchString("") {
		return "matches empty text"
	}
	return ""
}
