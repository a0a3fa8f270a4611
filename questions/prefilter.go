package questions

import (
	"regexp/syntax"
	"strings"
	"unicode"
)

// A signal rule's prefilter is a set of short literal strings, one of which
// must appear (lower-cased) in any text the rule can match. Matching a text
// first asks strings.Contains for each; most texts hold none of a rule's
// words, and the regular expression, by far the slower step, never runs.

const (
	maxPrefixes   = 128 // for one pattern's expansion
	maxRuleSet    = 512 // for all of a rule's patterns together
	minPrefixLen  = 2
	maxClassRunes = 4
)

// prefilter returns the literal prefixes of a pattern, or nil when the pattern
// does not allow one (it may start with anything); nil means "always match".
func prefilter(patterns []string) []string {
	var out []string
	for _, pat := range patterns {
		re, err := syntax.Parse(pat, syntax.Perl|syntax.FoldCase)
		if err != nil {
			return nil
		}
		ps, ok := prefixes(re.Simplify())
		if !ok {
			return nil
		}
		out = append(out, ps...)
	}
	if len(out) == 0 || len(out) > maxRuleSet {
		return nil
	}
	return out
}

// prefixes returns strings one of which every match of re starts with,
// extended as far as the expression stays literal. ok is false when no such
// set of useful length exists.
func prefixes(re *syntax.Regexp) ([]string, bool) {
	set, _, ok := literalSet(re, maxClassRunes, maxPrefixes)
	if !ok {
		return nil, false
	}
	for _, s := range set {
		if len([]rune(s)) < minPrefixLen {
			return nil, false
		}
	}
	return set, true
}

// literalSet computes the set of literal starts of re. complete reports that
// the set is the whole language of re (so a following part can extend it). A
// character class of more than classRunes runes is no literal, and a set grows
// to at most maxSet strings.
func literalSet(re *syntax.Regexp, classRunes, maxSet int) (set []string, complete, ok bool) {
	switch re.Op {
	case syntax.OpLiteral:
		return []string{strings.ToLower(string(re.Rune))}, true, true
	case syntax.OpCharClass:
		var rs []rune
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				rs = append(rs, unicode.ToLower(r))
				if len(rs) > classRunes*2 {
					return nil, false, false
				}
			}
		}
		seen := map[string]bool{}
		for _, r := range rs {
			seen[string(r)] = true
		}
		if len(seen) > classRunes {
			return nil, false, false
		}
		for s := range seen {
			set = append(set, s)
		}
		return set, true, true
	case syntax.OpCapture:
		return literalSet(re.Sub[0], classRunes, maxSet)
	case syntax.OpAlternate:
		all := true
		for _, sub := range re.Sub {
			s, c, ok := literalSet(sub, classRunes, maxSet)
			if !ok {
				return nil, false, false
			}
			all = all && c
			set = append(set, s...)
			if len(set) > maxSet {
				return nil, false, false
			}
		}
		return set, all, true
	case syntax.OpConcat:
		set = []string{""}
		for i, sub := range re.Sub {
			s, c, ok := literalSet(sub, classRunes, maxSet)
			if !ok {
				if i == 0 {
					return nil, false, false
				}
				return set, false, true
			}
			var next []string
			for _, a := range set {
				for _, b := range s {
					next = append(next, a+b)
				}
			}
			if len(next) > maxSet {
				return set, false, true
			}
			set = next
			if !c {
				return set, false, true
			}
		}
		return set, true, true
	case syntax.OpQuest:
		s, c, ok := literalSet(re.Sub[0], classRunes, maxSet)
		if !ok {
			return nil, false, false
		}
		return append(s, ""), c, true
	}
	return nil, false, false
}
