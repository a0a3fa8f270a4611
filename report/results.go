package report

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	_ "image/jpeg" // a logo may be a JPEG gofpdf cannot take as it is
	"image/png"
	"io"
	"math"
	"net/http"
	"strconv"
	"time"

	"github.com/jung-kurt/gofpdf"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
)

// ResultsDoc is what a respondent's results PDF shows: their own results, as
// the results page shows them, under the workspace's branding. It holds
// nothing else on purpose: no option score, guidance or other respondent can
// reach the document.
type ResultsDoc struct {
	// Branding is the workspace's: its name heads every page and its accent
	// colour ("#RRGGBB", or "" for the default) draws the bars.
	Branding mspeval.Branding
	// Logo is the workspace's logo, nil for none; LogoType is "image/png" or
	// "image/jpeg" (read from the bytes when empty).
	Logo     []byte
	LogoType string
	// Company is the respondent's company.
	Company string
	// Date is the results' date (the submission), also the PDF's own date.
	Date time.Time
	// Dates writes the date as the workspace chose; the zero value writes
	// the default.
	Dates   mspeval.Dates
	Results questions.RespondentResult
}

// defaultAccent is the application's own accent colour (app.css), for a
// workspace that has not chosen one.
var defaultAccent = rgb{11, 92, 173}

// accentOf reads "#RRGGBB"; anything else is the default.
func accentOf(hex string) rgb {
	if hex == "" || mspeval.AccentProblem(hex) != "" {
		return defaultAccent
	}
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	return rgb{int(v>>16) & 255, int(v>>8) & 255, int(v) & 255}
}

// tint mixes c with white: share 0 is c, 1 is white.
func tint(c rgb, share float64) rgb {
	mix := func(v int) int { return int(math.Round(float64(v) + (255-float64(v))*share)) }
	return rgb{mix(c.r), mix(c.g), mix(c.b)}
}

// onColour is the text colour that reads on a fill of c.
func onColour(c rgb) rgb {
	if 0.299*float64(c.r)+0.587*float64(c.g)+0.114*float64(c.b) > 160 {
		return ink
	}
	return rgb{255, 255, 255}
}

// resultsDoc is the document with the results' header: the logo, the
// workspace's name and a rule in the accent colour.
type resultsDoc struct {
	*doc
	accent rgb
	logo   *gofpdf.ImageInfoType
}

// ResultsPDF writes a respondent's results: the title and introduction, the
// overall tier and score, each dimension's score as a bar with its tier, and
// the next steps.
func ResultsPDF(w io.Writer, r ResultsDoc) error {
	date := r.Dates.Day(r.Date)
	company := oneLine(r.Company)
	title := r.Results.Title
	if company != "" {
		title += " — " + company
	}
	rd := &resultsDoc{doc: baseDoc(title, r.Branding.Name, r.Date), accent: accentOf(r.Branding.AccentColor)}
	rd.title = oneLine(r.Branding.Name)
	rd.footNote = date
	if company != "" {
		// The date first: a long name is shortened, the date never.
		rd.footNote = date + " · results for " + company
	}
	rd.logo = rd.registerLogo(r.Logo, r.LogoType)
	rd.pdf.SetHeaderFuncMode(rd.header, false)
	rd.page("P")

	rd.opening(r.Results, company, date)
	rd.overall(r.Results.Overall)
	if len(r.Results.Dimensions) > 0 {
		rd.heading("Your results by area", 30)
		for _, d := range r.Results.Dimensions {
			rd.dimension(d)
		}
	}
	if len(r.Results.NextSteps) > 0 {
		rd.pdf.Ln(2)
		rd.heading("Next steps", 20)
		for i, s := range r.Results.NextSteps {
			rd.step(i+1, s)
		}
	}
	return rd.write(w)
}

