package report

import "strings"

// column and cell describe a table.
type column struct {
	title string
	width float64 // share of the usable width
	align string  // "L", "C" or "R"
}

type cell struct {
	text  string
	style string // "", "B" or "I"
	ink   *rgb
	fill  *rgb
}

// tablePad is the padding inside a table's cells, in mm.
const tablePad = 1.2

// tableLayout is a table wrapped ahead of drawing: each row's lines and
// height, so that page breaks can be chosen before anything is drawn.
type tableLayout struct {
	cols     []column
	size     float64 // the body's font size
	headSize float64
	headH    float64
	wrapped  [][][]string // row, column, lines
	heights  []float64
}

// table draws rows under a header row; see tableNoted.
func (dc *doc) table(cols []column, rows [][]cell, size float64) {
	dc.tableNoted(cols, rows, size, "")
}

// tableNoted draws rows under a header row, each row as high as its most
// wrapped cell. A row that does not fit goes to the next page whole, under the
// header again. No page holds a lone row: the header comes with the first two
// rows (with all of three or fewer), and the last row never goes on alone. A
// note (a legend) is written under the rows on every page the table spans.
func (dc *doc) tableNoted(cols []column, rows [][]cell, size float64, note string) {
	t := dc.layoutTable(cols, rows, size)
	dc.font("I", 7.5, muted)
	noteLines := []string(nil)
	noteH := 0.0
	if note != "" {
		noteLines = dc.lines(clean(note), dc.width())
		noteH = 1 + float64(len(noteLines))*dc.lineH()
	}
	n := len(rows)
	first := 0.0
	for _, h := range t.heights[:keepLines(0, n)] {
		first += h
	}
	dc.room(t.headH + first + noteH)
	dc.tableHeader(t)
	for i := 0; i < n; {
		j := i
		for y := dc.pdf.GetY(); j < n && y+t.heights[j]+noteH <= dc.bottom(); j++ {
			y += t.heights[j]
		}
		if j == i {
			// A row taller than a page: drawn anyway, rather than never.
			j = i + 1
		}
		if j == n-1 && j-i >= 3 {
			// The last row would stand alone on the next page: one more goes with it.
			j--
		}
		for k := i; k < j; k++ {
			dc.tableRow(t, k, rows[k])
		}
		if note != "" {
			dc.pdf.Ln(1)
			dc.font("I", 7.5, muted)
			for _, line := range noteLines {
				dc.pdf.SetX(margin)
				dc.pdf.CellFormat(dc.width(), dc.lineH(), line, "", 1, "L", false, 0, "")
			}
		}
		if j < n {
			dc.page("")
			dc.tableHeader(t)
		}
		i = j
	}
	dc.pdf.Ln(3)
}

// tableStart is the height a table needs on the page where it starts: its
// header with the rows that must come along. A heading above a table asks
// for it, so that it never stands alone at the foot of a page.
func (dc *doc) tableStart(cols []column, rows [][]cell, size float64) float64 {
	n := keepLines(0, len(rows))
	t := dc.layoutTable(cols, rows[:n], size)
	h := t.headH
	for _, rh := range t.heights {
		h += rh
	}
	return h
}

// layoutTable wraps the header and every row. The header's size shrinks (to
// 6 pt at least) until every word of every title fits its column: a title
// broken inside a word is hard to read.
func (dc *doc) layoutTable(cols []column, rows [][]cell, size float64) tableLayout {
	p := dc.pdf
	total := dc.width()
	t := tableLayout{cols: cols, size: size, headSize: size}
	for _, c := range cols {
		for _, word := range strings.Fields(c.title) {
			for t.headSize > 6 {
				dc.font("B", t.headSize, ink)
				if p.GetStringWidth(word) <= c.width*total-2*tablePad {
					break
				}
				t.headSize -= 0.5
			}
		}
	}
	dc.font("B", t.headSize, ink)
	for _, c := range cols {
		t.headH = max(t.headH, float64(len(dc.lines(c.title, c.width*total-2*tablePad)))*dc.lineH())
	}
	t.headH += 2 * tablePad
	for _, row := range rows {
		dc.font("", size, ink)
		lh := dc.lineH()
		wrapped := make([][]string, len(cols))
		h := 0.0
		for i, c := range cols {
			text := ""
			if i < len(row) {
				dc.font(row[i].style, size, ink)
				text = row[i].text
			}
			wrapped[i] = dc.lines(clean(text), c.width*total-2*tablePad)
			h = max(h, float64(len(wrapped[i]))*lh)
		}
		t.wrapped = append(t.wrapped, wrapped)
		t.heights = append(t.heights, h+2*tablePad)
	}
	return t
}

func (dc *doc) tableHeader(t tableLayout) {
	p := dc.pdf
	total := dc.width()
	dc.font("B", t.headSize, ink)
	lh := dc.lineH()
	y := p.GetY()
	x := margin
	dc.fill(headFill)
	dc.colour(rule)
	for _, c := range t.cols {
		p.Rect(x, y, c.width*total, t.headH, "FD")
		for i, line := range dc.lines(c.title, c.width*total-2*tablePad) {
			p.SetXY(x+tablePad, y+tablePad+float64(i)*lh)
			p.CellFormat(c.width*total-2*tablePad, lh, line, "", 0, c.align, false, 0, "")
		}
		x += c.width * total
	}
	p.SetXY(margin, y+t.headH)
}

// tableRow draws row ri, striped when odd, at the current position.
func (dc *doc) tableRow(t tableLayout, ri int, row []cell) {
	p := dc.pdf
	total := dc.width()
	dc.font("", t.size, ink)
	lh := dc.lineH()
	h := t.heights[ri]
	y := p.GetY()
	x := margin
	for i, c := range t.cols {
		cw := c.width * total
		bg := (*rgb)(nil)
		if ri%2 == 1 {
			bg = &stripe
		}
		if i < len(row) && row[i].fill != nil {
			bg = row[i].fill
		}
		dc.colour(rule)
		if bg != nil {
			dc.fill(*bg)
			p.Rect(x, y, cw, h, "FD")
		} else {
			p.Rect(x, y, cw, h, "D")
		}
		textInk := ink
		style := ""
		if i < len(row) {
			style = row[i].style
			if row[i].ink != nil {
				textInk = *row[i].ink
			}
		}
		dc.font(style, t.size, textInk)
		for li, line := range t.wrapped[ri][i] {
			p.SetXY(x+tablePad, y+tablePad+float64(li)*lh)
			p.CellFormat(cw-2*tablePad, lh, line, "", 0, c.align, false, 0, "")
		}
		x += cw
	}
	p.SetXY(margin, y+h)
}
