package scoring

import (
	"sort"
	"strings"
	"unicode/utf8"

	"mspeval/questions"
)

// negator decides which matches in one text are negated, by the
// questionnaire's negation settings:
//
//   - a cue ("never", "no", "don't" ...) negates a match that starts at most
//     MaxWords words after it, in the same clause;
//   - a clause ends at a boundary character (. ; : ...) or a boundary word
//     ("but", "however"); a list separator (",") ends it too, unless the match
//     starts at most ListWords words after it, which makes it the next item of
//     a list ("no exit fees, termination charges or minimum terms"); the word
//     count starts again there;
//   - a cue inside an exception ("not only", "no later than") is no cue,
//     unless the exception runs into the match ("not only at renewal");
//   - a requirement cue ("without") after another cue in the same clause is a
//     double negative: "nothing changes without a written change request"
//     counts the change request.
type negator struct {
	cfg         *questions.Negation
	norm        string
	cues        []cue // by end
	exceptions  []span
	clauseWords []span // by end
}

type cue struct {
	span
	requirement bool
}

func newNegator(e *questions.Evidence, norm string, hits []questions.PhraseHit) *negator {
	if e == nil {
		return nil
	}
	n := &negator{cfg: &e.Negation, norm: norm}
	for _, h := range hits {
		sp := span{h.Index, h.Start, h.End}
		switch h.Kind {
		case questions.PhraseNegation:
			n.cues = append(n.cues, cue{sp, false})
		case questions.PhraseRequirement:
			n.cues = append(n.cues, cue{sp, true})
		case questions.PhraseException:
			n.exceptions = append(n.exceptions, sp)
		case questions.PhraseClauseWord:
			n.clauseWords = append(n.clauseWords, sp)
		}
	}
	// By end, and at one end the longest first ("do not" before "not").
	sort.Slice(n.cues, func(i, j int) bool {
		if n.cues[i].end != n.cues[j].end {
			return n.cues[i].end < n.cues[j].end
		}
		return n.cues[i].start < n.cues[j].start
	})
	sort.Slice(n.clauseWords, func(i, j int) bool { return n.clauseWords[i].end < n.clauseWords[j].end })
	return n
}

// cueFor returns the cue that negates a match starting at byte start of the
// normalised text, if any.
func (n *negator) cueFor(start int) (span, bool) {
	if n == nil || len(n.cues) == 0 {
		return span{}, false
	}
	c, ok := n.walk(start, start, n.cfg.MaxWords)
	if !ok {
		return span{}, false
	}
	if c.requirement {
		// "never ... without": another cue earlier in the clause cancels it.
		if _, double := n.walk(c.start, start, 2*n.cfg.MaxWords+n.cfg.ListWords); double {
			return span{}, false
		}
	}
	return c.span, true
}

// walk goes back from pos, word by word, to the nearest cue in the clause
// within maxWords words (counted again from each list separator). match is
// where the match being judged starts, for the exceptions.
func (n *negator) walk(pos, match, maxWords int) (cue, bool) {
	words := 0
	i := pos
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(n.norm[:i])
		switch {
		case r == ' ':
			i -= size
			continue
		case n.clauseWordEndsAt(i):
			return cue{}, false
		}
		if c, ok := n.cueEndingAt(i, match); ok {
			return c, true
		}
		switch {
		case strings.ContainsRune(n.cfg.Boundaries, r):
			return cue{}, false
		case strings.ContainsRune(n.cfg.ListSeparators, r):
			if words > n.cfg.ListWords {
				return cue{}, false
			}
			words = 0
			i -= size
		case questions.IsWordRune(r):
			i = wordStart(n.norm, i)
			words++
			if words > maxWords {
				return cue{}, false
			}
		default:
			i -= size // quotes, slashes and the like
		}
	}
	return cue{}, false
}

// cueEndingAt returns the longest cue that ends at byte i and is not inside an
// exception that stops before the match.
func (n *negator) cueEndingAt(i, match int) (cue, bool) {
	k := sort.Search(len(n.cues), func(k int) bool { return n.cues[k].end >= i })
	for ; k < len(n.cues) && n.cues[k].end == i; k++ {
		c := n.cues[k]
		if !n.excepted(c.span, match) {
			return c, true
		}
	}
	return cue{}, false
}

func (n *negator) excepted(c span, match int) bool {
	for _, e := range n.exceptions {
		if e.start <= c.start && c.end <= e.end && e.end <= match {
			return true
		}
	}
	return false
}

func (n *negator) clauseWordEndsAt(i int) bool {
	k := sort.Search(len(n.clauseWords), func(k int) bool { return n.clauseWords[k].end >= i })
	return k < len(n.clauseWords) && n.clauseWords[k].end == i
}

// wordStart returns where the word ending at byte i starts; an apostrophe or
// hyphen between letters ("don't", "co-managed") is part of the word.
func wordStart(s string, i int) int {
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if questions.IsWordRune(r) {
			i -= size
			continue
		}
		if (r == '\'' || r == '-') && i-size > 0 {
			if p, _ := utf8.DecodeLastRuneInString(s[:i-size]); questions.IsWordRune(p) {
				i -= size
				continue
			}
		}
		break
	}
	return i
}
