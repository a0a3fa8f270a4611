package scoring

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"mspeval/questions"
)

// apostrophes are the characters people and word processors type for "'".
var apostrophes = map[rune]bool{'\u2019': true, '\u2018': true, '\u02BC': true, '\u0060': true, '\u00B4': true}

// hyphens are the characters that stand for "-" in typed and pasted text.
var hyphens = map[rune]bool{'\u2010': true, '\u2011': true, '\u2012': true, '\u2212': true}

// normalize prepares text for matching: curly apostrophes become straight,
// Unicode hyphens "-", and every run of white space (no-break spaces and line
// breaks included) one space. It returns, for each byte of the result, the
// byte offset it came from in text (plus one entry for the end), so that
// matches found in the result point into the original.
func normalize(text string) (string, []int) {
	var b strings.Builder
	b.Grow(len(text))
	offsets := make([]int, 0, len(text)+1)
	space := false
	for i, r := range text {
		switch {
		case apostrophes[r]:
			r = '\''
		case hyphens[r]:
			r = '-'
		case unicode.IsSpace(r):
			if space {
				continue
			}
			r = ' '
		}
		space = r == ' '
		n, _ := b.WriteRune(r)
		for k := 0; k < n; k++ {
			offsets = append(offsets, i)
		}
	}
	offsets = append(offsets, len(text))
	return b.String(), offsets
}

// FindSignals runs every rule that applies to a question on one text answer.
func FindSignals(q *questions.Questionnaire, questionKey, text string) []SignalMatch {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	norm, offsets := normalize(text)
	lower := strings.ToLower(norm)
	var out []SignalMatch
	for _, rule := range q.Signals {
		if len(rule.Questions) > 0 && !contains(rule.Questions, questionKey) {
			continue
		}
		if words := q.SignalPrefilter(rule.Key); words != nil && !containsAny(lower, words) {
			continue // none of the words the rule needs is in the text
		}
		re := q.SignalMatcher(rule.Key)
		if re == nil {
			continue
		}
		spans := patternSpans(re, norm)
		for _, sp := range mergeSpans(spans) {
			s, e := offsets[sp[0]], offsets[sp[1]]
			out = append(out, SignalMatch{
				Rule: rule.Key, Label: rule.Label, Kind: string(rule.Kind), Dimension: rule.Dimension,
				Question: questionKey, Matched: text[s:e], Start: s, End: e,
			})
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Rule < out[j].Rule
	})
	return out
}

// patternSpans finds a pattern's matches in s. The pattern is bounded (see
// questions.SignalPatterns): its submatch 1 is the match, and the search goes on
// from the end of that submatch so that neighbouring matches share a separator.
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

// mergeSpans sorts spans and joins overlapping ones, so that two patterns of one
// rule matching the same words report them once.
func mergeSpans(spans [][2]int) [][2]int {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i][0] < spans[j][0] })
	out := [][2]int{spans[0]}
	for _, sp := range spans[1:] {
		last := &out[len(out)-1]
		if sp[0] < last[1] {
			if sp[1] > last[1] {
				last[1] = sp[1]
			}
			continue
		}
		out = append(out, sp)
	}
	return out
}

// sentenceAround returns the sentence of text that holds the byte range, for
// quoting a contradiction in its context.
func sentenceAround(text string, start, end int) string {
	from := strings.LastIndexAny(text[:start], ".!?\n")
	from++
	to := strings.IndexAny(text[end:], ".!?\n")
	if to < 0 {
		to = len(text)
	} else {
		to += end + 1
	}
	return strings.TrimSpace(text[from:to])
}

func containsAny(text string, words []string) bool {
	for _, w := range words {
		if strings.Contains(text, w) {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
