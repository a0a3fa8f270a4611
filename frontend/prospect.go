package frontend

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/store"
)

// A campaign's public link (/c/{slug}) and what a prospect gets besides the
// respondent's form (/r/{token}): the workspace's branding, "talk to us" and
// the results PDF.
//
// Branding under a content security policy that allows no inline style: each
// link has a small stylesheet of its own (brand.css) that sets the accent as
// CSS custom properties, and static/prospect.css uses them for buttons, bars
// and the header rule. The colour is checked again before it is written, so
// nothing but #RRGGBB can reach the stylesheet.

// registerProspect adds a campaign's public pages and what a prospect gets
// after submitting.
func (ui *UI) registerProspect(r *gin.RouterGroup) {
	r.GET("/c/:slug", ui.campaignPage)
	r.POST("/c/:slug", ui.campaignStart)
	r.GET("/c/:slug/logo", ui.campaignLogo)
	r.GET("/c/:slug/brand.css", ui.campaignBrandCSS)
	r.GET("/r/:token/results.pdf", ui.resultsPDF)
	r.POST("/r/:token/talk", ui.talkToUs)
	r.GET("/r/:token/logo", ui.respondentLogo)
	r.GET("/r/:token/brand.css", ui.respondentBrandCSS)
}

// brandView is how a page shows the workspace: its name, its logo's and its
// stylesheet's addresses.
type brandView struct {
	Name string
	Logo string // "" without a logo
	CSS  string
}

func brandOf(b mspeval.Branding, base string) brandView {
	v := brandView{Name: b.Name, CSS: base + "/brand.css"}
	if b.HasLogo {
		v.Logo = base + "/logo"
	}
	return v
}

// startForm is what a visitor typed on the first page.
type startForm struct {
	Name, Email, Company string
	Consent              bool
}

// sourceField is one source parameter, carried through the form in a hidden
// field and checked again on the post.
type sourceField struct{ Key, Value string }

// fieldProblem is one line of the error summary; Field is the id it links to
// ("" for a field no one sees).
type fieldProblem struct{ Field, Label, Message string }

type campaignData struct {
	Campaign store.PublicCampaign
	Brand    brandView
	Minutes  int
	// Closed says why no one new may start, as a sentence; no form then.
	Closed   string
	Form     startForm
	Source   []sourceField
	Errors   map[string]string
	Problems []fieldProblem
}

// startFields are the form's fields in page order, with their labels.
var startFields = []struct{ Key, Label string }{
	{"name", "Your name"}, {"email", "Work email"}, {"company", "Company"}, {"consent", "Consent"}, {"website", "Leave this empty"},
}

func (ui *UI) campaignPage(c *gin.Context) {
	pc, err := ui.app.OpenPublicCampaign(c.Request.Context(), c.Param("slug"), true)
	if err != nil {
		ui.fail(c, err)
		return
	}
	status := http.StatusOK
	if pc.Closed != "" {
		status = http.StatusGone
	}
	ui.showCampaign(c, status, pc, startForm{}, mspeval.SourceOf(c.Request.URL.Query()), nil, "")
}

func (ui *UI) showCampaign(c *gin.Context, status int, pc store.PublicCampaign, f startForm, src map[string]string,
	fields []mspeval.FieldError, errMsg string) {
	d := campaignData{Campaign: pc, Brand: brandOf(pc.Branding, "/c/"+pc.Slug), Minutes: aboutMinutes(pc.Questions),
		Closed: fullSentence(pc.Closed), Form: f, Errors: map[string]string{}}
	for _, k := range mspeval.SourceKeys {
		if v, ok := src[k]; ok {
			d.Source = append(d.Source, sourceField{Key: k, Value: v})
		}
	}
	for _, fe := range fields {
		d.Errors[fe.Field] = fe.Message
	}
	for _, sf := range startFields {
		msg, ok := d.Errors[sf.Key]
		if !ok {
			continue
		}
		p := fieldProblem{Field: sf.Key, Label: sf.Label, Message: msg}
		if sf.Key == "website" {
			// The honeypot is hidden from people: say what happened instead
			// of pointing at a field they cannot reach.
			p.Field, p.Message = "", "A field hidden from people was filled in, perhaps by your browser's autofill: send the form again."
		}
		d.Problems = append(d.Problems, p)
	}
	if len(fields) > 0 && len(d.Problems) == 0 {
		errMsg = "The form has problems; nothing was saved."
	}
	title := pc.Title
	if len(d.Problems) > 0 {
		title = "Error: " + title
	}
	allowFraming(c, pc.Branding.EmbedOrigins)
	ui.render(c, status, "campaign_start", page{Title: title, Public: true, Error: errMsg, Data: d})
}

