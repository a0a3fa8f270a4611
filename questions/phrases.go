package questions

import (
	"regexp"
	"regexp/syntax"
	"sort"
	"strings"
	"unicode/utf8"
)

// A phraseSet matches many phrase patterns (signal rules, specifics, vagueness
// and negation cues) against one normalised text in a single pass, in time
// linear in the text's length:
//
//  1. an automaton over each pattern's literal starts (the words every match
//     of it begins with, cut to anchorLen bytes) lists where a pattern can
//     start;
//  2. at each such place, and only there, the pattern runs anchored on a
//     window as long as its longest possible match, so no run reads further
//     than a bounded number of bytes.
//
// A pattern without a literal start, or with an unbounded repetition (*, +),
// is instead scanned over the whole text once: still linear, but slower.
// RE2 guarantees no run backtracks exponentially.
type phraseSet struct {
	patterns []phrasePattern
	auto     *automaton
	slow     []int // patterns scanned over the whole text
}

type phrasePattern struct {
	// anchored is `^(pat)(?:boundary|$)`: run at a possible start.
	anchored *regexp.Regexp
	// bounded is the pattern between word boundaries, for the whole-text scan.
	bounded *regexp.Regexp
	// window is the longest match in bytes plus one boundary rune.
	window int
}

// phraseHit is one match of pattern in the normalised text, [start, end).
type phraseHit struct {
	pattern    int
	start, end int
}

const (
	// anchorLen cuts literal starts: a shorter automaton, a few more runs.
	anchorLen = 12
	// anchorClassRunes lets a character class of up to ten runes (the digits)
	// into a literal start.
	anchorClassRunes = 10
)

// notWord is a character that ends a word for the phrase rules.
const notWord = `[^\p{L}\p{N}\p{Mn}_]`

// compilePhrases compiles patterns that have already been checked to compile.
func compilePhrases(patterns []string) *phraseSet {
	ps := &phraseSet{patterns: make([]phrasePattern, len(patterns))}
	var anchors []anchor
	for i, pat := range patterns {
		p := phrasePattern{
			anchored: regexp.MustCompile(`^(?i:(` + pat + `))(?:` + notWord + `|$)`),
			bounded:  regexp.MustCompile(boundedPattern(pat)),
		}
		starts, maxLen := anchorsOf(pat)
		if starts == nil || maxLen < 0 {
			ps.slow = append(ps.slow, i)
		} else {
			p.window = maxLen + utf8.UTFMax
			for _, s := range starts {
				anchors = append(anchors, anchor{s, i})
			}
		}
		ps.patterns[i] = p
	}
	ps.auto = newAutomaton(anchors)
	return ps
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
	set, _, ok := literalSet(re, anchorClassRunes)
	if !ok {
		return nil, maxLen
	}
	cut := map[string]bool{}
	for _, s := range set {
		if s == "" {
			return nil, maxLen
		}
		if len(s) > anchorLen {
			s = s[:anchorLen]
			for !utf8.ValidString(s) {
				s = s[:len(s)-1]
			}
		}
		cut[s] = true
	}
	for s := range cut {
		starts = append(starts, s)
	}
	sort.Strings(starts)
	// Sorted, a string that another begins with comes right before it.
	kept := starts[:0]
	for _, s := range starts {
		if n := len(kept); n > 0 && strings.HasPrefix(s, kept[n-1]) {
			continue
		}
		kept = append(kept, s)
	}
	return kept, maxLen
}

// longest is the most bytes a match of re can take, -1 when unbounded. Every
// rune counts as utf8.UTFMax bytes: a case fold may change a rune's length.
func longest(re *syntax.Regexp) int {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune) * utf8.UTFMax
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
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

// find appends every match of every pattern in norm (a text normalised by
// NormalizeText) to dst. Matches of one pattern at different starts may
// overlap; the caller merges what it needs merged.
func (ps *phraseSet) find(norm string, dst []phraseHit) []phraseHit {
	ps.auto.scan(norm, func(pattern, start int) {
		if start > 0 {
			if r, _ := utf8.DecodeLastRuneInString(norm[:start]); IsWordRune(r) {
				return // inside a word
			}
		}
		p := &ps.patterns[pattern]
		end := min(len(norm), start+p.window)
		loc := p.anchored.FindStringSubmatchIndex(norm[start:end])
		if loc == nil || loc[3] <= loc[2] {
			return
		}
		dst = append(dst, phraseHit{pattern, start, start + loc[3]})
	})
	for _, i := range ps.slow {
		for _, sp := range patternSpans(ps.patterns[i].bounded, norm) {
			dst = append(dst, phraseHit{i, sp[0], sp[1]})
		}
	}
	return dst
}

// patternSpans finds a bounded pattern's matches in s, left to right: its
// submatch 1 is the match, and the search goes on from the end of that
// submatch so that neighbouring matches share a separator.
func patternSpans(re *regexp.Regexp, s string) [][2]int {
	var spans [][2]int
	pos := 0
	for pos < len(s) {
		loc := re.FindStringSubmatchIndex(s[pos:])
		if loc == nil || loc[2] < 0 {
			break
		}
		start, end := pos+loc[2], pos+loc[3]
		if end > start {
			spans = append(spans, [2]int{start, end})
			pos = end
			continue
		}
		_, size := utf8.DecodeRuneInString(s[start:])
		pos = start + max(size, 1)
	}
	return spans
}
