package mspeval

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LineProblem says what is wrong with s as a one-line field (a name, a title, a
// contact), or "" when nothing is. Such text ends up in page titles, e-mail
// subjects, CSV cells and file names, so it may not hold:
//
//   - control characters (CR, LF, TAB, ESC, DEL, C1) or line and paragraph
//     separators: they break lines, headers and terminals;
//   - bidirectional embeddings, overrides and isolates (U+202A–U+202E,
//     U+2066–U+2069): they make a name read differently from what it is
//     ("Acme \u202eTI" shows as "Acme IT"); the plain marks U+200E/U+200F stay;
//   - only invisible characters (zero-width spaces, fillers, a lone combining
//     mark): a name that shows as nothing.
//
// Invisible characters between visible ones stay: emoji and several scripts
// need joiners. Length and emptiness are the caller's rule.
func LineProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == 0:
			return "must not contain NUL characters"
		case isBidiControl(r):
			return fmt.Sprintf("must not contain bidirectional override or isolate characters (found %s)", codePoint(r))
		case UnsafeInLine(r):
			return fmt.Sprintf("must be one line without control characters (found %s)", codePoint(r))
		}
	}
	return invisibleProblem(s)
}

// TextProblem says what is wrong with s as multi-line text (notes, a
// description), or "" when nothing is: line breaks and tabs are allowed there,
// other control characters and invisible-only text are not.
func TextProblem(s string) string {
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		switch {
		case r == 0:
			return "must not contain NUL characters"
		case r == '\n' || r == '\r' || r == '\t':
		case unicode.IsControl(r):
			return fmt.Sprintf("must not contain control characters (found %s)", codePoint(r))
		}
	}
	return invisibleProblem(s)
}

func invisibleProblem(s string) string {
	if s == "" {
		return ""
	}
	for _, r := range s {
		if !invisible(r) {
			return ""
		}
	}
	return "must contain a visible character"
}

// UnsafeInLine reports whether r may not appear in one line of text: a control
// character, a line or paragraph separator, or a bidirectional embedding,
// override or isolate.
func UnsafeInLine(r rune) bool {
	return unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || isBidiControl(r)
}

// DropUnsafe removes from s what UnsafeInLine refuses: characters nobody
// sees (controls, line separators, bidirectional overrides), so that a value
// refused for holding one can be shown again for the person to fix.
func DropUnsafe(s string) string {
	return strings.Map(func(r rune) rune {
		if UnsafeInLine(r) {
			return -1
		}
		return r
	}, s)
}

func isBidiControl(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069')
}

// invisible reports whether r shows as nothing by itself: white space, format
// characters (zero-width space, joiners, BOM), default-ignorable code points
// (Hangul fillers, variation selectors), combining marks with no base, and the
// blank braille pattern that renders as a space.
func invisible(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) ||
		unicode.In(r, unicode.Cf, unicode.Mn, unicode.Me, unicode.Zs, unicode.Other_Default_Ignorable_Code_Point, unicode.Variation_Selector) ||
		r == '\u2800'
}

func codePoint(r rune) string {
	return fmt.Sprintf("U+%04X", r)
}
