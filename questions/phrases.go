package questions

import (
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"
)

// A phraseSet matches many phrase patterns (signal rules, specifics, vagueness
// and negation cues) against one normalised text in a single pass, in time
// linear in the text's length:
//
//  1. an automaton over each pattern's literal starts (the words every match
//     of it begins with, cut to anchorLen bytes) lists where a pattern can
//     start; in the same pass it notes which of the patterns' required words
//     occur (for "our ... has the final say": one of final, last, ...);
//  2. at each such place, and only if the pattern's required words all occur
//     in the text, the pattern runs anchored on a window as long as its
//     longest possible match, so no run reads further than a bounded number
//     of bytes.
//
// A pattern without a literal start, or with an unbounded repetition (*, +),
// is instead scanned over the whole text once: still linear, but slower.
// RE2 guarantees no run backtracks exponentially.
type phraseSet struct {
	patterns []phrasePattern
	auto     *automaton
	slow     []int // patterns scanned over the whole text
	groups   int   // required-word groups
	scratch  sync.Pool
}

type phrasePattern struct {
	// anchored is `^(pat)(?:boundary|$)`: run at a possible start.
	anchored *regexp.Regexp
	// bounded is the pattern between word boundaries, for the whole-text scan.
	bounded *regexp.Regexp
	// window is the longest match in bytes plus one boundary rune.
	window int
	// groups are the required-word groups that must all occur in a text for
	// the pattern to match it.
	groups []int32
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
	// anchorSet is the most literal starts a pattern expands to before the
	// expansion stops at a shorter start.
	anchorSet = 1024
	// groupMinLen is the shortest required word worth looking for, and
	// maxGroups the most groups one pattern requires.
	groupMinLen = 3
	maxGroups   = 4
)

// notWord is a character that ends a word for the phrase rules.
const notWord = `[^\p{L}\p{N}\p{Mn}_]`

// compilePhrases compiles patterns that have already been checked to compile.
func compilePhrases(patterns []string) *phraseSet {
	ps := &phraseSet{patterns: make([]phrasePattern, len(patterns))}
	var anchors []anchor
	groupIDs := map[string]int32{}
	for i, pat := range patterns {
		p := phrasePattern{
			anchored: regexp.MustCompile(`^(` + lowerLiterals(pat) + `)(?:` + notWord + `|$)`),
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
			for _, g := range requiredGroups(pat) {
				key := strings.Join(g, "\x00")
				id, ok := groupIDs[key]
				if !ok {
					id = int32(len(groupIDs))
					groupIDs[key] = id
					for _, w := range g {
						anchors = append(anchors, anchor{w, -1 - int(id)})
					}
				}
				p.groups = append(p.groups, id)
			}
		}
		ps.patterns[i] = p
	}
	ps.auto = newAutomaton(anchors)
	ps.groups = len(groupIDs)
	return ps
}

// find appends every match of every pattern in norm (a text normalised by
// NormalizeText) to dst. Matches of one pattern at different starts may
// overlap; the caller merges what it needs merged.
func (ps *phraseSet) find(norm string, dst []phraseHit) []phraseHit {
	sc, _ := ps.scratch.Get().(*scratch)
	if sc == nil || len(sc.present) < ps.groups {
		sc = &scratch{present: make([]bool, ps.groups)}
	}
	defer ps.scratch.Put(sc)
	a := ps.auto
	state, nc := int32(0), int32(a.nclasses)
	for i := 0; i < len(norm); i++ {
		state = a.delta[state*nc+int32(a.class[norm[i]])]
		for _, o := range a.out[a.outStart[state]:a.outStart[state+1]] {
			start := i + 1 - int(o.length)
			if o.pattern < 0 {
				if g := -1 - o.pattern; !sc.present[g] {
					sc.present[g] = true
					sc.touched = append(sc.touched, g)
				}
				continue
			}
			if start > 0 {
				if r, _ := utf8.DecodeLastRuneInString(norm[:start]); IsWordRune(r) {
					continue // inside a word
				}
			}
			sc.candidates = append(sc.candidates, phraseHit{pattern: int(o.pattern), start: start})
		}
	}
next:
	for _, c := range sc.candidates {
		p := &ps.patterns[c.pattern]
		for _, g := range p.groups {
			if !sc.present[g] {
				continue next
			}
		}
		end := min(len(norm), c.start+p.window)
		loc := p.anchored.FindStringSubmatchIndex(norm[c.start:end])
		if loc == nil || loc[3] <= loc[2] {
			continue
		}
		dst = append(dst, phraseHit{c.pattern, c.start, c.start + loc[3]})
	}
	for _, g := range sc.touched {
		sc.present[g] = false
	}
	sc.touched, sc.candidates = sc.touched[:0], sc.candidates[:0]
	for _, i := range ps.slow {
		for _, sp := range PatternSpans(ps.patterns[i].bounded, norm) {
			dst = append(dst, phraseHit{i, sp[0], sp[1]})
		}
	}
	return dst
}

// scratch is find's working memory, kept between calls.
type scratch struct {
	present    []bool // by required-word group
	touched    []int32
	candidates []phraseHit
}

// PatternSpans finds a bounded pattern's matches in s, left to right: its
// submatch 1 is the match, and the search goes on from the end of that
// submatch so that neighbouring matches share a separator.
func PatternSpans(re *regexp.Regexp, s string) [][2]int {
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
