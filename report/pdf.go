package report

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Page geometry in millimetres.
const (
	margin     = 15.0
	headerH    = 10.0
	footerH    = 10.0
	lineHeight = 1.35 // line height as a multiple of the font size in mm
	ptToMM     = 0.3528
)

// Colours.
type rgb struct{ r, g, b int }

var (
	ink       = rgb{33, 37, 41}
	muted     = rgb{96, 104, 112}
	rule      = rgb{206, 212, 218}
	headFill  = rgb{233, 236, 239}
	stripe    = rgb{248, 249, 250}
	redInk    = rgb{176, 42, 55}
	greenInk  = rgb{25, 118, 73}
	dimColour = []rgb{{0, 119, 130}, {214, 126, 36}, {112, 72, 160}, {70, 130, 60}, {160, 70, 90}}
)

// doc wraps one gofpdf document with the report's fonts, header, footer and
// the few layout helpers every section uses. Pages are broken by the helpers,
// never by gofpdf, so that a table row or a quoted answer is never cut blindly.
type doc struct {
	pdf   *gofpdf.Fpdf
	title string
	// footNote is the footer's left-hand text; the page number is on the right.
	footNote string
	// inkSet: font has set a text colour. Until then gofpdf has its default,
	// which it writes differently from a colour set, so font sets one anyway.
	inkSet bool
	// face is the font gofpdf has, as font last set it; see font.
	face face
	// compressPages: gofpdf writes the pages uncompressed, write compresses them.
	compressPages bool
}

func newDoc(d *Data, title string) *doc {
	dc := baseDoc(title+" — "+d.Evaluation, d.Workspace, d.Generated)
	dc.title = oneLine(d.Evaluation)
	dc.footNote = "Generated " + d.Dates.Time(d.Generated)
	dc.pdf.SetHeaderFuncMode(dc.header, false)
	// Long documents: see compressPages.
	dc.pdf.SetCompression(false)
	dc.compressPages = true
	return dc
}

// baseDoc is an A4 document with the Go fonts (each document its own copy),
// the report's margins, metadata dated at and the page-numbered footer; the
// caller sets the header.
func baseDoc(title, author string, at time.Time) *doc {
	pdf := gofpdf.New("P", "mm", "A4", "")
	regular, bold, italic := fontCopies()
	pdf.AddUTF8FontFromBytes("Go", "", regular)
	pdf.AddUTF8FontFromBytes("Go", "B", bold)
	pdf.AddUTF8FontFromBytes("Go", "I", italic)
	pdf.SetMargins(margin, margin+headerH, margin)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0) // tables pad their cells themselves
	pdf.SetCreationDate(at)
	pdf.SetModificationDate(at)
	pdf.SetCatalogSort(true)
	pdf.SetTitle(clean(title), true)
	pdf.SetAuthor(clean(author), true)
	pdf.SetCreator("mspeval", true)
	pdf.SetProducer("mspeval", true)
	pdf.AliasNbPages("{nb}")
	dc := &doc{pdf: pdf}
	pdf.SetFooterFunc(func() {
		// gofpdf gives the next page the font from before the footer.
		f := dc.face
		dc.footer()
		dc.face = f
	})
	return dc
}

func (dc *doc) header() {
	p := dc.pdf
	w, _ := p.GetPageSize()
	dc.font("", 8, muted)
	p.SetXY(margin, 8)
	p.CellFormat(w-2*margin-50, 5, dc.title, "", 0, "L", false, 0, "")
	p.CellFormat(50, 5, "mspeval · co-managed IT partner selection", "", 0, "R", false, 0, "")
	dc.colour(rule)
	p.SetLineWidth(0.2)
	p.Line(margin, 14, w-margin, 14)
	p.SetXY(margin, margin+headerH)
}

func (dc *doc) footer() {
	p := dc.pdf
	w, h := p.GetPageSize()
	dc.font("", 8, muted)
	p.SetXY(margin, h-margin+2)
	p.CellFormat((w-2*margin)/2, 5, dc.fit(dc.footNote, (w-2*margin)/2-2), "", 0, "L", false, 0, "")
	p.CellFormat((w-2*margin)/2, 5, fmt.Sprintf("page %d of {nb}", p.PageNo()), "", 0, "R", false, 0, "")
}

// face is a style and size of the Go font; set is false while unknown.
type face struct {
	style string
	size  float64
	set   bool
}

