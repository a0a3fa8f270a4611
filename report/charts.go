package report

import (
	"fmt"
	"math"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"mspeval/scoring"
)

// charts draws one bar chart per dimension and a radar of the top candidates.
func charts(dc *doc, d *Data) {
	p := dc.pdf
	n := len(d.Result.Candidates)
	barH := 4.5
	for i, dim := range d.Result.Dimensions {
		colour := dimColour[i%len(dimColour)]
		title := dim.Name + " (0–100)"
		if dim.HigherIsWorse {
			title = dim.Name + " (risk, 0–100: shorter is better)"
		}
		need := float64(min(n, 12))*(barH+1.5) + 12
		dc.subheading(title, need)
		labelW := 55.0
		chartW := dc.width() - labelW - 14
		for _, c := range d.Result.Candidates {
			dc.room(barH + 1.5)
			y := p.GetY()
			dc.font("", 8.5, ink)
			p.SetXY(margin, y)
			name := dc.fit(fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), labelW-2)
			p.CellFormat(labelW, barH, name, "", 0, "L", false, 0, "")
			dc.fill(stripe)
			p.Rect(margin+labelW, y, chartW, barH, "F")
			v := c.Dimensions[i].Score
			if v != nil {
				dc.fill(colour)
				p.Rect(margin+labelW, y, chartW*math.Max(0, math.Min(100, *v))/100, barH, "F")
			}
			p.SetXY(margin+labelW+chartW+1, y)
			p.CellFormat(13, barH, score(v), "", 0, "R", false, 0, "")
			p.SetXY(margin, y+barH+1.5)
		}
		p.Ln(3)
	}
	radar(dc, d)
}

