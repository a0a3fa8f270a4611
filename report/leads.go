package report

import (
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"mspeval"
)

// LeadsDoc is a campaign's leads as the sales team exports them.
type LeadsDoc struct {
	// Campaign is the evaluation's name.
	Campaign string
	// Workspace and Author (the person exporting, "" when not known) go into
	// the workbook's properties, with Generated, the time of the export.
	Workspace, Author string
	Generated         time.Time
	// Dates writes every time, as the workspace chose; the zero value writes
	// the default.
	Dates mspeval.Dates
	// Dimensions are the questionnaire's, in its order: one score and one
	// tier column each.
	Dimensions []LeadsDimension
	Leads      []mspeval.Lead
}

// LeadsDimension names a dimension's columns.
type LeadsDimension struct {
	Key  string
	Name string
}

// excelLayouts are the number formats that show a date cell as Dates.Time
// writes it, without the zone's name (added per cell: it changes with summer
// time).
var excelLayouts = map[mspeval.DateStyle]string{
	mspeval.DateStyleDayMonth: "d mmmm yyyy, hh:mm",
	mspeval.DateStyleMonthDay: "mmmm d, yyyy, h:mm AM/PM",
	mspeval.DateStyleISO:      "yyyy-mm-dd hh:mm",
}

// leadCells is one lead's cells in column order; a missing score or time is nil.
func leadCells(d LeadsDoc, l mspeval.Lead) []any {
	var overall *float64
	tier := ""
	dims := map[string]mspeval.LeadDimension{}
	if l.Result != nil {
		overall, tier = l.Result.Overall, l.Result.TierLabel
		for _, ld := range l.Result.Dimensions {
			dims[ld.Key] = ld
		}
	}
	row := []any{l.Company, l.Name, l.Email, l.Status, l.Origin, numOrNil(overall), tier}
	for _, dim := range d.Dimensions {
		row = append(row, numOrNil(dims[dim.Key].Score), dims[dim.Key].TierLabel)
	}
	for _, k := range mspeval.SourceKeys {
		row = append(row, l.Source[k])
	}
	consent, consentAt := "", (*time.Time)(nil)
	if l.Consent != nil {
		at := l.Consent.At
		consent, consentAt = l.Consent.Text, &at
	}
	created := l.CreatedAt
	return append(row, consent, timeOrNil(consentAt), timeOrNil(&created), timeOrNil(l.SubmittedAt),
		timeOrNil(l.SalesReadyAt), l.SalesNote)
}

// leadsTimeColumns are the 1-based columns of leadCells that hold times.
func leadsTimeColumns(d LeadsDoc) []int {
	first := 7 + 2*len(d.Dimensions) + len(mspeval.SourceKeys) + 2
	return []int{first, first + 1, first + 2, first + 3}
}

// leadsScoreColumns are the 1-based columns of leadCells that hold scores.
func leadsScoreColumns(d LeadsDoc) []int {
	cols := []int{6}
	for i := range d.Dimensions {
		cols = append(cols, 8+2*i)
	}
	return cols
}

func timeOrNil(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return *t
}

// LeadsCSV writes one row per lead (RFC 4180, UTF-8): contact, status and
// origin, the overall and per-dimension scores with their tiers, the source
// parameters, the consent, the times (as the workspace writes them, the zone
// named) and the sales note.
func LeadsCSV(w io.Writer, d LeadsDoc) error {
	cw := newCSV(w)
	head := []string{"company", "name", "email", "status", "origin", "overall_score", "overall_tier"}
	for _, dim := range d.Dimensions {
		head = append(head, dim.Key+"_score", dim.Key+"_tier")
	}
	head = append(head, mspeval.SourceKeys...)
	head = append(head, "consent_text", "consented_at", "created_at", "submitted_at", "sales_ready_at", "note")
	if err := cw.Write(head); err != nil {
		return err
	}
	for _, l := range d.Leads {
		cells := leadCells(d, l)
		rec := make([]string, len(cells))
		for i, v := range cells {
			switch v := v.(type) {
			case nil:
			case float64:
				rec[i] = num(&v)
			case time.Time:
				rec[i] = d.Dates.Time(v)
			case string:
				rec[i] = safeCell(v)
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// LeadsXLSX writes the leads as a workbook of one sheet, "Leads", with the
// columns of LeadsCSV: scores as numbers, times as dates shown as the CSV
// writes them, a frozen header row, and a page setup for printing.
func LeadsXLSX(w io.Writer, d LeadsDoc) error {
	f := excelize.NewFile()
	defer f.Close()
	s, err := newSheetWriter(f)
	if err != nil {
		return err
	}
	book := workbookInfo{Title: "Leads: " + flat(d.Campaign), Subject: "Readiness campaign leads",
		Workspace: flat(d.Workspace), Author: flat(d.Author), Generated: d.Generated, Dates: d.Dates}
	if err := book.apply(f); err != nil {
		return err
	}
	const sheet = "Leads"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	head := []string{"Company", "Name", "Email", "Status", "Origin", "Overall", "Overall tier"}
	widths := []float64{28, 22, 30, 12, 10, 9, 24}
	for _, dim := range d.Dimensions {
		head = append(head, dim.Name, dim.Name+" tier")
		widths = append(widths, 11, 24)
	}
	head = append(head, mspeval.SourceKeys...)
	for range mspeval.SourceKeys {
		widths = append(widths, 14)
	}
	head = append(head, "Consent wording", "Consented", "Created", "Submitted", "Sales-ready", "Note")
	widths = append(widths, 50, 24, 24, 24, 24, 40)
	s.header(sheet, head, widths)
	s.printSetup(sheet, widths, 1, book)
	dates := dateStyles{s: &s, dates: d.Dates, ids: map[string]int{}}
	for i, l := range d.Leads {
		r := i + 2
		row := leadCells(d, l)
		row[3] = strings.ReplaceAll(l.Status, "_", " ")
		styles := map[int]int{}
		for _, c := range leadsTimeColumns(d) {
			if t, ok := row[c-1].(time.Time); ok {
				row[c-1], styles[c] = dates.cell(t)
			}
		}
		s.row(sheet, r, row)
		for _, c := range leadsScoreColumns(d) {
			s.style(sheet, r, c, c, s.oneDecimal)
		}
		for c, id := range styles {
			s.style(sheet, r, c, c, id)
		}
	}
	if s.err != nil {
		return s.err
	}
	return f.Write(w)
}

// dateStyles makes date cells that show as Dates.Time writes: one number
// format per zone name ("CET" and "CEST" are two), made once.
type dateStyles struct {
	s     *sheetWriter
	dates mspeval.Dates
	ids   map[string]int
}

// cell is t as a date cell's value (the workspace's wall clock) and its style.
func (ds dateStyles) cell(t time.Time) (time.Time, int) {
	zone := ds.dates.Zone
	if zone == nil {
		zone = time.UTC
	}
	local := t.In(zone)
	name := mspeval.ZoneName(local)
	id, ok := ds.ids[name]
	if !ok {
		layout, known := excelLayouts[ds.dates.Style]
		if !known {
			layout = excelLayouts[mspeval.DateStyleDayMonth]
		}
		format := layout + ` "` + name + `"`
		var err error
		id, err = ds.s.f.NewStyle(&excelize.Style{CustomNumFmt: &format, Alignment: &excelize.Alignment{Vertical: "top"}})
		ds.s.keep(err)
		ds.ids[name] = id
	}
	wall := time.Date(local.Year(), local.Month(), local.Day(), local.Hour(), local.Minute(), 0, 0, time.UTC)
	return wall, id
}
