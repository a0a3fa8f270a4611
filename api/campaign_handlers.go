package api

import (
	"errors"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/go-json-experiment/json"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
)

// Campaigns (mspeval.Campaign): the sales team's settings, leads, funnel and
// branding need an account; a campaign's public link needs none and reaches
// only its first page and the start of a new response; a lead's own routes
// take its private link, like every respondent's.

// campaignRequest changes a campaign's public link. A field left out stays as
// it is; null removes the cap or the close date.
type campaignRequest struct {
	Open        *bool        `json:"open"`
	ResponseCap optionalInt  `json:"response_cap"`
	ClosesAt    optionalTime `json:"closes_at"`
	Intro       *string      `json:"intro"`
	ConsentText *string      `json:"consent_text"`
	NewSlug     bool         `json:"new_slug"`
}

// campaignResponse is a campaign with the public link to hand out.
type campaignResponse struct {
	mspeval.Campaign
	// PublicURL is empty until the campaign's first save gives it a slug.
	PublicURL string `json:"public_url"`
}

func (s *Server) campaignResponse(camp mspeval.Campaign) campaignResponse {
	out := campaignResponse{Campaign: camp}
	if camp.Slug != "" {
		out.PublicURL = s.cfg.BaseURL + "/c/" + camp.Slug
	}
	return out
}

func (s *Server) getCampaign(c *gin.Context) {
	camp, err := s.app.Campaign(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.campaignResponse(camp))
}

func (s *Server) putCampaign(c *gin.Context) {
	if err := callerOf(c).May(mspeval.EditEvaluations); err != nil {
		s.fail(c, err)
		return
	}
	var req campaignRequest
	if !s.bind(c, &req) {
		return
	}
	in := store.CampaignInput{Open: req.Open, Intro: req.Intro, ConsentText: req.ConsentText, NewSlug: req.NewSlug,
		NoCap: req.ResponseCap.null, NoClose: req.ClosesAt.null}
	if req.ResponseCap.set && !req.ResponseCap.null {
		in.ResponseCap = &req.ResponseCap.value
	}
	if req.ClosesAt.set && !req.ClosesAt.null {
		in.ClosesAt = &req.ClosesAt.value
	}
	camp, err := s.app.SaveCampaign(c.Request.Context(), callerOf(c), c.Param("id"), in)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, s.campaignResponse(camp))
}

// leadQuery reads a leads list's filters and order from the query string, and
// its page when paged; the store checks the values it knows the rules of.
func leadQuery(c *gin.Context, paged bool) (store.LeadQuery, error) {
	q := store.LeadQuery{Status: c.Query("status"), Tier: c.Query("tier"), Source: c.Query("source"),
		Search: c.Query("q"), Sort: c.Query("sort")}
	var fields []mspeval.FieldError
	switch c.Query("order") {
	case "", "desc":
	case "asc":
		q.Asc = true
	default:
		fields = append(fields, mspeval.FieldError{Field: "order", Message: "must be asc or desc"})
	}
	if paged {
		var fe *mspeval.FieldError
		if q.Limit, fe = queryInt(c, "limit", 0, 1, 1000); fe != nil {
			fields = append(fields, *fe)
		}
		if q.Offset, fe = queryInt(c, "offset", 0, 0, 1_000_000); fe != nil {
			fields = append(fields, *fe)
		}
	}
	if len(fields) > 0 {
		return q, mspeval.Invalid("the leads query is not valid", fields...)
	}
	return q, nil
}

// queryInt reads a whole-number query parameter, def when it is left out.
func queryInt(c *gin.Context, name string, def, lo, hi int) (int, *mspeval.FieldError) {
	v, ok := c.GetQuery(name)
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return def, &mspeval.FieldError{Field: name, Message: "must be a whole number from " + strconv.Itoa(lo) + " to " + strconv.Itoa(hi)}
	}
	return n, nil
}