type startedData struct {
	Campaign  store.PublicCampaign
	Brand     brandView
	Minutes   int
	Token     string
	Link      string
	Email     string
	Emailed   bool
	ExpiresAt time.Time
}

func (ui *UI) campaignStart(c *gin.Context) {
	ctx := c.Request.Context()
	slug := c.Param("slug")
	_ = c.Request.ParseForm() // an unreadable body leaves the fields empty: the store says which
	f := startForm{Name: c.PostForm("name"), Email: c.PostForm("email"), Company: c.PostForm("company"),
		Consent: c.PostForm("consent") == "yes"}
	src := mspeval.SourceOf(c.Request.PostForm)
	started, err := ui.app.StartLead(ctx, slug, mspeval.LeadForm{Name: f.Name, Email: f.Email, Company: f.Company,
		Consent: f.Consent, Website: c.PostForm("website"), Source: src, ClientIP: c.ClientIP()})
	code := mspeval.ErrorCode(err)
	if err != nil && code != mspeval.EINVALID && code != mspeval.EGONE && code != mspeval.ERATELIMITED {
		ui.fail(c, err)
		return
	}
	pc, perr := ui.app.OpenPublicCampaign(ctx, slug, false)
	switch {
	case perr != nil && code == "":
		// The lead exists: the visitor must not lose their link to a page
		// that cannot show. Their own form is the next best place.
		ui.log.Error("started page", "err", perr)
		c.Redirect(http.StatusSeeOther, "/r/"+started.Secret)
		return
	case perr != nil:
		ui.fail(c, perr)
		return
	}
	switch code {
	case "":
		allowFraming(c, pc.Branding.EmbedOrigins)
		ui.render(c, http.StatusOK, "campaign_started", page{Title: "Your survey is ready", Public: true, Data: startedData{
			Campaign: pc, Brand: brandOf(pc.Branding, "/c/"+pc.Slug), Minutes: aboutMinutes(pc.Questions), Token: started.Secret,
			Link: ui.cfg.BaseURL + "/r/" + started.Secret, Email: strings.TrimSpace(f.Email), Emailed: started.Emailed,
			ExpiresAt: started.ExpiresAt}})
	case mspeval.EGONE:
		if pc.Closed == "" {
			pc.Closed = mspeval.ErrorMessage(err)
		}
		ui.showCampaign(c, http.StatusGone, pc, f, src, nil, "")
	case mspeval.ERATELIMITED:
		if ra := retryAfter(err); ra > 0 {
			c.Header("Retry-After", strconv.Itoa(ra))
		}
		ui.showCampaign(c, http.StatusTooManyRequests, pc, f, src, nil, fullSentence(mspeval.ErrorMessage(err)))
	default:
		// Characters the rules refuse and nobody can see (a bidirectional
		// override, a control character) are left out of the form shown again:
		// the person could not find them to delete them.
		f.Name, f.Company = mspeval.DropUnsafe(f.Name), mspeval.DropUnsafe(f.Company)
		ui.showCampaign(c, http.StatusUnprocessableEntity, pc, f, src, fieldsOf(err), "")
	}
}

