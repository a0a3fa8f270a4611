package app

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"mspeval"
	"mspeval/report"
	"mspeval/store"
)

// ResultsPDF is a submitted respondent's results as a PDF, branded with the
// workspace's name, accent colour and logo, and a file name for it. Like the
// results page, it answers 404 when the questionnaire shows no results and
// 409 before the answers are submitted.
func (s *Service) ResultsPDF(ctx context.Context, secret string) ([]byte, string, error) {
	res, err := s.RespondentResults(ctx, secret)
	if err != nil {
		return nil, "", err
	}
	brand, err := s.LinkBranding(ctx, secret, "")
	if err != nil {
		return nil, "", err
	}
	logo, logoType, err := s.LinkLogo(ctx, secret, "")
	if err != nil && mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
		return nil, "", err
	}
	dates, err := s.store.LinkDates(ctx, secret)
	if err != nil {
		return nil, "", err
	}
	doc := report.ResultsDoc{Branding: brand, Logo: logo, LogoType: logoType, Date: s.now(), Dates: dates, Results: res.Results}
	// Every submitted response of a campaign has its lead, which names the
	// company and the submission's time; reading it records nothing.
	lead, ok, err := s.store.RespondentLead(ctx, secret)
	if err != nil {
		return nil, "", err
	}
	if ok {
		doc.Company = lead.Company
		if lead.SubmittedAt != nil {
			doc.Date = *lead.SubmittedAt
		}
	}
	var b bytes.Buffer
	if err := report.ResultsPDF(&b, doc); err != nil {
		return nil, "", mspeval.Internal(err)
	}
	return b.Bytes(), fileName("readiness-results", doc.Company, "pdf"), nil
}

// Content types of the leads exports.
const (
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

// leadsPage is how many leads an export reads at a time, the most ListLeads gives.
const leadsPage = 1000

// ExportLeads writes a campaign's leads (every lead the query matches, not
// one page) as "csv" or "xlsx"; it returns the bytes, their content type and
// a file name.
func (s *Service) ExportLeads(ctx context.Context, c mspeval.Caller, evaluationID string, q store.LeadQuery, format string) ([]byte, string, string, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, "", "", err
	}
	var contentType string
	var render func(io.Writer, report.LeadsDoc) error
	switch format {
	case "csv":
		contentType, render = csvType, report.LeadsCSV
	case "xlsx":
		contentType, render = xlsxType, report.LeadsXLSX
	default:
		return nil, "", "", mspeval.Invalid("the export format is not known",
			mspeval.FieldError{Field: "format", Message: "must be csv or xlsx"})
	}
	ev, err := s.store.GetEvaluation(ctx, c, evaluationID)
	if err != nil {
		return nil, "", "", err
	}
	qn, ok := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	if !ok {
		return nil, "", "", mspeval.Internal(fmt.Errorf("questionnaire %s version %d is not available", ev.QuestionnaireKey, ev.QuestionnaireVersion))
	}
	ws, err := s.store.Workspace(ctx, c)
	if err != nil {
		return nil, "", "", err
	}
	doc := report.LeadsDoc{Campaign: ev.Name, Workspace: ws.Name, Author: preparedBy(c), Generated: s.now().UTC(), Dates: ws.Dates()}
	for _, d := range qn.Dimensions {
		doc.Dimensions = append(doc.Dimensions, report.LeadsDimension{Key: d.Key, Name: d.Name})
	}
	// Page through every match in the list's order. A page shorter than asked
	// is the last one.
	q.Limit, q.Offset = leadsPage, 0
	for {
		page, err := s.store.ListLeads(ctx, c, evaluationID, q)
		if err != nil {
			return nil, "", "", err
		}
		doc.Leads = append(doc.Leads, page.Leads...)
		if len(page.Leads) < leadsPage {
			break
		}
		q.Offset += leadsPage
	}
	var b bytes.Buffer
	if err := render(&b, doc); err != nil {
		return nil, "", "", mspeval.Internal(err)
	}
	return b.Bytes(), contentType, fileName("leads", ev.Name, format), nil
}

// fileName is prefix-slug.ext, the slug being name in lower-case ASCII
// letters and digits with dashes between words (accents dropped). A name
// mostly in another script (Greek, Cyrillic) would leave a misleading
// fragment, so it leaves no slug at all.
func fileName(prefix, name, ext string) string {
	var b strings.Builder
	letters, kept := 0, 0
	dash := false
	for _, r := range norm.NFD.String(name) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// An accent of the letter before it.
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			letters++
			kept++
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			letters++
			dash = true
		default:
			dash = true
		}
	}
	slug := b.String()
	if len(slug) > 60 {
		slug = strings.TrimRight(slug[:60], "-")
	}
	if slug == "" || 2*kept < letters {
		return prefix + "." + ext
	}
	return prefix + "-" + slug + "." + ext
}