func (s *Server) listLeads(c *gin.Context) {
	q, err := leadQuery(c, true)
	if err != nil {
		s.fail(c, err)
		return
	}
	page, err := s.app.ListLeads(c.Request.Context(), callerOf(c), c.Param("id"), q)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, page)
}

// exportLeads sends every lead the filters match as a file of format.
func (s *Server) exportLeads(format string) gin.HandlerFunc {
	return func(c *gin.Context) {
		q, err := leadQuery(c, false)
		if err != nil {
			s.fail(c, err)
			return
		}
		data, contentType, name, err := s.app.ExportLeads(c.Request.Context(), callerOf(c), c.Param("id"), q, format)
		if err != nil {
			s.fail(c, err)
			return
		}
		c.Header("Content-Disposition", contentDisposition(name))
		c.Data(http.StatusOK, contentType, data)
	}
}

func (s *Server) funnel(c *gin.Context) {
	days, fe := queryInt(c, "days", 30, 1, 366)
	if fe != nil {
		s.fail(c, mspeval.Invalid("the funnel's period is not valid", *fe))
		return
	}
	f, err := s.app.Funnel(c.Request.Context(), callerOf(c), c.Param("id"), days)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, f)
}

// brandingRequest changes the workspace's branding; fields left out stay.
type brandingRequest struct {
	AccentColor  *string   `json:"accent_color"`
	EmbedOrigins *[]string `json:"embed_origins"`
}

func (s *Server) getBranding(c *gin.Context) {
	b, err := s.app.Branding(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}

func (s *Server) putBranding(c *gin.Context) {
	if err := callerOf(c).May(mspeval.ManageBranding); err != nil {
		s.fail(c, err)
		return
	}
	var req brandingRequest
	if !s.bind(c, &req) {
		return
	}
	b, err := s.app.SetBranding(c.Request.Context(), callerOf(c), store.BrandingInput{AccentColor: req.AccentColor, EmbedOrigins: req.EmbedOrigins})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}

// putLogo takes the logo as the raw body. The declared type must be one a
// logo may have; the stored type is read from the bytes by the app.
func (s *Server) putLogo(c *gin.Context) {
	if err := callerOf(c).May(mspeval.ManageBranding); err != nil {
		s.fail(c, err)
		return
	}
	mt, _, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if err != nil || !slices.Contains(app.LogoTypes, mt) {
		s.fail(c, mspeval.Errorf(mspeval.EUNSUPPORTED, "send the logo as the body, with Content-Type: image/png or image/jpeg"))
		return
	}
	logoTooLarge := mspeval.Errorf(mspeval.ETOOLARGE, "the logo is over %d KB; make it smaller", mspeval.MaxLogoBytes>>10)
	if c.Request.ContentLength > mspeval.MaxLogoBytes {
		s.fail(c, logoTooLarge)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(c.Writer, c.Request.Body, mspeval.MaxLogoBytes))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			s.fail(c, logoTooLarge)
			return
		}
		s.fail(c, &mspeval.Error{Code: mspeval.EMALFORMED, Message: "the request body could not be read", Err: err})
		return
	}
	b, err := s.app.SetLogo(c.Request.Context(), callerOf(c), data)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, b)
}

func (s *Server) getLogo(c *gin.Context) {
	data, typ, err := s.app.WorkspaceLogo(c.Request.Context(), callerOf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Data(http.StatusOK, typ, data)
}

func (s *Server) deleteLogo(c *gin.Context) {
	if _, err := s.app.RemoveLogo(c.Request.Context(), callerOf(c)); err != nil {
		s.fail(c, err)
		return
	}
	c.Status(http.StatusNoContent)
}

// checkSlug answers 404 for a public link no campaign can have, before any
// query: PostgreSQL refuses NUL and invalid UTF-8 in a text comparison, which
// must not surface as a 500.
func (s *Server) checkSlug(c *gin.Context) {
	slug := c.Param("slug")
	ok := len(slug) >= 10 && len(slug) <= 64
	for i := 0; ok && i < len(slug); i++ {
		b := slug[i]
		ok = 'a' <= b && b <= 'z' || 'A' <= b && b <= 'Z' || '0' <= b && b <= '9' || b == '-' || b == '_'
	}
	if !ok {
		s.fail(c, mspeval.Errorf(mspeval.ENOTFOUND, "this survey link is not valid; check that it was copied whole"))
		return
	}
	c.Next()
}

// publicCampaign is a public link's first page; each call counts as a visit.
func (s *Server) publicCampaign(c *gin.Context) {
	page, err := s.app.OpenPublicCampaign(c.Request.Context(), c.Param("slug"), true)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, page)
}

