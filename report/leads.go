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

// How both exports write a time: UTC, to the second, in a form spreadsheets
// read as a date.
const (
	leadsDateFormat = "2006-01-02 15:04:05"
	leadsDateExcel  = "yyyy-mm-dd hh:mm:ss"
)

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
	return t.UTC()
}

// LeadsCSV writes one row per lead (RFC 4180, UTF-8): contact, status and
// origin, the overall and per-dimension scores with their tiers, the source
// parameters, the consent, the times (UTC) and the sales note.
func LeadsCSV(w io.Writer, d LeadsDoc) error {
	cw := newCSV(w)
	head := []string{"company", "name", "email", "status", "origin", "overall_score", "overall_tier"}
	for _, dim := range d.Dimensions {
		head = append(head, dim.Key+"_score", dim.Key+"_tier")
	}
	head = append(head, mspeval.SourceKeys...)
	head = append(head, "consent_text", "consented_at_utc", "created_at_utc", "submitted_at_utc", "sales_ready_at_utc", "note")
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
				rec[i] = v.Format(leadsDateFormat)
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
// columns of LeadsCSV: scores as numbers, times as dates (UTC), a frozen
// header row.
func LeadsXLSX(w io.Writer, d LeadsDoc) error {
	f := excelize.NewFile()
	defer f.Close()
	s, err := newSheetWriter(f)
	if err != nil {
		return err
	}
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptrString(leadsDateExcel), Alignment: &excelize.Alignment{Vertical: "top"}})
	if err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: "Leads: " + d.Campaign, Creator: "mspeval"}); err != nil {
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
	head = append(head, "Consent wording", "Consented (UTC)", "Created (UTC)", "Submitted (UTC)", "Sales-ready (UTC)", "Note")
	widths = append(widths, 50, 19, 19, 19, 19, 40)
	s.header(sheet, head, widths)
	for i, l := range d.Leads {
		r := i + 2
		row := leadCells(d, l)
		row[3] = strings.ReplaceAll(l.Status, "_", " ")
		s.row(sheet, r, row)
		for _, c := range leadsScoreColumns(d) {
			s.style(sheet, r, c, c, s.oneDecimal)
		}
		for _, c := range leadsTimeColumns(d) {
			s.style(sheet, r, c, c, date)
		}
	}
	if s.err != nil {
		return s.err
	}
	return f.Write(w)
}
