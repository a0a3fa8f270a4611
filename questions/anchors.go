package questions

import (
	"regexp/syntax"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// How a phrase pattern is prepared for the phrase set: its literal starts
// (the automaton's strings), the words every match needs, its longest match
// (the window a run may read) and a form of it for lower-case text.

// requiredGroups returns, for a pattern, up to maxGroups sets of words such
// that every match contains a word of each set: the literal starts of the
// parts of a top-level sequence that a match cannot skip, other than the
// first part (the pattern's own start).
func requiredGroups(pat string) [][]string {
	re, err := syntax.Parse(pat, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return nil
	}
	re = re.Simplify()
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat {
		return nil
	}
	var groups [][]string
	for i, sub := range re.Sub {
		if i == 0 {
			continue
		}
		for sub.Op == syntax.OpCapture || sub.Op == syntax.OpRepeat && sub.Min >= 1 || sub.Op == syntax.OpPlus {
			sub = sub.Sub[0]
		}
		set, _, ok := literalSet(sub, maxClassRunes, 64)
		if !ok || len(set) == 0 {
			continue
		}
		seen := map[string]bool{}
		var g []string
		for _, w := range set {
			w = strings.TrimSpace(w)
			if len(w) > anchorLen {
				w = w[:anchorLen]
				for !utf8.ValidString(w) {
					w = w[:len(w)-1]
				}
			}
			if len(w) < groupMinLen {
				g = nil
				break
			}
			if !seen[w] {
				seen[w] = true
				g = append(g, w)
			}
		}
		if len(g) == 0 {
			continue
		}
		sort.Strings(g)
		groups = append(groups, g)
	}
	// The groups with the longest shortest word filter best.
	shortest := func(g []string) int {
		n := len(g[0])
		for _, w := range g {
			n = min(n, len(w))
		}
		return n
	}
	sort.SliceStable(groups, func(i, j int) bool { return shortest(groups[i]) > shortest(groups[j]) })
	if len(groups) > maxGroups {
		groups = groups[:maxGroups]
	}
	return groups
}

// lowerLiterals rewrites a case-insensitive pattern for a text that is
// already lower case: literals in lower case, matched exactly, which spares
// the matcher a case fold at every rune (character classes keep both cases);
// and groups that capture nothing, since only the whole match is used and
// every capture costs the matcher work at every step.
func lowerLiterals(pat string) string {
	re, err := syntax.Parse(pat, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return "(?i:" + pat + ")"
	}
	var walk func(re *syntax.Regexp) *syntax.Regexp
	walk = func(re *syntax.Regexp) *syntax.Regexp {
		for re.Op == syntax.OpCapture {
			re = re.Sub[0]
		}
		if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase != 0 {
			for i, r := range re.Rune {
				re.Rune[i] = unicode.ToLower(r)
			}
			re.Flags &^= syntax.FoldCase
		}
		for i, sub := range re.Sub {
			re.Sub[i] = walk(sub)
		}
		return re
	}
	return walk(re).String()
}

// anchorsOf returns the distinct literal starts of a pattern, cut to
// anchorLen bytes, with no start that another one begins; and the pattern's
// longest match in bytes, -1 when unbounded. starts is nil when a match may
// start with anything.
func anchorsOf(pat string) (starts []string, maxLen int) {
	re, err := syntax.Parse(pat, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return nil, -1
	}
	re = re.Simplify()
	maxLen = longest(re)
	set, _, ok := startSet(re)
	if !ok {
		return nil, maxLen
	}
	for _, s := range set {
		if s == "" {
			return nil, maxLen
		}
	}
	sort.Strings(set)
	// Sorted, a string that another begins with comes right before it.
	kept := set[:0]
	for _, s := range set {
		if n := len(kept); n > 0 && strings.HasPrefix(s, kept[n-1]) {
			continue
		}
		kept = append(kept, s)
	}
	return kept, maxLen
}

// startSet is literalSet for anchors: a string stops growing at anchorLen
// bytes, so that a long alternation after a common word ("the", "our") still
// gives specific starts instead of stopping at the common word.
func startSet(re *syntax.Regexp) (set []string, complete, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return []string{""}, true, true
	case syntax.OpCapture:
		return startSet(re.Sub[0])
	case syntax.OpAlternate:
		all := true
		for _, sub := range re.Sub {
			s, c, ok := startSet(sub)
			if !ok {
				return nil, false, false
			}
			all = all && c
			set = append(set, s...)
		}
		set = dedupe(set)
		if len(set) > anchorSet {
			return nil, false, false
		}
		return set, all, true
	case syntax.OpConcat:
		set = []string{""}
		for i, sub := range re.Sub {
			if allLong(set) {
				return set, false, true
			}
			s, c, ok := startSet(sub)
			if !ok {
				if i == 0 {
					return nil, false, false
				}
				return set, false, true
			}
			var next []string
			for _, a := range set {
				if len(a) >= anchorLen {
					next = append(next, a)
					continue
				}
				for _, b := range s {
					next = append(next, cut(a+b))
				}
			}
			next = dedupe(next)
			if len(next) > anchorSet {
				return set, false, true
			}
			set = next
			if !c {
				return set, false, true
			}
		}
		return set, true, true
	case syntax.OpQuest:
		s, c, ok := startSet(re.Sub[0])
		if !ok {
			return nil, false, false
		}
		return append(s, ""), c, true
	case syntax.OpRepeat:
		if re.Min >= 1 && re.Max == re.Min {
			// x{n}: as n copies of x.
			subs := make([]*syntax.Regexp, re.Min)
			for i := range subs {
				subs[i] = re.Sub[0]
			}
			return startSet(&syntax.Regexp{Op: syntax.OpConcat, Sub: subs})
		}
		if re.Min >= 1 {
			s, _, ok := startSet(re.Sub[0])
			return s, false, ok
		}
		return nil, false, false
	}
	return literalSet(re, anchorClassRunes, anchorSet)
}

