package scoring

import (
	"slices"
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
//     ("but", "however"); a list separator (",") ends it too, unless what
//     lies between it and the match is the rest of a list ("no exit fees,
//     minimum terms or termination charges"): nothing, or a few words ending
//     in a joiner ("or"); never when a clause start ("we") follows it. The
//     word count starts again there;
//   - inside quotation marks, punctuation ends nothing: "we won't just say
//     'don't worry, it'll be fine'" negates the whole quote;
//   - a narrow cue ("instead of") negates only a match at most NarrowWords
//     words after it;
//   - a cue inside an exception ("not only", "no later than") is no cue,
//     unless the exception runs into the match ("not only at renewal");
//   - an after-cue ("is not how we work") negates a match it follows at most
//     AfterWords words later, in the same clause;
//   - a requirement cue ("without") after another cue in the same clause is a
//     double negative: "nothing changes without a written change request"
//     counts the change request.
type negator struct {
	cfg         *questions.Negation
	norm        string
	cues        []cue // by end
	exceptions  []span
	clauseWords []span   // by end
	after       []span   // after-cues, by start
	quotes      [][2]int // quoted stretches [open, close) of the text
}

type cue struct {
	span
	requirement, narrow bool
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
			n.cues = append(n.cues, cue{span: sp})
		case questions.PhraseNarrow:
			n.cues = append(n.cues, cue{span: sp, narrow: true})
		case questions.PhraseRequirement:
			n.cues = append(n.cues, cue{span: sp, requirement: true})
		case questions.PhraseException:
			n.exceptions = append(n.exceptions, sp)
		case questions.PhraseClauseWord:
			n.clauseWords = append(n.clauseWords, sp)
		case questions.PhraseAfter:
			n.after = append(n.after, sp)
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
	n.quotes = quotedStretches(norm)
	return n
}

// quotedStretches finds text in quotation marks: an opening mark after a
// non-word (a space, the start) and before a word, up to the next mark of the
// same kind that is not between two letters (an apostrophe in "don't").
func quotedStretches(norm string) [][2]int {
	if !strings.ContainsAny(norm, "\"'\u201c\u00ab") {
		return nil
	}
	var out [][2]int
	prev := rune(' ')
	for i := 0; i < len(norm); {
		r, size := utf8.DecodeRuneInString(norm[i:])
		closing, opens := closingMark(r)
		next, _ := utf8.DecodeRuneInString(norm[i+size:])
		if opens && !questions.IsWordRune(prev) && questions.IsWordRune(next) {
			if end := findClose(norm, i+size, closing); end >= 0 {
				out = append(out, [2]int{i, end})
				prev, i = closing, end+utf8.RuneLen(closing)
				continue
			}
		}
		prev, i = r, i+size
	}
	return out
}

// closingMark returns the mark that closes a quote opened by r.
func closingMark(r rune) (rune, bool) {
	switch r {
	case '"', '\'':
		return r, true
	case '\u201c':
		return '\u201d', true
	case '\u00ab':
		return '\u00bb', true
	}
	return 0, false
}

// findClose returns where the closing mark c after from is, skipping marks
// between two letters (apostrophes), or -1.
func findClose(norm string, from int, c rune) int {
	prev := rune(' ')
	for j := from; j < len(norm); {
		r, size := utf8.DecodeRuneInString(norm[j:])
		if r == c {
			next, _ := utf8.DecodeRuneInString(norm[j+size:])
			if !(questions.IsWordRune(prev) && questions.IsWordRune(next)) {
				return j
			}
		}
		prev, j = r, j+size
	}
	return -1
}

// quoteAround returns the quoted stretch holding byte i, or [-1, -1].
func (n *negator) quoteAround(i int) [2]int {
	// Stretches do not overlap and come in order: the last one opening before i.
	k := sort.Search(len(n.quotes), func(k int) bool { return n.quotes[k][0] >= i }) - 1
	if k >= 0 && i <= n.quotes[k][1] {
		return n.quotes[k]
	}
	return [2]int{-1, -1}
}

// maxWalk is how far back, in bytes, a cue is looked for: a clause of a few
// words is never longer, and no text, however odd, makes the walk slow.
const maxWalk = 512

// cueFor returns the cue that negates the match [start, end) of the
// normalised text, if any.
func (n *negator) cueFor(start, end int) (span, bool) {
	if n == nil {
		return span{}, false
	}
	if c, ok := n.afterCue(end); ok {
		return c, true
	}
	if len(n.cues) == 0 {
		return span{}, false
	}
	c, ok := n.walk(start, start, n.cfg.MaxWords, nil)
	if !ok {
		return span{}, false
	}
	if c.requirement {
		// "never ... without": another cue earlier in the clause cancels it.
		if _, double := n.walk(c.start, start, 2*n.cfg.MaxWords+n.cfg.ListWords, nil); double {
			return span{}, false
		}
	}
	return c.span, true
}

// walk goes back from pos, word by word, to the nearest cue in the clause
// within maxWords words (counted again from each list separator). match is
// where the match being judged starts, for the exceptions; a cue inside one
// of parts (a concept match's own words, "no longer need") is no cue.
func (n *negator) walk(pos, match, maxWords int, parts []questions.ConceptPart) (cue, bool) {
	words := 0
	last := "" // the word right before pos, or right before the last separator passed
	quote := n.quoteAround(match)
	i := pos
	for i > 0 && pos-i < maxWalk {
		r, size := utf8.DecodeLastRuneInString(n.norm[:i])
		quoted := quote[0] < i-size && i <= quote[1]
		switch {
		case r == ' ':
			i -= size
			continue
		case n.clauseWordEndsAt(i) && !quoted:
			return cue{}, false
		}
		if c, ok := n.cueEndingAt(i, match); ok && (!c.narrow || words <= n.cfg.NarrowWords) && !insideParts(c.span, parts) {
			return c, true
		}
		switch {
		case quoted && !questions.IsWordRune(r):
			i -= size // inside the quote, punctuation ends nothing
		case strings.ContainsRune(n.cfg.Boundaries, r):
			return cue{}, false
		case strings.ContainsRune(n.cfg.ListSeparators, r):
			if !n.listGoesOn(i, words, last) {
				return cue{}, false
			}
			words, last = 0, ""
			i -= size
		case questions.IsWordRune(r):
			from := wordStart(n.norm, i)
			if words == 0 {
				last = n.norm[from:i]
			}
			i = from
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

// conceptCue returns the cue that negates a concept match, if any. A cue may
// stand before the match ("we never keep your passwords") or between its
// parts ("your passwords are never kept by us"), so the walk back starts from
// each part, the last first, and the first cue found decides; cues that are
// words of the match itself do not count. A match that spans clauses makes
// its claim in its last clause, so only the parts in that clause are walked
// from: "we've not been asked for documentation, and we don't volunteer it"
// is not negated by the "not" of the first clause. A requirement cue after
// another cue is a double negative, as for a phrase: "nothing changes without
// a written change request" is the request, not its absence. An after-cue
// ("does not apply") negates as it does a phrase.
func (n *negator) conceptCue(m questions.ConceptMatch) (span, bool) {
	if n == nil || len(m.Parts) == 0 {
		return span{}, false
	}
	if c, ok := n.afterCue(m.End); ok {
		return c, true
	}
	if len(n.cues) == 0 {
		return span{}, false
	}
	last := m.Parts[len(m.Parts)-1].Clause
	for i := len(m.Parts) - 1; i >= 0 && m.Parts[i].Clause == last; i-- {
		start := m.Parts[i].Start
		c, ok := n.walk(start, start, n.cfg.MaxWords, m.Parts)
		if !ok {
			continue
		}
		if c.requirement {
			if _, double := n.walk(c.start, start, 2*n.cfg.MaxWords+n.cfg.ListWords, m.Parts); double {
				return span{}, false
			}
		}
		return c.span, true
	}
	// A cue between the parts that the walks could not reach (a clause word
	// stopped them: "scope isn't frozen until renewal").
	k := sort.Search(len(n.cues), func(k int) bool { return n.cues[k].end > m.Start })
	for ; k < len(n.cues) && n.cues[k].end <= m.End; k++ {
		c := n.cues[k]
		if c.start >= m.Start && !insideParts(c.span, m.Parts) && !n.excepted(c.span, m.End) {
			return c.span, true
		}
	}
	return span{}, false
}

// insideParts reports whether a cue overlaps one of a match's parts.
func insideParts(c span, parts []questions.ConceptPart) bool {
	for _, p := range parts {
		if c.start < p.End && p.Start < c.end {
			return true
		}
	}
	return false
}

// insideCue finds a cue inside a match that the match does not need: a rule
// that allows a few words anywhere ("documentation ... stays with us") would
// otherwise swallow the "never" of "documentation never stays with us". The
// cue is taken out and the rule tried again; if it still matches, the cue
// negates it. A cue the rule is written around ("it won't be a problem")
// stays part of the match.
func (n *negator) insideCue(q *questions.Questionnaire, sp span, norm string) (span, bool) {
	if n == nil {
		return span{}, false
	}
	// Cues are in order of their end: from the first that ends inside.
	for k := sort.Search(len(n.cues), func(k int) bool { return n.cues[k].end > sp.start }); k < len(n.cues) && n.cues[k].end <= sp.end; k++ {
		c := n.cues[k]
		if c.start <= sp.start || c.requirement || c.narrow {
			continue
		}
		re := q.SignalMatcher(q.Signals[sp.index].Key)
		if re == nil {
			return span{}, false
		}
		without := strings.TrimRight(norm[sp.start:c.start], " ") + " " + strings.TrimLeft(norm[c.end:sp.end], " ")
		if re.MatchString(strings.TrimSpace(without)) {
			return c.span, true
		}
	}
	return span{}, false
}

// afterCue returns an after-cue that starts at most AfterWords words after
// end with no clause boundary between.
func (n *negator) afterCue(end int) (span, bool) {
	// After-cues are in order of their start: the first at or after end.
	k := sort.Search(len(n.after), func(k int) bool { return n.after[k].start >= end })
	if k == len(n.after) {
		return span{}, false
	}
	c := n.after[k]
	gap := n.norm[end:c.start]
	if len(gap) > 16*(n.cfg.AfterWords+1) || strings.ContainsAny(gap, n.cfg.Boundaries+n.cfg.ListSeparators) ||
		countWords(gap) > n.cfg.AfterWords {
		return span{}, false
	}
	return c, true
}

// listGoesOn reports whether the list separator ending at byte i continues a
// list up to the match: what lies between is nothing or at most ListWords
// words ending in a joiner (last is the word nearest the match), and no
// clause starts after the separator.
func (n *negator) listGoesOn(i, words int, last string) bool {
	next := strings.TrimLeft(n.norm[i:], " ")
	end := strings.IndexFunc(next, func(r rune) bool { return !questions.IsWordRune(r) && r != '\'' })
	if end >= 0 {
		next = next[:end]
	}
	if slices.Contains(n.cfg.ClauseStarts, next) {
		return false
	}
	return words == 0 || words <= n.cfg.ListWords+1 && slices.Contains(n.cfg.ListJoiners, last)
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
