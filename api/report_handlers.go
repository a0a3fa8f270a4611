package api

import (
	"bytes"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"unicode"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/report"
)

// reportData assembles what the reports show, scored for the caller.
func (s *Server) reportData(c *gin.Context) (*report.Data, bool) {
	d, err := s.app.Report(c.Request.Context(), callerOf(c), c.Param("id"), whatIf(c))
	if err != nil {
		s.fail(c, err)
		return nil, false
	}
	return d, true
}

// download sends a generated file. It is rendered into memory first so that a
// failure is a clean problem response rather than half a file.
func (s *Server) download(c *gin.Context, name, contentType string, render func(*bytes.Buffer) error) {
	var b bytes.Buffer
	if err := render(&b); err != nil {
		s.fail(c, mspeval.Internal(err))
		return
	}
	c.Header("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiName(name), url.PathEscape(name)))
	c.Data(http.StatusOK, contentType, b.Bytes())
}

// asciiName is a file name any browser accepts: letters, digits, dots and dashes.
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.' || r == '-'):
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	return strings.Trim(b.String(), "-")
}

func fileBase(name string) string {
	base := strings.Join(strings.Fields(name), "-")
	if base == "" {
		base = "evaluation"
	}
	return base
}

const (
	pdfType  = "application/pdf"
	csvType  = "text/csv; charset=utf-8"
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)

func (s *Server) comparisonPDF(c *gin.Context) {
	d, ok := s.reportData(c)
	if !ok {
		return
	}
	s.download(c, fileBase(d.Evaluation)+"-comparison.pdf", pdfType, func(b *bytes.Buffer) error { return report.ComparisonPDF(b, d) })
}

func (s *Server) answersCSV(c *gin.Context) {
	d, ok := s.reportData(c)
	if !ok {
		return
	}
	s.download(c, fileBase(d.Evaluation)+"-answers.csv", csvType, func(b *bytes.Buffer) error { return report.AnswersCSV(b, d) })
}

func (s *Server) summaryCSV(c *gin.Context) {
	d, ok := s.reportData(c)
	if !ok {
		return
	}
	s.download(c, fileBase(d.Evaluation)+"-summary.csv", csvType, func(b *bytes.Buffer) error { return report.SummaryCSV(b, d) })
}

func (s *Server) workbook(c *gin.Context) {
	d, ok := s.reportData(c)
	if !ok {
		return
	}
	s.download(c, fileBase(d.Evaluation)+".xlsx", xlsxType, func(b *bytes.Buffer) error { return report.XLSX(b, d) })
}

func (s *Server) candidatePDF(c *gin.Context) {
	d, cand, err := s.app.CandidateReport(c.Request.Context(), callerOf(c), c.Param("id"), whatIf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	s.download(c, fileBase(cand.Name)+".pdf", pdfType, func(b *bytes.Buffer) error { return report.CandidatePDF(b, d, cand.ID) })
}
