package scoring

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"mspeval/questions"
)

// normalize prepares text for matching (see questions.NormalizeText): it
// returns the normalised text and, for each of its bytes, the byte offset it
// came from in text, so that matches point into the original.
func normalize(text string) (string, []int32) {
	return questions.NormalizeText(text)
}

// FindSignals runs every rule that applies to a question on one text answer
// and returns what the text counts as: with an evidence block, negated
// matches are left out or counted as their rule's declared meaning.
func FindSignals(q *questions.Questionnaire, questionKey, text string) []SignalMatch {
	ev := AssessText(q, questionKey, text)
	if len(ev.Counted) == 0 {
		return nil
	}
	return ev.Counted
}

// patternSpans finds a bounded pattern's matches in s (see
// questions.SignalPatterns): its submatch 1 is the match, and the search goes
// on from the end of that submatch so that neighbouring matches share a
// separator.
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

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
