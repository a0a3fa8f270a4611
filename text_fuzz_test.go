package mspeval_test

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"mspeval"
)

// FuzzLineProblem checks the one-line rule against its promise on any input:
// what it accepts is valid UTF-8 with no control, line-separator or
// bidirectional override character and at least one visible character (or is
// empty); what it refuses comes with a message; multi-line text accepts
// everything one-line text does.
func FuzzLineProblem(f *testing.F) {
	for _, seed := range []string{"Acme IT", "Acme\nIT", "Acme\tIT", "\x1b[31m", "Acme \u202eTI", "\u2066x\u2069",
		"\u200b", "\u3164", "\u0301", "Family 👨‍👩‍👧", "نیم\u200cفاصله", "\xff", "", " ", "\u2028", "a\u0085b"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		problem := mspeval.LineProblem(s)
		if problem != "" {
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("%q: accepted with invalid UTF-8", s)
		}
		for _, r := range s {
			if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' || (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') {
				t.Fatalf("%q: accepted with %U", s, r)
			}
		}
		if s != "" && strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == "" {
			t.Fatalf("%q: accepted with nothing visible", s)
		}
		if p := mspeval.TextProblem(s); p != "" {
			t.Fatalf("%q: one line is fine but as text: %s", s, p)
		}
	})
}
