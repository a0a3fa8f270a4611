package questions

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// apostrophes are the characters people and word processors type for "'".
var apostrophes = map[rune]bool{'\u2019': true, '\u2018': true, '\u02BC': true, '\u0060': true, '\u00B4': true}

// hyphens are the characters that stand for "-" in typed and pasted text.
var hyphens = map[rune]bool{'\u2010': true, '\u2011': true, '\u2012': true, '\u2212': true}

// NormalizeText prepares an answer text for phrase matching: curly apostrophes
// become straight, Unicode hyphens "-", every run of white space (no-break
// spaces and line breaks included) one space, and letters lower case. It
// returns, for each byte of the result, the byte offset it came from in text
// (plus one entry for the end), so that matches found in the result point
// into the original.
func NormalizeText(text string) (string, []int32) {
	var b strings.Builder
	b.Grow(len(text))
	offsets := make([]int32, 0, len(text)+1)
	space := false
	for i, r := range text {
		switch {
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			} else if r == '\t' || r == '\n' || r == '\v' || r == '\f' || r == '\r' {
				r = ' '
			}
			if r == ' ' && space {
				continue
			}
		case apostrophes[r]:
			r = '\''
		case hyphens[r]:
			r = '-'
		case unicode.IsSpace(r):
			if space {
				continue
			}
			r = ' '
		default:
			r = unicode.ToLower(r)
		}
		space = r == ' '
		n, _ := b.WriteRune(r)
		for k := 0; k < n; k++ {
			offsets = append(offsets, int32(i))
		}
	}
	offsets = append(offsets, int32(len(text)))
	return b.String(), offsets
}

// IsWordRune reports whether r is part of a word for the phrase rules' word
// boundaries: a letter, a digit, a combining mark or "_".
func IsWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9' || r == '_'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Mn, r)
}
