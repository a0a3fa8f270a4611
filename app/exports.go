package app

import (
	"context"

	"mspeval"
	"mspeval/store"
)

// ResultsPDF is a submitted respondent's results as a PDF, branded with the
// workspace's name, accent colour and logo, and a file name for it.
func (s *Service) ResultsPDF(ctx context.Context, secret string) ([]byte, string, error) {
	return nil, "", mspeval.Errorf(mspeval.EINTERNAL, "the results PDF is being built")
}

// ExportLeads writes a campaign's leads (every lead the query matches, not
// one page) as "csv" or "xlsx"; it returns the bytes, their content type and
// a file name.
func (s *Service) ExportLeads(ctx context.Context, c mspeval.Caller, evaluationID string, q store.LeadQuery, format string) ([]byte, string, string, error) {
	return nil, "", "", mspeval.Errorf(mspeval.EINTERNAL, "the leads export is being built")
}