// startLeadRequest is the public link's form. Website is the honeypot: it
// must stay empty. Source holds utm_* and ref values the embedding page saw.
type startLeadRequest struct {
	Name    string            `json:"name"`
	Email   string            `json:"email"`
	Company string            `json:"company"`
	Consent bool              `json:"consent"`
	Website string            `json:"website"`
	Source  map[string]string `json:"source"`
}

// startedLead carries the new lead's private link: this response is the only
// place it appears (besides the email, when one is sent).
type startedLead struct {
	Token     string    `json:"token"`
	ResumeURL string    `json:"resume_url"`
	ExpiresAt time.Time `json:"expires_at"`
	Emailed   bool      `json:"emailed"`
}

func (s *Server) startLead(c *gin.Context) {
	var req startLeadRequest
	if !s.bind(c, &req) {
		return
	}
	// The link's own utm_* and ref, then the body's, which win.
	src := mspeval.SourceOf(c.Request.URL.Query())
	given := url.Values{}
	for k, v := range req.Source {
		given.Set(k, v)
	}
	maps.Copy(src, mspeval.SourceOf(given))
	lead, err := s.app.StartLead(c.Request.Context(), c.Param("slug"), mspeval.LeadForm{
		Name: req.Name, Email: req.Email, Company: req.Company, Consent: req.Consent, Website: req.Website,
		Source: src, ClientIP: c.ClientIP(),
	})
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusCreated, startedLead{Token: lead.Secret, ResumeURL: s.cfg.BaseURL + "/r/" + lead.Secret,
		ExpiresAt: lead.ExpiresAt, Emailed: lead.Emailed})
}

type salesReadyRequest struct {
	Note string `json:"note"`
}

// salesReadyResponse is all a respondent learns back: not the lead's scores,
// consent or source, which are the sales team's.
type salesReadyResponse struct {
	Status       string     `json:"status"`
	SalesReadyAt *time.Time `json:"sales_ready_at"`
}

func (s *Server) respondentSalesReady(c *gin.Context) {
	var req salesReadyRequest
	if !s.bindOptional(c, &req) {
		return
	}
	lead, err := s.app.MarkSalesReady(c.Request.Context(), c.Param("token"), req.Note)
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, salesReadyResponse{Status: lead.Status, SalesReadyAt: lead.SalesReadyAt})
}

func (s *Server) respondentResultsPDF(c *gin.Context) {
	data, name, err := s.app.ResultsPDF(c.Request.Context(), c.Param("token"))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.Header("Content-Disposition", contentDisposition(name))
	c.Data(http.StatusOK, pdfType, data)
}

// optionalInt tells a field left out (unchanged) from null (removed).
type optionalInt struct {
	set, null bool
	value     int
}

func (o *optionalInt) UnmarshalJSON(b []byte) error {
	o.set = true
	if string(b) == "null" {
		o.null = true
		return nil
	}
	if err := json.Unmarshal(b, &o.value); err != nil {
		return wantError("a whole number or null")
	}
	return nil
}

// optionalTime tells a field left out (unchanged) from null (removed).
type optionalTime struct {
	set, null bool
	value     time.Time
}

func (o *optionalTime) UnmarshalJSON(b []byte) error {
	o.set = true
	if string(b) == "null" {
		o.null = true
		return nil
	}
	if err := o.value.UnmarshalJSON(b); err != nil {
		return wantError("an RFC 3339 date-time (2027-01-31T17:00:00Z) or null")
	}
	return nil
}