// registerLogo adds the logo to the document and returns its size, or nil
// when there is none or it cannot be read. gofpdf takes 8-bit, non-interlaced
// PNGs and JPEGs as they are; any other image Go decodes goes in redrawn as
// such a PNG. A logo that does not decode is left out rather than failing the
// respondent's results.
func (rd *resultsDoc) registerLogo(data []byte, typ string) *gofpdf.ImageInfoType {
	p := rd.pdf
	if len(data) == 0 || p.Err() {
		return nil
	}
	if typ == "" {
		typ = http.DetectContentType(data)
	}
	if kind := map[string]string{"image/png": "PNG", "image/jpeg": "JPG"}[typ]; kind != "" {
		info := p.RegisterImageOptionsReader("logo", gofpdf.ImageOptions{ImageType: kind}, bytes.NewReader(data))
		if !p.Err() {
			return info
		}
		p.ClearError()
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	plain := image.NewNRGBA(img.Bounds())
	draw.Draw(plain, plain.Bounds(), img, img.Bounds().Min, draw.Src)
	var b bytes.Buffer
	if err := png.Encode(&b, plain); err != nil {
		return nil
	}
	info := p.RegisterImageOptionsReader("logo", gofpdf.ImageOptions{ImageType: "PNG"}, &b)
	if p.Err() {
		p.ClearError()
		return nil
	}
	return info
}

// header draws the logo top-left (at most 9 mm high and 40 mm wide), the
// workspace's name beside it and a rule in the accent colour.
func (rd *resultsDoc) header() {
	p := rd.pdf
	w, _ := p.GetPageSize()
	x := margin
	if rd.logo != nil && rd.logo.Height() > 0 {
		ratio := rd.logo.Width() / rd.logo.Height()
		lh := 9.0
		lw := lh * ratio
		if lw > 40 {
			lw, lh = 40, 40/ratio
		}
		p.ImageOptions("logo", margin, 3.5+(9-lh)/2, lw, lh, false, gofpdf.ImageOptions{}, 0, "")
		x += lw + 4
	}
	rd.font("B", 10, ink)
	p.SetXY(x, 6.5)
	p.CellFormat(w-margin-x, 6, rd.fit(rd.title, w-margin-x), "", 0, "L", false, 0, "")
	rd.colour(rd.accent)
	p.SetLineWidth(0.5)
	p.Line(margin, 14, w-margin, 14)
	p.SetLineWidth(0.2)
	p.SetXY(margin, margin+headerH)
}

// opening writes the date, the questionnaire's title, who the results are for
// and the introduction.
func (rd *resultsDoc) opening(r questions.RespondentResult, company, date string) {
	p := rd.pdf
	rd.font("", 10, muted)
	p.SetX(margin)
	p.CellFormat(rd.width(), 6, "Your results · "+date, "", 1, "L", false, 0, "")
	rd.font("B", 20, ink)
	for _, line := range rd.lines(oneLine(r.Title), rd.width()) {
		p.SetX(margin)
		p.CellFormat(rd.width(), rd.lineH(), line, "", 1, "L", false, 0, "")
	}
	if company != "" {
		p.Ln(1)
		rd.font("B", 12, muted)
		rd.paragraph("Prepared for "+company, margin, rd.width())
	}
	if r.Intro != "" {
		p.Ln(3)
		rd.font("", 10.5, ink)
		rd.paragraph(r.Intro, margin, rd.width())
	}
	p.Ln(5)
}

// scoreText is a score out of 100, or "not scored".
func scoreText(v *float64) string {
	if v == nil {
		return "not scored"
	}
	return score(v) + " of 100"
}

// bar draws a 0-100 score as a bar in the accent colour over a light track.
func (rd *resultsDoc) bar(x, y, w, h float64, v *float64) {
	p := rd.pdf
	rd.fill(stripe)
	rd.colour(rule)
	p.Rect(x, y, w, h, "FD")
	if v != nil && *v > 0 {
		rd.fill(rd.accent)
		p.Rect(x, y, w*math.Min(100, *v)/100, h, "F")
	}
}

// overall draws the overall tier and score in a tinted box with an accent
// edge, kept on one page.
func (rd *resultsDoc) overall(s questions.RespondentScore) {
	p := rd.pdf
	pad := 5.0
	inner := rd.width() - 2*pad - 2
	label, text := "Overall", ""
	if s.Tier != nil {
		label, text = s.Tier.Label, s.Tier.Text
	}
	rd.font("B", 15, ink)
	labelLines := rd.lines(clean(label), inner-45)
	labelH := float64(len(labelLines)) * rd.lineH()
	rd.font("", 10.5, ink)
	textLines := rd.lines(clean(text), inner)
	textH := 0.0
	if text != "" {
		textH = float64(len(textLines))*rd.lineH() + 3
	}
	h := pad + 5 + max(labelH, 9) + 3 + 4 + textH + pad
	rd.room(h)
	y := p.GetY()
	rd.fill(tint(rd.accent, 0.9))
	p.Rect(margin, y, rd.width(), h, "F")
	rd.fill(rd.accent)
	p.Rect(margin, y, 2, h, "F")
	x := margin + 2 + pad

	rd.font("B", 9, muted)
	p.SetXY(x, y+pad)
	p.CellFormat(inner, 5, "OVERALL", "", 0, "L", false, 0, "")
	rd.font("B", 15, ink)
	for i, line := range labelLines {
		p.SetXY(x, y+pad+5+float64(i)*rd.lineH())
		p.CellFormat(inner-45, rd.lineH(), line, "", 0, "L", false, 0, "")
	}
	rd.font("B", 20, ink)
	p.SetXY(x+inner-45, y+pad)
	num := "–"
	if s.Score != nil {
		num = score(s.Score)
	}
	p.CellFormat(45, 9, num, "", 0, "R", false, 0, "")
	rd.font("", 9, muted)
	p.SetXY(x+inner-45, y+pad+9)
	p.CellFormat(45, 4, "out of 100", "", 0, "R", false, 0, "")

	by := y + pad + 5 + max(labelH, 9) + 3
	rd.bar(x, by, inner, 4, s.Score)
	if text != "" {
		rd.font("", 10.5, ink)
		for i, line := range textLines {
			p.SetXY(x, by+4+3+float64(i)*rd.lineH())
			p.CellFormat(inner, rd.lineH(), line, "", 0, "L", false, 0, "")
		}
	}
	p.SetXY(margin, y+h+6)
}

// dimension writes one dimension: its name and score, the bar, and its tier's
// label and text, kept on one page.
func (rd *resultsDoc) dimension(d questions.RespondentScore) {
	p := rd.pdf
	name := scoring.DimensionLabel(oneLine(d.Name), d.Risk)
	scoreW := 32.0
	rd.font("B", 12, ink)
	nameLines := rd.lines(name, rd.width()-scoreW)
	nameLH := rd.lineH()
	rd.font("", 10, ink)
	lh := rd.lineH()
	var textLines []string
	label := ""
	if d.Tier != nil {
		label = oneLine(d.Tier.Label)
		textLines = rd.lines(clean(d.Tier.Text), rd.width())
	}
	h := float64(len(nameLines))*nameLH + 1 + 3.5 + 2
	if label != "" {
		h += lh + float64(len(textLines))*lh
	}
	rd.room(h)
	y := p.GetY()
	rd.font("B", 12, ink)
	for i, line := range nameLines {
		p.SetXY(margin, y+float64(i)*nameLH)
		p.CellFormat(rd.width()-scoreW, nameLH, line, "", 0, "L", false, 0, "")
	}
	rd.font("B", 11, ink)
	p.SetXY(margin+rd.width()-scoreW, y)
	p.CellFormat(scoreW, nameLH, scoreText(d.Score), "", 0, "R", false, 0, "")
	y += float64(len(nameLines))*nameLH + 1
	rd.bar(margin, y, rd.width(), 3.5, d.Score)
	y += 3.5 + 2
	if label != "" {
		rd.font("B", 10, ink)
		p.SetXY(margin, y)
		p.CellFormat(rd.width(), lh, rd.fit(label, rd.width()), "", 0, "L", false, 0, "")
		rd.font("", 10, ink)
		for i, line := range textLines {
			p.SetXY(margin, y+lh*float64(i+1))
			p.CellFormat(rd.width(), lh, line, "", 0, "L", false, 0, "")
		}
		y += lh * float64(len(textLines)+1)
	}
	p.SetXY(margin, y+5)
}

// step writes one next step: its number in an accent disc, its title and its
// text, kept on one page.
func (rd *resultsDoc) step(n int, s questions.NextStep) {
	p := rd.pdf
	indent := 10.0
	w := rd.width() - indent
	rd.font("B", 10.5, ink)
	titleLines := rd.lines(clean(s.Title), w)
	titleLH := rd.lineH()
	rd.font("", 10, ink)
	textLines := rd.lines(clean(s.Text), w)
	lh := rd.lineH()
	h := float64(len(titleLines))*titleLH + float64(len(textLines))*lh
	rd.room(h)
	y := p.GetY()
	rd.fill(rd.accent)
	p.Circle(margin+3, y+titleLH/2, 3, "F")
	rd.font("B", 9, onColour(rd.accent))
	p.SetXY(margin, y+titleLH/2-2)
	p.CellFormat(6, 4, fmt.Sprint(n), "", 0, "C", false, 0, "")
	rd.font("B", 10.5, ink)
	for i, line := range titleLines {
		p.SetXY(margin+indent, y+float64(i)*titleLH)
		p.CellFormat(w, titleLH, line, "", 0, "L", false, 0, "")
	}
	y += float64(len(titleLines)) * titleLH
	rd.font("", 10, ink)
	for i, line := range textLines {
		p.SetXY(margin+indent, y+float64(i)*lh)
		p.CellFormat(w, lh, line, "", 0, "L", false, 0, "")
	}
	p.SetXY(margin, y+float64(len(textLines))*lh+4)
}