// font sets the face, size (pt) and text colour.
func (dc *doc) font(style string, size float64, c rgb) {
	// gofpdf writes a font change into the page on every call, even to the
	// font it has: half of a long report's font changes changed nothing.
	if f := (face{style, size, true}); dc.face != f {
		dc.pdf.SetFont("Go", style, size)
		dc.face = f
	}
	// gofpdf formats a colour anew on every call, and a long report sets the
	// same one tens of thousands of times: set it only when it changes.
	if r, g, b := dc.pdf.GetTextColor(); !dc.inkSet || r != c.r || g != c.g || b != c.b {
		dc.pdf.SetTextColor(c.r, c.g, c.b)
		dc.inkSet = true
	}
}

func (dc *doc) colour(c rgb) { dc.pdf.SetDrawColor(c.r, c.g, c.b) }
func (dc *doc) fill(c rgb)   { dc.pdf.SetFillColor(c.r, c.g, c.b) }

// lineH is the height of a line of text at the current font size.
func (dc *doc) lineH() float64 {
	size, _ := dc.pdf.GetFontSize()
	return size * ptToMM * lineHeight
}

// width is the usable width of the current page.
func (dc *doc) width() float64 {
	w, _ := dc.pdf.GetPageSize()
	return w - 2*margin
}

// bottom is the lowest y content may reach on the current page.
func (dc *doc) bottom() float64 {
	_, h := dc.pdf.GetPageSize()
	return h - margin - footerH
}

// room starts a new page (of the same orientation) unless h mm fit below.
func (dc *doc) room(h float64) {
	if dc.pdf.GetY()+h > dc.bottom() {
		dc.page("")
	}
}

// page adds a page; orientation "" keeps the current one.
func (dc *doc) page(orientation string) {
	if orientation == "" {
		w, h := dc.pdf.GetPageSize()
		orientation = "P"
		if w > h && dc.pdf.PageNo() > 0 {
			orientation = "L"
		}
	}
	// gofpdf gives the new page the font from before, whatever the header set.
	f := dc.face
	dc.pdf.AddPageFormat(orientation, gofpdf.SizeType{Wd: 210, Ht: 297})
	if f.set {
		dc.face = f
	}
}

// heading writes a section title, starting a page when fewer than min mm of
// content would follow it.
func (dc *doc) heading(text string, min float64) {
	dc.font("B", 14, ink)
	dc.room(dc.lineH() + 2 + min)
	dc.pdf.SetX(margin)
	dc.pdf.CellFormat(dc.width(), dc.lineH()+1, clean(text), "", 1, "L", false, 0, "")
	dc.pdf.Ln(1)
}

// subheading is a smaller title.
func (dc *doc) subheading(text string, min float64) {
	dc.font("B", 11, ink)
	dc.room(dc.lineH() + 1 + min)
	dc.pdf.SetX(margin)
	dc.pdf.CellFormat(dc.width(), dc.lineH(), clean(text), "", 1, "L", false, 0, "")
	dc.pdf.Ln(0.5)
}

// paragraph writes wrapped text at x with width w, breaking pages between
// lines but never leaving a paragraph's first or last line alone on a page.
func (dc *doc) paragraph(text string, x, w float64) {
	lh := dc.lineH()
	for _, part := range splitParagraphs(clean(text)) {
		lines := dc.lines(part, w)
		for i, line := range lines {
			dc.room(float64(keepLines(i, len(lines))) * lh)
			dc.pdf.SetX(x)
			dc.pdf.CellFormat(w, lh, line, "", 1, "L", false, 0, "")
		}
	}
}

// lines wraps text to width w in the current font. Explicit line breaks are
// kept, and an empty text is one empty line.
func (dc *doc) lines(text string, w float64) []string {
	var out []string
	for _, part := range splitParagraphs(text) {
		ls := dc.pdf.SplitText(part, w)
		if len(ls) == 0 {
			ls = []string{""}
		}
		out = append(out, ls...)
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

// keepLines is how many lines, from line i of n, must fit on the page before
// line i is written there: a page never ends on a text's first line nor starts
// on its last, so a text of three lines or fewer is kept whole.
func keepLines(i, n int) int {
	switch {
	case i == 0 && n <= 3:
		return n
	case i == 0 || i == n-2:
		return 2
	}
	return 1
}

func splitParagraphs(s string) []string {
	return strings.Split(s, "\n")
}

// write renders the document; a layout error inside gofpdf surfaces here.
func (dc *doc) write(w io.Writer) error {
	if err := dc.pdf.Error(); err != nil {
		return err
	}
	if !dc.compressPages {
		return dc.pdf.Output(w)
	}
	var raw bytes.Buffer
	if err := dc.pdf.Output(&raw); err != nil {
		return err
	}
	return compressPages(w, raw.Bytes())
}
