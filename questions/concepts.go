package questions

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Concept rules read a text for ideas rather than for sentences. An MSP that
// keeps the client's admin passwords may write "we hold the global admin", "the
// admin credentials stay in our vault" or "our NOC manages the tenant
// passwords": one idea, three sentences that no list of phrases foresees. A
// concept rule names the families of words the idea is made of (who: our
// team, we, our NOC; what they do: hold, keep, manage; with what: admin,
// credentials, passwords) and asks for one word of each family in the same
// clause, a few words apart. Families are plain word lists, so an author can
// read them, and a text is read once, in time linear in its length, however
// many families there are.

// Conjunction is one way a signal rule's concept groups can occur together: a
// word or phrase of every group in All within one clause (or sentence), the
// first and the last at most Within words apart, in the order given when
// Ordered is set; and no word of any Unless group near them ("you decide",
// "with your approval"): in the same clause, at most Within words before or
// after the match.
type Conjunction struct {
	All    []string `yaml:"all" json:"all"`
	Unless []string `yaml:"unless,omitempty" json:"unless,omitempty"`
	// Within is the most words a match spans, first word to last (0 means
	// DefaultWithin).
	Within  int  `yaml:"within,omitempty" json:"within,omitempty"`
	Ordered bool `yaml:"ordered,omitempty" json:"ordered,omitempty"`
	// Scope is "clause" (the default) or "sentence". A sentence ends at the
	// negation block's boundary characters; a clause also at its boundary
	// words ("but", "so that") and at a list separator followed by a clause
	// start ("…, we").
	Scope string `yaml:"scope,omitempty" json:"scope,omitempty"`
}

// Scopes of a conjunction.
const (
	ScopeClause   = "clause"
	ScopeSentence = "sentence"
)

const (
	// DefaultWithin is a conjunction's span when it declares none: a clause
	// of ordinary length.
	DefaultWithin = 10
	// MaxWithin bounds a conjunction's span, so that a match stays one idea.
	MaxWithin = 40
	// MaxConjunctionGroups bounds the groups of one conjunction.
	MaxConjunctionGroups = 5
	// MaxTermWords bounds the words of one term.
	MaxTermWords = 6
	// MinStem is the shortest stem a term word may end in "*" after.
	MinStem = 3
)

