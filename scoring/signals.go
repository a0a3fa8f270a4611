package scoring

import (
	"strings"

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
