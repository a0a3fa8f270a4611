package report

import (
	"strings"
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"mspeval/scoring"
)

// The report's typeface is Go (regular, bold, italic): it covers Latin, Greek
// and Cyrillic. Characters it lacks (CJK, emoji) are replaced by Missing, so
// that a vendor's name never breaks the layout or the PDF.
const Missing = '?'

var (
	coverOnce sync.Once
	covered   func(r rune) bool
)

// inFont reports whether the Go regular face has a glyph for r.
func inFont(r rune) bool {
	coverOnce.Do(func() {
		f, err := sfnt.Parse(goregular.TTF)
		if err != nil {
			panic("report: the embedded font does not parse: " + err.Error())
		}
		var mu sync.Mutex
		var buf sfnt.Buffer
		cache := map[rune]bool{}
		covered = func(r rune) bool {
			mu.Lock()
			defer mu.Unlock()
			if v, ok := cache[r]; ok {
				return v
			}
			g, err := f.GlyphIndex(&buf, r)
			v := err == nil && g != 0
			cache[r] = v
			return v
		}
	})
	return covered(r)
}

// clean makes text printable in the report's font: it composes accents, keeps
// line breaks, drops zero-width characters, turns tabs and other control
// characters into spaces and replaces characters the font lacks with Missing.
func clean(s string) string {
	// Composed form first: "é" typed as "e" plus a combining accent (as some
	// systems paste it) becomes the one character the font has.
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\u2060' || r == '\ufeff':
			// Zero-width characters print as nothing.
		case r == '\n':
			b.WriteRune(r)
		case r == '\r':
		case r < ' ' || r == 0x7f:
			b.WriteByte(' ')
		case r == 0xFFFD || !inFont(r):
			b.WriteRune(Missing)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// oneLine is clean with line breaks folded into spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// fontCopies returns fresh copies of the font files: gofpdf keeps and changes
// what it is given, so documents made at the same time must not share the bytes.
func fontCopies() (regular, bold, italic []byte) {
	return append([]byte(nil), goregular.TTF...), append([]byte(nil), gobold.TTF...), append([]byte(nil), goitalic.TTF...)
}

// score and percent write numbers as every surface does.
var (
	score   = scoring.FormatScore
	percent = scoring.FormatShare
)