func allLong(set []string) bool {
	for _, s := range set {
		if len(s) < anchorLen {
			return false
		}
	}
	return true
}

// cut shortens s to anchorLen bytes, on a rune boundary.
func cut(s string) string {
	if len(s) <= anchorLen {
		return s
	}
	s = s[:anchorLen]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

func dedupe(set []string) []string {
	seen := make(map[string]bool, len(set))
	out := set[:0]
	for _, s := range set {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// longest is the most bytes a match of re can take in a normalised (lower
// case) text, -1 when unbounded. A literal rune counts as the longest rune it
// matches without regard to case ("s" also matches the two-byte long s).
func longest(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		n := 0
		for _, r := range re.Rune {
			n += foldLen(r)
		}
		return n
	case syntax.OpCharClass:
		n := 1
		for i := 0; i+1 < len(re.Rune); i += 2 {
			n = max(n, utf8.RuneLen(re.Rune[i+1]))
		}
		return n
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return utf8.UTFMax
	case syntax.OpCapture:
		return longest(re.Sub[0])
	case syntax.OpQuest:
		return longest(re.Sub[0])
	case syntax.OpStar, syntax.OpPlus:
		return -1
	case syntax.OpRepeat:
		if re.Max < 0 {
			return -1
		}
		n := longest(re.Sub[0])
		if n < 0 {
			return -1
		}
		return n * re.Max
	case syntax.OpConcat:
		sum := 0
		for _, sub := range re.Sub {
			n := longest(sub)
			if n < 0 {
				return -1
			}
			sum += n
		}
		return sum
	case syntax.OpAlternate:
		m := 0
		for _, sub := range re.Sub {
			n := longest(sub)
			if n < 0 {
				return -1
			}
			m = max(m, n)
		}
		return m
	}
	return 0 // empty-width assertions and the empty match
}

// foldLen is the longest UTF-8 encoding among the runes that match r without
// regard to case.
func foldLen(r rune) int {
	n := utf8.RuneLen(r)
	for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
		n = max(n, utf8.RuneLen(f))
	}
	return max(n, 1)
}