// fit shortens text with an ellipsis until it fits width w.
func (dc *doc) fit(text string, w float64) string {
	if dc.pdf.GetStringWidth(text) <= w {
		return text
	}
	r := []rune(text)
	for len(r) > 1 && dc.pdf.GetStringWidth(string(r)+"…") > w {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// Radar geometry in mm: the radius, the centre's distance from the left
// margin, the chart's height with its axis labels, and a legend entry's
// swatch with the gap after it.
const (
	radarR      = 30.0
	radarX      = 62.0
	radarH      = 2*radarR + 20
	radarSwatch = 8.0
)

// radarLabel is an axis's name, placed from the chart's centre.
type radarLabel struct {
	text   string
	dx, dy float64 // from the centre to the label's top left
	w      float64
}

// radarLegend is the legend's place and each candidate's wrapped name.
type radarLegend struct {
	x, w   float64
	beside bool // beside the chart, or under it
	names  [][]string
	height float64
}

// radar draws the top candidates (up to four) on one axis per dimension, with
// risk dimensions turned so that outward is always better. Its legend writes
// every name whole: wrapped beside the chart, or under it when that is taller.
func radar(dc *doc, d *Data) {
	dims := d.Result.Dimensions
	if len(dims) < 3 || len(d.Result.Candidates) == 0 {
		return
	}
	p := dc.pdf
	top := d.Result.Candidates[:min(4, len(d.Result.Candidates))]
	labels, right := radarLabels(dc, d)
	lg := dc.radarLegend(top, right)
	need := radarH
	if !lg.beside {
		need += lg.height + 2
	}
	dc.subheading("Profile of the leading candidates (outward is better)", need)
	top0 := p.GetY()
	cx, cy := margin+radarX, top0+10+radarR
	angle := func(i int) float64 { return radarAngle(i, len(dims)) }

	dc.colour(rule)
	p.SetLineWidth(0.2)
	for ring := 1; ring <= 4; ring++ {
		var pts []gofpdf.PointType
		for i := range dims {
			a := angle(i)
			pts = append(pts, gofpdf.PointType{X: cx + radarR*float64(ring)/4*math.Cos(a), Y: cy + radarR*float64(ring)/4*math.Sin(a)})
		}
		p.Polygon(pts, "D")
	}
	dc.font("B", 8.5, ink)
	for i, l := range labels {
		a := angle(i)
		p.Line(cx, cy, cx+radarR*math.Cos(a), cy+radarR*math.Sin(a))
		p.SetXY(cx+l.dx, cy+l.dy)
		p.CellFormat(l.w, 4, l.text, "", 0, "C", false, 0, "")
	}
	p.SetLineWidth(0.6)
	for k, c := range top {
		dc.colour(radarColour(k))
		var pts []gofpdf.PointType
		for i, dim := range dims {
			v := 0.0
			if s := c.Dimensions[i].Score; s != nil {
				v = *s
				if dim.HigherIsWorse {
					v = 100 - v
				}
			}
			a := angle(i)
			pts = append(pts, gofpdf.PointType{X: cx + radarR*v/100*math.Cos(a), Y: cy + radarR*v/100*math.Sin(a)})
		}
		p.Polygon(pts, "D")
	}
	p.SetLineWidth(0.2)
	end := top0 + radarH
	if y := dc.drawRadarLegend(lg, top0); !lg.beside {
		end = y
	}
	p.SetXY(margin, end+4)
}

// radarAngle is axis i of n, the first pointing up.
func radarAngle(i, n int) float64 { return -math.Pi/2 + 2*math.Pi*float64(i)/float64(n) }

// radarLabels places the axis names around the chart and says how far right
// they reach.
func radarLabels(dc *doc, d *Data) ([]radarLabel, float64) {
	dims := d.Result.Dimensions
	right := margin + radarX + radarR
	var labels []radarLabel
	dc.font("B", 8.5, ink)
	for i, dim := range dims {
		a := radarAngle(i, len(dims))
		text := dim.Name
		if dim.HigherIsWorse {
			text = "Independence (100 − " + strings.ToLower(dim.Name) + ")"
		}
		lw := dc.pdf.GetStringWidth(text) + 2
		l := radarLabel{text: text, dx: (radarR+4)*math.Cos(a) - lw/2, dy: (radarR+4)*math.Sin(a) - 2, w: lw}
		if math.Sin(a) < -0.9 {
			l.dy -= 3
		}
		labels = append(labels, l)
		right = max(right, margin+radarX+l.dx+lw)
	}
	return labels, right
}

// radarLegend wraps the names beside the chart, right of right, where they
// fit in the chart's height; otherwise under the chart, across the page.
func (dc *doc) radarLegend(top []scoring.CandidateResult, right float64) radarLegend {
	wrap := func(x, w float64, beside bool) radarLegend {
		lg := radarLegend{x: x, w: w, beside: beside}
		dc.font("", 9, ink)
		for _, c := range top {
			lines := dc.lines(fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name)), w)
			lg.names = append(lg.names, lines)
			lg.height += float64(len(lines))*dc.lineH() + 2
		}
		return lg
	}
	x := right + 6
	if w := margin + dc.width() - x - radarSwatch; w >= 40 {
		if lg := wrap(x, w, true); lg.height <= radarH-8 {
			return lg
		}
	}
	return wrap(margin, dc.width()-radarSwatch, false)
}

// drawRadarLegend draws the legend below top0 (beside the chart) or below the
// chart, and returns where it ends.
func (dc *doc) drawRadarLegend(lg radarLegend, top0 float64) float64 {
	p := dc.pdf
	dc.font("", 9, ink)
	lh := dc.lineH()
	y := top0 + 4
	if !lg.beside {
		y = top0 + radarH + 2
	}
	for k, lines := range lg.names {
		dc.fill(radarColour(k))
		p.Rect(lg.x, y+lh/2-1.5, 6, 3, "F")
		dc.font("", 9, ink)
		for i, line := range lines {
			p.SetXY(lg.x+radarSwatch, y+float64(i)*lh)
			p.CellFormat(lg.w, lh, line, "", 0, "L", false, 0, "")
		}
		y += float64(len(lines))*lh + 2
	}
	return y
}

func radarColour(k int) rgb {
	return []rgb{{0, 119, 130}, {214, 126, 36}, {112, 72, 160}, {120, 120, 120}}[k%4]
}