func fieldsOf(err error) []mspeval.FieldError {
	if e := (*mspeval.Error)(nil); errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// aboutMinutes is how long a questionnaire takes, roughly: 45 seconds a
// question, rounded up to five minutes.
func aboutMinutes(questions int) int {
	m := (questions*3 + 3) / 4
	return max(5, (m+4)/5*5)
}

// fullSentence starts a message with a capital and ends it with a full stop.
func fullSentence(s string) string {
	s = sentence(strings.TrimSpace(s))
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// allowFraming lets the sites a workspace names frame a campaign's page: the
// policy's frame-ancestors lists them, and X-Frame-Options, which cannot
// express a list, goes. Without origins the page stays unframeable. Call it
// before the page is written.
func allowFraming(c *gin.Context, origins []string) {
	var ok []string
	for _, o := range origins {
		// The store checked them; a header is no place to trust that.
		if mspeval.OriginProblem(o) == "" {
			ok = append(ok, o)
		}
	}
	if len(ok) == 0 {
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy("'self' "+strings.Join(ok, " ")))
	h.Del("X-Frame-Options")
}

// prospectBrandKey keeps a campaign respondent's branding for the rest of the
// request: respondent (respond.go) reads it once, to allow framing, and the
// page shows it.
const prospectBrandKey = "mspeval.prospect.branding"

// frameProspect reads the branding behind a campaign's respondent link and
// lets the workspace's sites frame the page.
func (ui *UI) frameProspect(c *gin.Context) {
	b, err := ui.app.LinkBranding(c.Request.Context(), c.Param("token"), "")
	if err != nil {
		// The page still shows, unbranded and unframeable.
		ui.log.Error("respondent branding", "err", err)
		b = mspeval.Branding{}
	}
	c.Set(prospectBrandKey, b)
	allowFraming(c, b.EmbedOrigins)
}

// talkInput is the talk-to-us form sent back with a problem.
type talkInput struct {
	Note, Error string
}

// prospectView is what a campaign's respondent sees besides the form.
type prospectView struct {
	Brand brandView
	// Lead: the response is submitted and has a lead, so talk to us shows.
	Lead bool
	// Asked is when they asked to talk, or nil.
	Asked *time.Time
	Talk  talkInput
}

// prospectOf builds a campaign respondent's view; false when an error page
// was shown.
func (ui *UI) prospectOf(c *gin.Context, submitted bool, talk talkInput) (*prospectView, bool) {
	if _, ok := c.Get(prospectBrandKey); !ok {
		ui.frameProspect(c)
	}
	p := &prospectView{Talk: talk}
	if v, _ := c.Get(prospectBrandKey); v.(mspeval.Branding).Name != "" {
		p.Brand = brandOf(v.(mspeval.Branding), "/r/"+c.Param("token"))
	}
	if !submitted {
		return p, true
	}
	lead, ok, err := ui.app.RespondentLead(c.Request.Context(), c.Param("token"))
	if err != nil {
		ui.respondError(c, err)
		return nil, false
	}
	p.Lead, p.Asked = ok, lead.SalesReadyAt
	return p, true
}

func (ui *UI) talkToUs(c *gin.Context) {
	token := c.Param("token")
	note := c.PostForm("note")
	_, err := ui.app.MarkSalesReady(c.Request.Context(), token, note)
	if err == nil {
		c.Redirect(http.StatusSeeOther, "/r/"+token+"#talk")
		return
	}
	if mspeval.ErrorCode(err) != mspeval.EINVALID {
		ui.respondError(c, err)
		return
	}
	form, q, ok := ui.respondent(c)
	if !ok {
		return
	}
	t := talkInput{Note: note, Error: mspeval.ErrorMessage(err)}
	for _, f := range fieldsOf(err) {
		if f.Field == "note" {
			t.Error = "Your note " + f.Message + "."
		}
	}
	ui.showRespond(c, http.StatusUnprocessableEntity, form, q, form.Answers, nil, "", t)
}

func (ui *UI) resultsPDF(c *gin.Context) {
	data, name, err := ui.app.ResultsPDF(c.Request.Context(), c.Param("token"))
	if err != nil {
		ui.respondError(c, err)
		return
	}
	disp := mime.FormatMediaType("attachment", map[string]string{"filename": name})
	if name == "" || disp == "" {
		disp = `attachment; filename="results.pdf"`
	}
	c.Header("Content-Disposition", disp)
	c.Data(http.StatusOK, "application/pdf", data)
}

func (ui *UI) campaignLogo(c *gin.Context) {
	ui.serveLogo(c, "", c.Param("slug"), "public, max-age=300")
}

// respondentLogo is private: its address holds the link's secret.
func (ui *UI) respondentLogo(c *gin.Context) {
	ui.serveLogo(c, c.Param("token"), "", "private, max-age=300")
}

func (ui *UI) serveLogo(c *gin.Context, secret, slug, cache string) {
	data, typ, err := ui.app.LinkLogo(c.Request.Context(), secret, slug)
	if err == nil && typ != "image/png" && typ != "image/jpeg" {
		err = mspeval.NotFound("logo")
	}
	if err != nil {
		ui.failAsset(c, err)
		return
	}
	serveBytes(c, data, typ, cache)
}

func (ui *UI) campaignBrandCSS(c *gin.Context) { ui.serveBrandCSS(c, "", c.Param("slug")) }

func (ui *UI) respondentBrandCSS(c *gin.Context) { ui.serveBrandCSS(c, c.Param("token"), "") }

func (ui *UI) serveBrandCSS(c *gin.Context, secret, slug string) {
	b, err := ui.app.LinkBranding(c.Request.Context(), secret, slug)
	if err != nil {
		ui.failAsset(c, err)
		return
	}
	// no-cache with an ETag: a new colour shows on the next page, and an
	// unchanged one costs a 304.
	serveBytes(c, []byte(brandCSS(b.AccentColor)), "text/css; charset=utf-8", "private, no-cache")
}

// serveBytes answers with data, its type, an ETag and the cache rule,
// conditional requests (304) included.
func serveBytes(c *gin.Context, data []byte, typ, cache string) {
	sum := sha256.Sum256(data)
	h := c.Writer.Header()
	h.Set("Content-Type", typ)
	h.Set("Cache-Control", cache)
	h.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	http.ServeContent(c.Writer, c.Request, "", time.Time{}, bytes.NewReader(data))
}

// failAsset answers a failed image or stylesheet in plain text: a page shows
// none of it.
func (ui *UI) failAsset(c *gin.Context, err error) {
	status := mspeval.Status(err)
	if mspeval.Unexpected(err) {
		ui.log.Error("asset failed", "route", c.FullPath(), "err", err)
	}
	if status == http.StatusGone {
		status = http.StatusNotFound
	}
	c.Data(status, "text/plain; charset=utf-8", []byte(mspeval.ErrorMessage(err)+"\n"))
	c.Abort()
}

// brandCSS sets the accent for a campaign's pages. --brand is the colour
// itself (bars, primary buttons) with --brand-ink, black or white, whichever
// reads better on it; --accent (links, outlined buttons) is the colour
// darkened until it reads on white at 4.5:1 (WCAG AA). An empty or malformed
// colour leaves the defaults.
func brandCSS(accent string) string {
	if accent == "" || mspeval.AccentProblem(accent) != "" {
		return "/* the default colours */\n"
	}
	r, g, b := hexRGB(accent)
	ink := "#000000"
	if contrast(luminance(r, g, b), 1) >= contrast(luminance(r, g, b), 0) {
		ink = "#ffffff"
	}
	tr, tg, tb := r, g, b
	for contrast(luminance(tr, tg, tb), 1) < 4.5 {
		tr, tg, tb = math.Floor(tr*0.9), math.Floor(tg*0.9), math.Floor(tb*0.9)
	}
	return fmt.Sprintf(":root{--brand:%s;--brand-ink:%s;--accent:%s;--accent-ink:#ffffff}\n",
		strings.ToLower(accent), ink, rgbHex(tr, tg, tb))
}

// hexRGB reads #RRGGBB (checked) as 0-255 channels.
func hexRGB(s string) (r, g, b float64) {
	v, _ := strconv.ParseUint(s[1:], 16, 32)
	return float64(v >> 16 & 0xff), float64(v >> 8 & 0xff), float64(v & 0xff)
}

func rgbHex(r, g, b float64) string {
	return fmt.Sprintf("#%02x%02x%02x", int(r), int(g), int(b))
}

// luminance is the relative luminance of an sRGB colour (WCAG 2).
func luminance(r, g, b float64) float64 {
	lin := func(c float64) float64 {
		c /= 255
		if c <= 0.04045 {
			return c / 12.92
		}
		return math.Pow((c+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

func contrast(l1, l2 float64) float64 {
	return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
}
