package mspeval

import (
	"fmt"
	"net/url"
	"strings"
	"time"
)

// A campaign is an evaluation whose questionnaire shows respondents their
// results (questions.Questionnaire.ShowsRespondent): a sales team's survey of
// prospects. Besides the per-prospect links every evaluation has, a campaign
// may have one public link: each visitor who leaves their name, work email and
// company and agrees to be contacted starts their own response, a lead, and
// resumes it through a private link of its own. The public link never reaches
// a response.

// Campaign is the public link's settings.
type Campaign struct {
	EvaluationID string `json:"evaluation_id"`
	// Slug is the public link's last segment; it is public by design.
	Slug string `json:"slug"`
	// Open: the public link takes new visitors.
	Open bool `json:"open"`
	// ResponseCap is how many leads the public link takes at most (nil: no cap).
	ResponseCap *int `json:"response_cap"`
	// ClosesAt is when the public link stops taking new visitors (nil: never).
	ClosesAt *time.Time `json:"closes_at"`
	// Intro is what the first page says above the form.
	Intro string `json:"intro"`
	// ConsentText is the wording a visitor agrees to; each lead keeps the
	// wording it agreed to.
	ConsentText string    `json:"consent_text"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	// Leads counts the leads that came through the public link.
	Leads int `json:"leads"`
}

// DefaultConsentText is the wording a new campaign asks visitors to agree to.
const DefaultConsentText = "I agree that the team running this survey may contact me about my results and its services. " +
	"I can withdraw this at any time by replying to any message from them."

// Limits of the public link.
const (
	// PublicStartsPerHour is how many responses one client address may start
	// through a public link in an hour.
	PublicStartsPerHour = 5
	// MaxResponseCap bounds a campaign's cap.
	MaxResponseCap = 100000
	// MaxLogoBytes bounds a workspace's logo.
	MaxLogoBytes = 256 << 10
)

// AcceptsVisitors reports why the public link takes no new visitor at now, or
// nil when it does; leads counts the leads it took so far.
func (c Campaign) AcceptsVisitors(now time.Time, leads int) error {
	switch {
	case !c.Open:
		return Errorf(EGONE, "this survey is not taking new responses")
	case c.ClosesAt != nil && !now.Before(*c.ClosesAt):
		return Errorf(EGONE, "this survey closed on %s", DefaultDates().Day(*c.ClosesAt))
	case c.ResponseCap != nil && leads >= *c.ResponseCap:
		return Errorf(EGONE, "this survey has all the responses it can take")
	}
	return nil
}

// Lead statuses.
const (
	LeadStarted    = "started"
	LeadSubmitted  = "submitted"
	LeadSalesReady = "sales_ready"
)

// LeadStatuses in funnel order.
var LeadStatuses = []string{LeadStarted, LeadSubmitted, LeadSalesReady}

// Lead origins: the public link, or a per-prospect link.
const (
	LeadPublic  = "public"
	LeadInvited = "invited"
)

// Lead is a campaign's respondent seen as a prospect.
type Lead struct {
	CandidateID string `json:"candidate_id"`
	Origin      string `json:"origin"`
	Name        string `json:"name"`
	Email       string `json:"email"`
	Company     string `json:"company"`
	Status      string `json:"status"`
	// Consent is the wording the lead agreed to and when (public link only).
	Consent *Consent `json:"consent"`
	// Source holds the utm_* and ref parameters the public link was opened with.
	Source       map[string]string `json:"source"`
	CreatedAt    time.Time         `json:"created_at"`
	SubmittedAt  *time.Time        `json:"submitted_at"`
	SalesReadyAt *time.Time        `json:"sales_ready_at"`
	SalesNote    string            `json:"sales_note,omitempty"`
	// Result is the result the lead was shown when they submitted.
	Result *LeadResult `json:"result"`
}

// Consent is what a lead agreed to.
type Consent struct {
	Text string    `json:"text"`
	At   time.Time `json:"at"`
}

// LeadResult is a submitted lead's scores and tiers, as shown to the lead.
type LeadResult struct {
	Overall    *float64        `json:"overall"`
	Tier       string          `json:"tier"`
	TierLabel  string          `json:"tier_label"`
	Dimensions []LeadDimension `json:"dimensions"`
}

// LeadDimension is one dimension's score and tier.
type LeadDimension struct {
	Key       string   `json:"key"`
	Name      string   `json:"name"`
	Score     *float64 `json:"score"`
	Tier      string   `json:"tier,omitempty"`
	TierLabel string   `json:"tier_label,omitempty"`
}

// LeadStatus derives a lead's status.
func LeadStatus(submitted, salesReady *time.Time) string {
	switch {
	case salesReady != nil:
		return LeadSalesReady
	case submitted != nil:
		return LeadSubmitted
	}
	return LeadStarted
}

// SourceKeys are the query parameters a public link keeps as a lead's source.
var SourceKeys = []string{"utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "ref"}

// SourceOf keeps the source parameters of a query, each one line of at most
// 200 characters; anything else is dropped.
func SourceOf(q url.Values) map[string]string {
	out := map[string]string{}
	for _, k := range SourceKeys {
		v := strings.TrimSpace(q.Get(k))
		if v == "" || LineProblem(v) != "" {
			continue
		}
		if r := []rune(v); len(r) > 200 {
			v = string(r[:200])
		}
		out[k] = v
	}
	return out
}

// SourceLabel is the one-word source a leads list shows and filters on.
func SourceLabel(src map[string]string) string {
	switch {
	case src["utm_source"] != "":
		return src["utm_source"]
	case src["ref"] != "":
		return src["ref"]
	}
	return ""
}

// LeadForm is what a visitor types on the public link's first page.
type LeadForm struct {
	Name    string
	Email   string
	Company string
	Consent bool
	// Website is the honeypot: a field people never see and bots fill.
	Website string
	Source  map[string]string
	// ClientIP is the visitor's address, for the rate limit.
	ClientIP string
}

// Check returns the form's problems, by field.
func (f LeadForm) Check() []FieldError {
	var out []FieldError
	if strings.TrimSpace(f.Website) != "" {
		// People never see the field; only software fills it.
		out = append(out, FieldError{Field: "website", Message: "must be left empty"})
	}
	for _, fl := range []struct{ name, v string }{{"name", f.Name}, {"company", f.Company}} {
		v := strings.TrimSpace(fl.v)
		switch {
		case v == "":
			out = append(out, FieldError{Field: fl.name, Message: "is required"})
		case LineProblem(fl.v) != "":
			out = append(out, FieldError{Field: fl.name, Message: LineProblem(fl.v)})
		case len([]rune(v)) > 200:
			out = append(out, FieldError{Field: fl.name, Message: "must be at most 200 characters long"})
		}
	}
	if p := EmailProblem(f.Email); p != "" {
		out = append(out, FieldError{Field: "email", Message: p})
	}
	if !f.Consent {
		out = append(out, FieldError{Field: "consent", Message: "must be accepted to start the survey"})
	}
	return out
}

// EmailProblem says what is wrong with an address, or "".
func EmailProblem(email string) string {
	email = strings.TrimSpace(email)
	at := strings.LastIndexByte(email, '@')
	switch {
	case email == "":
		return "is required"
	case len(email) > 254:
		return "must be at most 254 characters long"
	case LineProblem(email) != "" || strings.ContainsAny(email, " <>,;\"") || at <= 0 || at == len(email)-1 ||
		!strings.Contains(email[at+1:], "."):
		return "is not an email address"
	}
	return ""
}

// AccentProblem checks an accent colour: #RRGGBB or empty.
func AccentProblem(s string) string {
	if s == "" {
		return ""
	}
	if len(s) != 7 || s[0] != '#' {
		return "must be a colour like #1F6FEB"
	}
	for _, r := range s[1:] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return "must be a colour like #1F6FEB"
		}
	}
	return ""
}

// OriginProblem checks an origin that may frame the public pages: https
// scheme and host (and port), nothing else.
func OriginProblem(s string) string {
	u, err := url.Parse(s)
	if err != nil || u.Scheme != "https" || u.Host == "" || u.User != nil || (u.Path != "" && u.Path != "/") ||
		u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(s, " ;,'\"*") {
		return fmt.Sprintf("%q is not an origin like https://www.example.com", s)
	}
	return ""
}

// Branding is how a workspace shows itself to prospects.
type Branding struct {
	Name         string   `json:"name"`
	AccentColor  string   `json:"accent_color"`
	HasLogo      bool     `json:"has_logo"`
	LogoType     string   `json:"logo_type,omitempty"`
	EmbedOrigins []string `json:"embed_origins"`
}

// FunnelDay is one day of a campaign's funnel.
type FunnelDay struct {
	Day        string `json:"day"`
	Visits     int    `json:"visits"`
	Started    int    `json:"started"`
	Submitted  int    `json:"submitted"`
	SalesReady int    `json:"sales_ready"`
}

// Funnel is a campaign's funnel, in total and per day.
type Funnel struct {
	Visits     int         `json:"visits"`
	Started    int         `json:"started"`
	Submitted  int         `json:"submitted"`
	SalesReady int         `json:"sales_ready"`
	Days       []FunnelDay `json:"days"`
}
