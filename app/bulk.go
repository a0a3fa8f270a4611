package app

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"mspeval"
	"mspeval/store"
)

// BulkInvite adds many candidates with a link each and, with send, emails the
// links: all rows or none. With preview it only checks the rows.
func (s *Service) BulkInvite(ctx context.Context, c mspeval.Caller, evaluationID string, rows []store.BulkRow, send, preview bool) ([]store.BulkResult, error) {
	if err := c.May(mspeval.SendInvitations); err != nil {
		return nil, err
	}
	if send && !s.mail {
		return nil, mspeval.Invalid("email is off", mspeval.FieldError{Field: "send",
			Message: "email is off on this service: set MSPEVAL_SMTP_URL and MSPEVAL_MAIL_FROM, or create the links without sending"})
	}
	if _, err := s.store.GetEvaluation(ctx, c, evaluationID); err != nil {
		return nil, err
	}
	if fields := store.CheckBulk(rows); len(fields) > 0 {
		return nil, mspeval.Invalid("some rows are not valid; nothing was created", fields...)
	}
	if preview {
		return nil, nil
	}
	return s.store.BulkInvite(ctx, c, evaluationID, rows, send)
}

// ParseBulkCSV reads pasted or uploaded rows: CSV (or tab-separated, as pasted
// from a spreadsheet) with a header naming the columns company (or name),
// contact name and email, in any order. A problem names its line.
func ParseBulkCSV(r io.Reader) ([]store.BulkRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, 1<<20))
	if err != nil {
		return nil, err
	}
	text := strings.TrimPrefix(string(data), "\ufeff")
	cr := csv.NewReader(strings.NewReader(text))
	cr.FieldsPerRecord = -1
	if first, _, _ := strings.Cut(text, "\n"); strings.Count(first, "\t") > strings.Count(first, ",") {
		// Pasted from a spreadsheet. Leading space is not trimmed here: it
		// would swallow the tab of an empty first cell.
		cr.Comma = '\t'
	} else {
		cr.TrimLeadingSpace = true
	}
	records, err := cr.ReadAll()
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return nil, mspeval.Invalid("the list cannot be read", mspeval.FieldError{Field: "csv", Message: fmt.Sprintf("line %d: %v", pe.Line, pe.Err)})
	}
	if err != nil {
		return nil, err
	}
	if len(records) < 2 {
		return nil, mspeval.Invalid("the list is empty", mspeval.FieldError{Field: "csv",
			Message: "give a header line (company, contact name, email) and one line per prospect"})
	}
	col := map[string]int{}
	for i, h := range records[0] {
		switch strings.ToLower(strings.Join(strings.Fields(strings.NewReplacer("_", " ", "-", " ").Replace(h)), " ")) {
		case "name", "candidate", "prospect", "msp":
			col["name"] = i
		case "company", "organisation", "organization":
			col["company"] = i
		case "contact name", "contact", "person":
			col["contact"] = i
		case "email", "e mail", "email address", "contact email":
			col["email"] = i
		}
	}
	_, hasName := col["name"]
	if _, ok := col["company"]; !ok && !hasName {
		return nil, mspeval.Invalid("the header names no name or company column", mspeval.FieldError{Field: "csv",
			Message: "line 1 must name the columns: name and/or company, contact name, email"})
	}
	if _, ok := col["email"]; !ok {
		return nil, mspeval.Invalid("the header names no email column", mspeval.FieldError{Field: "csv",
			Message: "line 1 must name the columns: company (or name), contact name, email"})
	}
	get := func(rec []string, key string) string {
		if i, ok := col[key]; ok && i < len(rec) {
			return strings.TrimSpace(rec[i])
		}
		return ""
	}
	var rows []store.BulkRow
	for _, rec := range records[1:] {
		if strings.TrimSpace(strings.Join(rec, "")) == "" {
			continue
		}
		rows = append(rows, store.BulkRow{Name: get(rec, "name"), Company: get(rec, "company"), ContactName: get(rec, "contact"), Email: get(rec, "email")})
	}
	if len(rows) == 0 {
		// Only blank lines under the header (found by FuzzParseBulkCSV).
		return nil, mspeval.Invalid("the list is empty", mspeval.FieldError{Field: "csv",
			Message: "give one line per prospect under the header line"})
	}
	return rows, nil
}
