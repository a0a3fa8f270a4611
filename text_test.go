package mspeval_test

import (
	"strings"
	"testing"

	"mspeval"
)

func TestLineProblem(t *testing.T) {
	ok := []string{
		"Acme IT", "  Acme IT  ", "Müller & Söhne GmbH", "東京サポート", "شركة الدعم",
		"Family 👨‍👩‍👧 IT", // zero-width joiners between visible characters
		"نیم\u200cفاصله",  // a zero-width non-joiner inside Persian text
		"Acme\u200fIT",    // a right-to-left mark is a mark, not an override
		"",                // emptiness is the length rule's business
	}
	for _, s := range ok {
		if got := mspeval.LineProblem(s); got != "" {
			t.Errorf("LineProblem(%q) = %q, want none", s, got)
		}
	}
	refused := map[string]string{
		"CarriageReturn":        "Acme\rIT",
		"LineFeed":              "Acme\nIT",
		"TrailingLineFeed":      "Acme IT\n",
		"Tab":                   "Acme\tIT",
		"Escape":                "Acme \x1b[31mIT",
		"Delete":                "Acme\x7f",
		"C1Control":             "Acme\u0085IT",
		"LineSeparator":         "Acme\u2028IT",
		"RightToLeftOverride":   "Acme \u202eTI",
		"LeftToRightEmbedding":  "\u202aAcme",
		"PopDirectional":        "Acme\u202c",
		"FirstStrongIsolate":    "\u2068Acme\u2069",
		"ZeroWidthOnly":         "\u200b\u200b",
		"WordJoinerOnly":        "\u2060",
		"HangulFillerOnly":      "\u3164",
		"BrailleBlankOnly":      "\u2800\u2800",
		"NoBreakSpaceOnly":      "\u00a0\u3000",
		"ByteOrderMarkOnly":     "\ufeff",
		"CombiningMarkOnly":     "\u0301",
		"VariationSelectorOnly": "\ufe0f",
		"InvalidUTF8":           "Acme \xff",
	}
	for name, s := range refused {
		t.Run(name, func(t *testing.T) {
			if got := mspeval.LineProblem(s); got == "" {
				t.Errorf("LineProblem(%q): got none, want a problem", s)
			}
		})
	}
	t.Run("ProblemSaysWhichCharacter", func(t *testing.T) {
		if got := mspeval.LineProblem("Acme \u202eTI"); !strings.Contains(got, "U+202E") {
			t.Errorf("got %q, want the code point named", got)
		}
	})
}

func TestTextProblem(t *testing.T) {
	for _, s := range []string{"line one\nline two", "a\r\nb", "col\tcol", "Acme \u202eTI"} {
		if got := mspeval.TextProblem(s); got != "" {
			t.Errorf("TextProblem(%q) = %q, want none", s, got)
		}
	}
	for _, s := range []string{"Acme \x1b[31m", "bell\a", "\u200b", " \n\t "[:0] + "\u2060\n"} {
		if got := mspeval.TextProblem(s); got == "" {
			t.Errorf("TextProblem(%q): got none, want a problem", s)
		}
	}
}