// conceptName is how concept groups are named: upper case, so that a name
// cannot be taken for a word of a term.
var conceptName = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,63}$`)

// termWord is one word of a concept term: an exact word, a stem (the word
// begins with text: "decid*" is decide, decides, deciding, decided), any
// number ("#": 36, 2024, fifteen) or a gap ("..": up to MaxGapWords words of
// anything, so that "your .. engineer*" is "your engineers", "your two
// engineers" and "your on-call engineer").
type termWord struct {
	text   string
	stem   bool
	number bool
	gap    bool
}

// MaxGapWords is the most words a ".." of a term stands for.
const MaxGapWords = 2

// parseTerm reads a concept term: lower-case words separated by spaces, where
// a hyphen counts as a space ("hands-off" is "hands off", and matches both),
// a word may end in "*", "#" stands for any number and ".." for up to
// MaxGapWords words between two others. It returns what is wrong with the
// term, "" when nothing.
func parseTerm(term string) ([]termWord, string) {
	if strings.TrimSpace(term) != term || term == "" {
		return nil, "is empty or starts or ends with white space"
	}
	if strings.ToLower(term) != term {
		return nil, "must be lower case (texts are read lower-cased)"
	}
	fields := strings.Fields(strings.ReplaceAll(term, "-", " "))
	if len(fields) == 0 {
		return nil, "holds no word"
	}
	if len(fields) > MaxTermWords {
		return nil, fmt.Sprintf("has %d words, at most %d", len(fields), MaxTermWords)
	}
	gaps := 0
	for _, f := range fields {
		if f == ".." {
			gaps++
		}
	}
	if gaps > 2 {
		return nil, fmt.Sprintf("has %d gaps (..), at most 2", gaps)
	}
	words := make([]termWord, 0, len(fields))
	for i, f := range fields {
		if f == ".." {
			if i == 0 || i == len(fields)-1 || fields[i-1] == ".." {
				return nil, `has ".." at its start, its end or twice in a row; a gap stands between two words`
			}
			words = append(words, termWord{gap: true})
			continue
		}
		if f == "#" {
			words = append(words, termWord{number: true})
			continue
		}
		w := termWord{text: f}
		if strings.HasSuffix(f, "*") {
			w.text, w.stem = strings.TrimSuffix(f, "*"), true
			if utf8.RuneCountInString(w.text) < MinStem {
				return nil, fmt.Sprintf("stem %q is shorter than %d letters, so it would match too many words", f, MinStem)
			}
		}
		if msg := wordProblem(w.text); msg != "" {
			return nil, fmt.Sprintf("word %q %s", f, msg)
		}
		words = append(words, w)
	}
	return words, ""
}

// wordProblem says what keeps s from being one word of a text, as texts are
// split into words: letters, digits and apostrophes between them.
func wordProblem(s string) string {
	prev := rune(0)
	for i, r := range s {
		switch {
		case IsWordRune(r):
		case r == '\'' && i > 0 && i < len(s)-1 && IsWordRune(prev):
		case r == '*':
			return "may hold \"*\" only at its end"
		default:
			return fmt.Sprintf("holds %q, which is not part of a word", r)
		}
		prev = r
	}
	if s == "" {
		return "is empty"
	}
	return ""
}

// conceptGroups returns the concept groups a rule can use: its own and the
// shared ones, by name.
func (q *Questionnaire) conceptGroups(s *SignalRule) map[string][]string {
	out := map[string][]string{}
	if q.Evidence != nil {
		for name, terms := range q.Evidence.Concepts {
			out[name] = terms
		}
	}
	for name, terms := range s.Concepts {
		out[name] = terms
	}
	return out
}

// checkConcepts validates the shared concept groups and every rule's own
// groups and conjunctions. Each problem names the rule or group.
func (q *Questionnaire) checkConcepts() []FieldProblem {
	var p problems
	// where names the groups in messages, field is their place in the document.
	checkGroups := func(where, field string, groups map[string][]string) {
		for _, name := range sortedNames(groups) {
			at := fieldPath(field, name)
			if !conceptName.MatchString(name) {
				p.add(at, "%s %q: name must match %s", where, name, conceptName)
			}
			if len(groups[name]) == 0 {
				p.add(at, "%s %q: has no terms", where, name)
			}
			seen := map[string]bool{}
			for i, term := range groups[name] {
				if _, msg := parseTerm(term); msg != "" {
					p.add(fieldPath(at, i), "%s %q: term %q %s", where, name, term, msg)
				}
				if seen[term] {
					p.add(fieldPath(at, i), "%s %q: term %q is listed twice", where, name, term)
				}
				seen[term] = true
			}
		}
	}
	var shared map[string][]string
	if q.Evidence != nil {
		shared = q.Evidence.Concepts
		checkGroups("evidence.concepts", "evidence.concepts", shared)
	}
	used := map[string]bool{}
	for i := range q.Signals {
		s := &q.Signals[i]
		where := fmt.Sprintf("signal %q", s.Key)
		at := fieldPath("signals", i)
		if len(s.Match) == 0 {
			if len(s.Concepts) > 0 {
				p.add(fieldPath(at, "concepts"), "%s: declares concepts but no match that uses them", where)
			}
			continue
		}
		if q.Evidence == nil {
			p.add(fieldPath(at, "match"), "%s: match needs an evidence block (its negation settings say where clauses end)", where)
		}
		for _, name := range sortedNames(s.Concepts) {
			if _, ok := shared[name]; ok {
				p.add(fieldPath(at, "concepts", name), "%s: concept %q is also declared in evidence.concepts; give the rule's own group another name", where, name)
			}
		}
		checkGroups(where+" concept", fieldPath(at, "concepts"), s.Concepts)
		groups := q.conceptGroups(s)
		ownUsed := map[string]bool{}
		for ci, c := range s.Match {
			cw := fmt.Sprintf("%s match %d", where, ci+1)
			mat := fieldPath(at, "match", ci)
			if len(c.All) == 0 {
				p.add(fieldPath(mat, "all"), "%s: all names no concept group", cw)
			}
			if len(c.All) > MaxConjunctionGroups {
				p.add(fieldPath(mat, "all"), "%s: all names %d groups, at most %d", cw, len(c.All), MaxConjunctionGroups)
			}
			seen := map[string]bool{}
			for _, list := range []struct {
				field string
				names []string
			}{{"all", c.All}, {"unless", c.Unless}} {
				for k, name := range list.names {
					if _, ok := groups[name]; !ok {
						p.add(fieldPath(mat, list.field, k), "%s: concept %q is declared neither by the rule nor in evidence.concepts", cw, name)
					}
					if seen[name] {
						p.add(fieldPath(mat, list.field, k), "%s: concept %q is named twice", cw, name)
					}
					seen[name] = true
					used[name] = true
					ownUsed[name] = true
				}
			}
			if c.Within < 0 || c.Within > MaxWithin {
				p.add(fieldPath(mat, "within"), "%s: within must be 1..%d words (0 for %d), got %d", cw, MaxWithin, DefaultWithin, c.Within)
			} else if c.Within > 0 && c.Within < len(c.All) {
				p.add(fieldPath(mat, "within"), "%s: within %d is shorter than its %d groups", cw, c.Within, len(c.All))
			}
			if c.Scope != "" && c.Scope != ScopeClause && c.Scope != ScopeSentence {
				p.add(fieldPath(mat, "scope"), "%s: scope must be %q or %q, got %q", cw, ScopeClause, ScopeSentence, c.Scope)
			}
		}
		for _, name := range sortedNames(s.Concepts) {
			if !ownUsed[name] {
				p.add(fieldPath(at, "concepts", name), "%s: concept %q is used by none of its matches", where, name)
			}
		}
	}
	for _, name := range sortedNames(shared) {
		if !used[name] {
			p.add(fieldPath("evidence.concepts", name), "evidence.concepts %q: used by no rule", name)
		}
	}
	return p
}

func sortedNames(m map[string][]string) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}
