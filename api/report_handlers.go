package api

import (
	"bytes"
	"net/http"
	"path"
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
	c.Header("Content-Disposition", contentDisposition(name))
	c.Data(http.StatusOK, contentType, b.Bytes())
}

// contentDisposition offers name as an attachment (RFC 6266): filename* holds
// the name in UTF-8, percent-encoded outside RFC 5987's attr-char, so that no
// "=", ":", quote, control or override character reaches the header as such;
// filename is an ASCII fallback for clients that do not read filename*.
// Control characters, bidirectional overrides and path separators become "-"
// in both: a downloaded name must not hide its real extension
// ("invoice\u202efdp.exe") or name a directory.
func contentDisposition(name string) string {
	name = strings.Map(func(r rune) rune {
		if mspeval.UnsafeInLine(r) || r == '/' || r == '\\' {
			return '-'
		}
		return r
	}, name)
	return `attachment; filename="` + asciiName(name) + `"; filename*=UTF-8''` + encodeAttrChars(name)
}

// encodeAttrChars percent-encodes name's UTF-8 bytes outside attr-char
// (RFC 5987 section 3.2.1).
func encodeAttrChars(name string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(name); i++ {
		c := name[i]
		if isAttrChar(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isAttrChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("!#$&+-.^_`|~", c) >= 0
}

// asciiName is a file name any browser accepts: ASCII letters, digits, dots and
// dashes, with runs of anything else as one dash, no leading dot, and
// "download" when nothing of the name is left but its extension.
func asciiName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == '.'):
			b.WriteRune(r)
		case !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	ascii := b.String()
	ext := path.Ext(ascii)
	base := strings.Trim(strings.TrimSuffix(ascii, ext), "-.")
	if base == "" {
		base = "download"
	}
	return base + strings.TrimRight(ext, "-")
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
