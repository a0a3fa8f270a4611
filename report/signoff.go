package report

import "fmt"

// signOff is the block the decision file is signed in: who prepared the
// report (filled in: the person who generated it, and the day), who reviewed
// it and who approved the decision (lines to write on).
func signOff(dc *doc, d *Data) {
	rows := []struct{ role, name, date string }{
		{"Prepared by", oneLine(d.PreparedBy), d.Dates.Day(d.Generated)},
		{"Reviewed by", "", ""},
		{"Approved by", "", ""},
	}
	const rowH, gap = 14.0, 5.0
	labelW, nameW, dateW := 27.0, 62.0, 40.0
	sigW := dc.width() - labelW - nameW - dateW - 2*gap
	dc.heading("Sign-off", 3*rowH)
	p := dc.pdf
	for _, r := range rows {
		y := p.GetY()
		dc.font("B", 9.5, ink)
		p.SetXY(margin, y+5)
		p.CellFormat(labelW, 5, r.role, "", 0, "L", false, 0, "")
		x := margin + labelW
		for _, f := range []struct {
			w              float64
			value, caption string
		}{{nameW, r.name, "Name"}, {dateW, r.date, "Date"}, {sigW, "", "Signature"}} {
			dc.fitFont(f.value, f.w, 10)
			p.SetXY(x, y+5)
			p.CellFormat(f.w, 5, dc.fit(f.value, f.w), "", 0, "L", false, 0, "")
			dc.colour(muted)
			p.SetLineWidth(0.3)
			p.Line(x, y+10.5, x+f.w, y+10.5)
			dc.font("", 7, muted)
			p.SetXY(x, y+11)
			p.CellFormat(f.w, 3, f.caption, "", 0, "L", false, 0, "")
			x += f.w + gap
		}
		p.SetLineWidth(0.2)
		p.SetXY(margin, y+rowH)
	}
	p.Ln(3)
}

// fitFont sets the regular face at size, smaller (to 7 pt) where text would
// not fit width w.
func (dc *doc) fitFont(text string, w, size float64) {
	dc.font("", size, ink)
	for size > 7 && dc.pdf.GetStringWidth(text) > w {
		size -= 0.5
		dc.font("", size, ink)
	}
}

// evaluators is the table of who rated each candidate's answers, how many
// and when last; it is left out while nobody has rated anything.
func evaluators(dc *doc, d *Data) {
	any := false
	for _, c := range d.Candidates {
		any = any || len(c.Raters) > 0
	}
	if !any {
		return
	}
	var rows [][]cell
	for _, c := range d.Result.Candidates {
		raters := d.Candidates[c.ID].Raters
		name := fmt.Sprintf("%d. %s", c.Rank, oneLine(c.Name))
		if len(raters) == 0 {
			rows = append(rows, []cell{{text: name, style: "B"}, {text: "–", ink: &muted}, {text: "0"}, {text: "–", ink: &muted}})
			continue
		}
		for i, r := range raters {
			row := []cell{{text: name, style: "B"}, {text: oneLine(r.Name)}, {text: fmt.Sprint(r.Answers)}, {text: d.Dates.Time(r.Last)}}
			if i > 0 {
				row[0] = cell{text: ""}
			}
			rows = append(rows, row)
		}
	}
	cols := []column{{"Candidate", 0.36, "L"}, {"Evaluator", 0.26, "L"}, {"Answers rated", 0.12, "R"}, {"Last rating", 0.26, "L"}}
	dc.heading("Evaluators and ratings", 12+dc.tableStart(cols, rows, 9))
	dc.font("", 10, ink)
	dc.paragraph("Who rated each candidate's answers, how many of them, and when last. An answer that nobody rated "+
		"scores by the option the candidate chose.", margin, dc.width())
	dc.pdf.Ln(2)
	dc.tableNoted(cols, rows, 9, "– (a dash): no evaluator has rated this candidate's answers yet.")
}
