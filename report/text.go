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
	coverOnce    sync.Once
	faceCoverage *coverage
)

// coverage answers which runes the Go regular face has. Reports ask for every
// character they print, so the common ones (Latin, Greek, Cyrillic and the
// like) come from a table filled once and read without a lock; the rest are
// looked up in the font and remembered.
type coverage struct {
	low [0x800]bool
	// ascii is true when the face has every printable ASCII character, so
	// that clean may return such text as it is.
	ascii bool

	mu   sync.Mutex
	font *sfnt.Font
	buf  sfnt.Buffer
	high map[rune]bool
}

func (c *coverage) has(r rune) bool {
	if r >= 0 && r < rune(len(c.low)) {
		return c.low[r]
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.high[r]; ok {
		return v
	}
	v := c.lookup(r)
	c.high[r] = v
	return v
}

// lookup asks the font; the caller holds mu or is the only one using c.
func (c *coverage) lookup(r rune) bool {
	g, err := c.font.GlyphIndex(&c.buf, r)
	return err == nil && g != 0
}

// inFont reports whether the Go regular face has a glyph for r.
func inFont(r rune) bool {
	return fontCoverage().has(r)
}

func fontCoverage() *coverage {
	coverOnce.Do(func() {
		f, err := sfnt.Parse(goregular.TTF)
		if err != nil {
			panic("report: the embedded font does not parse: " + err.Error())
		}
		c := &coverage{font: f, high: map[rune]bool{}, ascii: true}
		for r := range c.low {
			c.low[r] = c.lookup(rune(r))
		}
		for r := ' '; r < 0x7f; r++ {
			c.ascii = c.ascii && c.low[r]
		}
		faceCoverage = c
	})
	return faceCoverage
}

// clean makes text printable in the report's font: it composes accents, keeps
// line breaks, drops zero-width characters, turns tabs and other control
// characters into spaces and replaces characters the font lacks with Missing.
func clean(s string) string {
	if plainASCII(s) {
		// Nearly every text of a report: nothing to change, nothing to copy.
		return s
	}
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

// plainASCII reports whether clean would return s unchanged because it holds
// only printable ASCII characters (all in the font) and line breaks.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < ' ' && c != '\n') || c >= 0x7f {
			return false
		}
	}
	return fontCoverage().ascii
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
