package report

// A block is text wrapped ahead of drawing (a question with its answer and
// ratings), so that page breaks are chosen knowing every line's height.
type block struct {
	lines []blockLine
	// keep is how many of the first lines stay together on a page: a
	// question's prompt with the start of its answer.
	keep int
	// after is the space below the block, in mm.
	after float64
}

// blockLine is one wrapped line in its font, colour and place; a tag (a
// flag's kind) is written in bold before it, from the left margin.
type blockLine struct {
	text   string
	style  string
	size   float64
	ink    rgb
	x, w   float64
	tag    string
	tagInk rgb
}

func (l blockLine) height() float64 { return l.size * ptToMM * lineHeight }

// add wraps text in a font into the block's lines, at x with width w.
func (dc *doc) add(b *block, text, style string, size float64, c rgb, x, w float64) {
	dc.font(style, size, c)
	for _, part := range splitParagraphs(clean(text)) {
		for _, line := range dc.lines(part, w) {
			b.lines = append(b.lines, blockLine{text: line, style: style, size: size, ink: c, x: x, w: w})
		}
	}
}

// height is the block's height with the space after it.
func (b *block) height() float64 {
	h := b.after
	for _, l := range b.lines {
		h += l.height()
	}
	return h
}

// heightOf is the height of lines from to to (not included).
func (b *block) heightOf(from, to int) float64 {
	h := 0.0
	for _, l := range b.lines[from:min(to, len(b.lines))] {
		h += l.height()
	}
	return h
}

// blocks draws blocks one after another. Within a block, the first keep lines
// stay together and no page starts on its last line alone. The last block
// does not stand alone on the last page when the one before can go with it.
func (dc *doc) blocks(bs []block) {
	contentH := dc.bottom() - (margin + headerH)
	for i := range bs {
		if i == len(bs)-2 {
			both := bs[i].height() + bs[i+1].height()
			left := dc.bottom() - dc.pdf.GetY()
			if both > left && bs[i].height() <= left && both <= contentH {
				dc.page("")
			}
		}
		dc.drawBlock(bs[i])
	}
}

func (dc *doc) drawBlock(b block) {
	p := dc.pdf
	n := len(b.lines)
	for k, l := range b.lines {
		need := b.heightOf(k, k+keepLines(k, n))
		if k == 0 {
			need = max(need, b.heightOf(0, b.keep))
		}
		dc.room(need)
		if l.tag != "" {
			dc.font("B", l.size-0.5, l.tagInk)
			p.SetX(margin)
			p.CellFormat(l.x-margin, l.height(), l.tag, "", 0, "L", false, 0, "")
		}
		dc.font(l.style, l.size, l.ink)
		p.SetX(l.x)
		p.CellFormat(l.w, l.height(), l.text, "", 1, "L", false, 0, "")
	}
	p.Ln(b.after)
}
