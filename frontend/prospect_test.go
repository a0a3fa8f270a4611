package frontend_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// campaign is a site with a campaign (the built-in readiness questionnaire)
// and its public link.
type campaign struct {
	*site
	owner mspeval.Caller
	evID  string
	slug  string
}

func newCampaign(t *testing.T) campaign {
	t.Helper()
	s := newSite(t)
	owner := account(t, s, "owner@northwind.example", "Northwind MSP", mspeval.RoleOwner)
	ev, err := s.store.CreateEvaluation(context.Background(), owner, store.EvaluationInput{Name: "Readiness 2027", QuestionnaireKey: "co-managed-readiness"})
	if err != nil {
		t.Fatal(err)
	}
	camp, err := s.store.SaveCampaign(context.Background(), owner, ev.ID, store.CampaignInput{Intro: ptrTo("A short self-assessment: see where co-managed IT would help your team.")})
	if err != nil {
		t.Fatal(err)
	}
	return campaign{site: s, owner: owner, evID: ev.ID, slug: camp.Slug}
}

func ptrTo[T any](v T) *T { return &v }

// leads lists the campaign's leads as the owner sees them.
func (cp campaign) leads(t *testing.T) []mspeval.Lead {
	t.Helper()
	p, err := cp.store.ListLeads(context.Background(), cp.owner, cp.evID, store.LeadQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Leads
}

// submitted starts a lead through the store, answers every question and
// submits; it returns the lead's private link secret.
func (cp campaign) submitted(t *testing.T, ip string) string {
	t.Helper()
	ctx := context.Background()
	started, err := cp.store.StartLead(ctx, cp.slug, mspeval.LeadForm{Name: "Dana Lee", Email: "dana@contoso.example",
		Company: "Contoso", Consent: true, ClientIP: ip}, false)
	if err != nil {
		t.Fatal(err)
	}
	ev, _ := cp.store.GetEvaluation(ctx, cp.owner, cp.evID)
	q, _ := cp.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	if _, err := cp.store.RespondentSave(ctx, started.Secret, storetest.CompleteAnswers(q)); err != nil {
		t.Fatal(err)
	}
	if _, err := cp.store.RespondentSubmit(ctx, started.Secret); err != nil {
		t.Fatal(err)
	}
	return started.Secret
}

// setLogo gives the workspace a PNG logo, a teal band with a white bar, and
// returns its bytes.
func (cp campaign) setLogo(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 240, 60))
	for x := 0; x < 240; x++ {
		for y := 0; y < 60; y++ {
			c := color.RGBA{15, 118, 110, 255}
			if y > 24 && y < 36 && x > 20 && x < 220 {
				c = color.RGBA{255, 255, 255, 255}
			}
			img.Set(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := cp.store.SetLogo(context.Background(), cp.owner, b.Bytes(), "image/png"); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func goodForm() url.Values {
	return url.Values{"name": {"Dana Lee"}, "email": {"dana@contoso.example"}, "company": {"Contoso"}, "consent": {"yes"},
		"website": {""}, "utm_source": {"webinar"}, "ref": {"partner-42"}}
}

// noFollow is a client that reports redirects instead of following them.
func noFollow() *http.Client {
	return &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

func TestPublicFormRefusesHostileInput(t *testing.T) {
	cp := newCampaign(t)
	long := strings.Repeat("Contoso ", 30)
	for _, tc := range []struct {
		name  string
		edit  func(url.Values)
		field string // what the error summary names
	}{
		{"HoneypotFilled", func(v url.Values) { v.Set("website", "https://spam.example") }, "hidden from people was filled in"},
		{"NoConsent", func(v url.Values) { v.Del("consent") }, "Consent must be accepted"},
		{"BadEmail", func(v url.Values) { v.Set("email", "not-an-address") }, "Work email is not an email address"},
		{"BidiOverrideInName", func(v url.Values) { v.Set("name", "Dana\u202eeL") }, "Your name must not contain bidirectional override"},
		{"OverLongCompany", func(v url.Values) { v.Set("company", long) }, "Company must be at most 200 characters long"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := goodForm()
			tc.edit(form)
			code, body := post(t, client(t), cp.url+"/c/"+cp.slug, form, nil)
			if code != http.StatusUnprocessableEntity {
				t.Fatalf("got %d, want 422", code)
			}
			contains(t, body, tc.field, "the error summary")
			contains(t, body, `role="alert"`, "the error summary")
			// What was typed comes back (the honeypot excepted), and so does the source.
			if tc.name != "BadEmail" {
				contains(t, body, `value="dana@contoso.example"`, "the kept email")
			}
			contains(t, body, `name="utm_source" value="webinar"`, "the kept source")
			if strings.Contains(body, "spam.example") {
				t.Error("the honeypot's value was sent back")
			}
			if tc.name == "BidiOverrideInName" {
				// The invisible override is left out so the person can send again.
				contains(t, body, `value="DanaeL"`, "the name without its override")
			}
			if n := len(cp.leads(t)); n != 0 {
				t.Errorf("a refused form stored %d leads", n)
			}
		})
	}
	t.Run("EveryProblemAtOnce", func(t *testing.T) {
		form := url.Values{"name": {"\u202e"}, "email": {"x@"}, "company": {long}, "website": {"bot"}}
		code, body := post(t, client(t), cp.url+"/c/"+cp.slug, form, nil)
		if code != http.StatusUnprocessableEntity {
			t.Fatalf("got %d, want 422", code)
		}
		for _, want := range []string{`href="#name"`, `href="#email"`, `href="#company"`, `href="#consent"`,
			`id="name-error"`, `id="email-error"`, `id="company-error"`, `id="consent-error"`, "The form has 5 problems"} {
			contains(t, body, want, "the page with every problem")
		}
		if n := len(cp.leads(t)); n != 0 {
			t.Errorf("a refused form stored %d leads", n)
		}
	})
}

func TestPublicLinkStartsALead(t *testing.T) {
	cp := newCampaign(t)
	c := client(t)
	code, body, h := get(t, c, cp.url+"/c/"+cp.slug+"?utm_source=webinar&gclid=abc&ref=%E2%80%AEx")
	if code != 200 {
		t.Fatalf("the public page: got %d", code)
	}
	for _, want := range []string{"Readiness 2027", "A short self-assessment", "16 questions", "About 15 minutes",
		mspeval.DefaultConsentText, `name="utm_source" value="webinar"`, `<legend>Consent</legend>`,
		`aria-hidden="true"`, `tabindex="-1"`, "Leave this empty", `href="/c/` + cp.slug + `/brand.css"`} {
		contains(t, body, want, "the public page")
	}
	if strings.Contains(body, "gclid") || strings.Contains(body, `name="ref"`) {
		t.Error("the page carries a parameter that is not a source (or a ref with a bidi override)")
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
		t.Error("inline script or style in the public page")
	}
	if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "style-src 'self'") || strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q", csp)
	}

	code, body = post(t, c, cp.url+"/c/"+cp.slug, goodForm(), nil)
	if code != 200 {
		t.Fatalf("a good start: got %d", code)
	}
	link := regexp.MustCompile(regexp.QuoteMeta(cp.url) + `/r/msr_[A-Za-z0-9_-]+`).FindString(body)
	if link == "" {
		t.Fatalf("no private link on the page:\n%s", body)
	}
	contains(t, body, `data-copy="resume-link"`, "the started page")
	contains(t, body, `href="`+strings.TrimPrefix(link, cp.url)+`" data-start`, "the start button")
	contains(t, body, "It was not emailed", "the started page without email")
	code, body, _ = get(t, c, link)
	if code != 200 || !strings.Contains(body, "data-autosave") || !strings.Contains(body, "Contoso") {
		t.Fatalf("the private link: got %d, want the form", code)
	}
	leads := cp.leads(t)
	if len(leads) != 1 {
		t.Fatalf("leads: %d, want 1", len(leads))
	}
	l := leads[0]
	if l.Origin != mspeval.LeadPublic || l.Email != "dana@contoso.example" || l.Company != "Contoso" ||
		l.Source["utm_source"] != "webinar" || l.Source["ref"] != "partner-42" || l.Consent == nil {
		t.Errorf("the lead: %+v", l)
	}
}

func TestPublicLinkRateLimitKeepsTheForm(t *testing.T) {
	cp := newCampaign(t)
	c := client(t)
	for i := 0; i < mspeval.PublicStartsPerHour; i++ {
		form := goodForm()
		form.Set("email", "p"+strconv.Itoa(i)+"@contoso.example")
		if code, _ := post(t, c, cp.url+"/c/"+cp.slug, form, nil); code != 200 {
			t.Fatalf("start %d: got %d", i, code)
		}
	}
	req, _ := http.NewRequest("POST", cp.url+"/c/"+cp.slug, strings.NewReader(goodForm().Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("one start too many: got %d, Retry-After %q; want 429 with it", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	contains(t, string(b), "Too many surveys were started", "the rate-limited page")
	contains(t, string(b), `value="Dana Lee"`, "the rate-limited page keeps the form")
	if n := len(cp.leads(t)); n != mspeval.PublicStartsPerHour {
		t.Errorf("leads: %d, want %d", n, mspeval.PublicStartsPerHour)
	}
}

func TestClosedCampaignSaysWhyWithoutAForm(t *testing.T) {
	t.Run("Closed", func(t *testing.T) {
		cp := newCampaign(t)
		if _, err := cp.store.SaveCampaign(context.Background(), cp.owner, cp.evID, store.CampaignInput{Open: ptrTo(false)}); err != nil {
			t.Fatal(err)
		}
		code, body, _ := get(t, client(t), cp.url+"/c/"+cp.slug)
		if code != http.StatusGone {
			t.Errorf("a closed campaign's page: got %d, want 410", code)
		}
		contains(t, body, "This survey is not taking new responses.", "the closed page")
		if strings.Contains(body, "<form") {
			t.Error("the closed page has a form")
		}
		if code, _ := post(t, client(t), cp.url+"/c/"+cp.slug, goodForm(), nil); code != http.StatusGone {
			t.Errorf("a start on a closed campaign: got %d, want 410", code)
		}
		if n := len(cp.leads(t)); n != 0 {
			t.Errorf("a closed campaign stored %d leads", n)
		}
	})
	t.Run("CapReached", func(t *testing.T) {
		cp := newCampaign(t)
		if _, err := cp.store.SaveCampaign(context.Background(), cp.owner, cp.evID, store.CampaignInput{ResponseCap: ptrTo(1)}); err != nil {
			t.Fatal(err)
		}
		if code, _ := post(t, client(t), cp.url+"/c/"+cp.slug, goodForm(), nil); code != 200 {
			t.Fatalf("the one start the cap allows: got %d", code)
		}
		code, body, _ := get(t, client(t), cp.url+"/c/"+cp.slug)
		if code != http.StatusGone || strings.Contains(body, "<form") {
			t.Errorf("a full campaign's page: got %d (form shown: %v), want 410 without a form", code, strings.Contains(body, "<form"))
		}
		contains(t, body, "all the responses it can take", "the full campaign's page")
	})
	t.Run("UnknownSlugIsNotFound", func(t *testing.T) {
		cp := newCampaign(t)
		if code, _, _ := get(t, client(t), cp.url+"/c/no-such-survey-link"); code != http.StatusNotFound {
			t.Errorf("an unknown public link: got %d, want 404", code)
		}
	})
}

func TestResultsPageTalkToUs(t *testing.T) {
	cp := newCampaign(t)
	secret := cp.submitted(t, "192.0.2.10")
	link := cp.url + "/r/" + secret
	c := client(t)
	code, body, _ := get(t, c, link)
	if code != 200 {
		t.Fatalf("the results page: got %d", code)
	}
	for _, want := range []string{"data-results", `action="/r/` + secret + `/talk"`, "Talk to us", `href="/r/` + secret + `/results.pdf"`,
		"Download PDF", `class="result-bar"`, "Northwind MSP", `href="/r/` + secret + `/brand.css"`} {
		contains(t, body, want, "the results page")
	}

	// Before submitting no one can ask to talk.
	other, err := cp.store.StartLead(context.Background(), cp.slug, mspeval.LeadForm{Name: "Sam", Email: "sam@fabrikam.example",
		Company: "Fabrikam", Consent: true}, false)
	if err != nil {
		t.Fatal(err)
	}
	if code, _ := post(t, c, cp.url+"/r/"+other.Secret+"/talk", url.Values{"note": {"hi"}}, nil); code != http.StatusConflict {
		t.Errorf("talk to us before submitting: got %d, want 409", code)
	}

	// A note with a bidi override comes back with the problem, and marks nothing.
	code, body = post(t, c, link+"/talk", url.Values{"note": {"Call me \u202e on Tuesday"}}, nil)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, `id="talk-note-error"`) || !strings.Contains(body, "Call me") {
		t.Errorf("a bad note: got %d, want 422 with the note and its problem", code)
	}
	if l := cp.leads(t)[0]; l.SalesReadyAt != nil {
		t.Fatalf("a refused note marked the lead sales-ready")
	}

	resp, err := noFollow().PostForm(link+"/talk", url.Values{"note": {"Call me on Tuesday"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/r/"+secret+"#talk" {
		t.Fatalf("talk to us: got %d to %q, want 303 to the results", resp.StatusCode, resp.Header.Get("Location"))
	}
	leads := cp.leads(t)
	var l mspeval.Lead
	for _, x := range leads {
		if x.Company == "Contoso" {
			l = x
		}
	}
	if l.Status != mspeval.LeadSalesReady || l.SalesNote != "Call me on Tuesday" {
		t.Errorf("after talk to us: status %q, note %q; want sales_ready with the note", l.Status, l.SalesNote)
	}
	_, body, _ = get(t, c, link)
	contains(t, body, "Thanks — Northwind MSP will be in touch", "the results page after asking")
	if strings.Contains(body, `action="/r/`+secret+`/talk"`) {
		t.Error("the talk-to-us form still shows after asking")
	}
}

func TestResultsPDFDownloads(t *testing.T) {
	cp := newCampaign(t)
	secret := cp.submitted(t, "192.0.2.11")
	resp, err := http.Get(cp.url + "/r/" + secret + "/results.pdf")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("the results PDF: got %d %q, want 200 application/pdf", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if d := resp.Header.Get("Content-Disposition"); !strings.HasPrefix(d, "attachment") {
		t.Errorf("Content-Disposition %q, want an attachment", d)
	}
	if !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Errorf("the results PDF starts %q, want %%PDF-", b[:min(len(b), 8)])
	}
	if code, _, _ := get(t, client(t), cp.url+"/r/msr_unknown/results.pdf"); code != http.StatusNotFound {
		t.Errorf("the PDF of an unknown link: got %d, want 404", code)
	}
}

func TestCampaignPagesMayBeFramedByTheWorkspacesSites(t *testing.T) {
	cp := newCampaign(t)
	secret := cp.submitted(t, "192.0.2.12")
	ctx := context.Background()
	partner, _ := cp.store.CreateEvaluation(ctx, cp.owner, store.EvaluationInput{Name: "Partners", QuestionnaireKey: "partner-selection"})
	cand, _ := cp.store.CreateCandidate(ctx, cp.owner, partner.ID, store.CandidateInput{Name: "Gamma IT"})
	_, partnerSecret, _ := cp.store.CreateInvitation(ctx, cp.owner, cand.ID, nil)
	campaignPages := []string{"/c/" + cp.slug, "/r/" + secret, "/r/" + secret + "/review"}

	frameOf := func(h http.Header) string {
		for _, d := range strings.Split(h.Get("Content-Security-Policy"), ";") {
			if d = strings.TrimSpace(d); strings.HasPrefix(d, "frame-ancestors") {
				return d
			}
		}
		return ""
	}
	t.Run("NoSitesNoFraming", func(t *testing.T) {
		for _, p := range campaignPages {
			_, _, h := get(t, client(t), cp.url+p)
			if got := frameOf(h); got != "frame-ancestors 'none'" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s: %q, X-Frame-Options %q; want none and DENY", p, got, h.Get("X-Frame-Options"))
			}
		}
	})
	if _, err := cp.store.SetBranding(ctx, cp.owner, store.BrandingInput{
		EmbedOrigins: &[]string{"https://www.northwind.example", "https://partners.example:8443"}}); err != nil {
		t.Fatal(err)
	}
	want := "frame-ancestors 'self' https://www.northwind.example https://partners.example:8443"
	t.Run("TheWorkspacesSites", func(t *testing.T) {
		for _, p := range campaignPages {
			_, _, h := get(t, client(t), cp.url+p)
			if got := frameOf(h); got != want || h.Get("X-Frame-Options") != "" {
				t.Errorf("%s: %q, X-Frame-Options %q; want %q and none", p, got, h.Get("X-Frame-Options"), want)
			}
		}
		req, _ := http.NewRequest("POST", cp.url+"/c/"+cp.slug, strings.NewReader(goodForm().Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := frameOf(resp.Header); resp.StatusCode != 200 || got != want {
			t.Errorf("the started page: %d %q, want 200 and %q", resp.StatusCode, got, want)
		}
	})
	t.Run("OtherEvaluationsStayUnframeable", func(t *testing.T) {
		for _, p := range []string{"/r/" + partnerSecret, "/r/" + partnerSecret + "/review", "/login"} {
			_, _, h := get(t, client(t), cp.url+p)
			if got := frameOf(h); got != "frame-ancestors 'none'" || h.Get("X-Frame-Options") != "DENY" {
				t.Errorf("%s: %q, X-Frame-Options %q; want none and DENY", p, got, h.Get("X-Frame-Options"))
			}
		}
	})
}

func TestLogoRoutesServeTheUploadedImage(t *testing.T) {
	cp := newCampaign(t)
	secret := cp.submitted(t, "192.0.2.13")
	if code, _, _ := get(t, client(t), cp.url+"/c/"+cp.slug+"/logo"); code != http.StatusNotFound {
		t.Errorf("no logo yet: got %d, want 404", code)
	}
	_, body, _ := get(t, client(t), cp.url+"/c/"+cp.slug)
	if strings.Contains(body, "/logo") {
		t.Error("the page shows a logo the workspace does not have")
	}
	logo := cp.setLogo(t)
	for _, tc := range []struct{ path, cache string }{
		{"/c/" + cp.slug + "/logo", "public, max-age=300"},
		{"/r/" + secret + "/logo", "private, max-age=300"},
	} {
		resp, err := http.Get(cp.url + tc.path)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || !bytes.Equal(b, logo) {
			t.Errorf("%s: got %d %q, %d bytes; want the uploaded PNG", tc.path, resp.StatusCode, resp.Header.Get("Content-Type"), len(b))
		}
		if resp.Header.Get("X-Content-Type-Options") != "nosniff" || resp.Header.Get("Cache-Control") != tc.cache {
			t.Errorf("%s: nosniff %q, Cache-Control %q; want nosniff and %q", tc.path,
				resp.Header.Get("X-Content-Type-Options"), resp.Header.Get("Cache-Control"), tc.cache)
		}
		req, _ := http.NewRequest("GET", cp.url+tc.path, nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		again, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		again.Body.Close()
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("%s with its ETag: got %d, want 304", tc.path, again.StatusCode)
		}
	}
	_, body, _ = get(t, client(t), cp.url+"/c/"+cp.slug)
	contains(t, body, `src="/c/`+cp.slug+`/logo" alt="Northwind MSP"`, "the public page with a logo")
	_, body, _ = get(t, client(t), cp.url+"/r/"+secret)
	contains(t, body, `src="/r/`+secret+`/logo" alt="Northwind MSP"`, "the results page with a logo")
}

func TestBrandStylesheetSetsAReadableAccent(t *testing.T) {
	cp := newCampaign(t)
	css := func() (string, http.Header) {
		code, body, h := get(t, client(t), cp.url+"/c/"+cp.slug+"/brand.css")
		if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/css") {
			t.Fatalf("brand.css: got %d %q", code, h.Get("Content-Type"))
		}
		return body, h
	}
	if body, _ := css(); strings.Contains(body, "--") {
		t.Errorf("without an accent: %q, want the defaults", body)
	}
	// A light gold: buttons keep it with black text; links get a darker shade.
	if _, err := cp.store.SetBranding(context.Background(), cp.owner, store.BrandingInput{AccentColor: ptrTo("#FFD700")}); err != nil {
		t.Fatal(err)
	}
	body, _ := css()
	contains(t, body, "--brand:#ffd700", "brand.css")
	contains(t, body, "--brand-ink:#000000", "brand.css")
	m := regexp.MustCompile(`--accent:#([0-9a-f]{6})`).FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("brand.css %q sets no --accent", body)
	}
	if r := contrastOnWhite(m[1]); r < 4.5 {
		t.Errorf("--accent #%s reads on white at %.2f:1, want at least 4.5:1", m[1], r)
	}
	if code, _, _ := get(t, client(t), cp.url+"/r/msr_unknown/brand.css"); code != http.StatusNotFound {
		t.Errorf("brand.css of an unknown link: got %d, want 404", code)
	}
}

// contrastOnWhite is the WCAG contrast of RRGGBB with white.
func contrastOnWhite(rgb string) float64 {
	v, _ := strconv.ParseUint(rgb, 16, 32)
	lin := func(c uint64) float64 {
		f := float64(c) / 255
		if f <= 0.04045 {
			return f / 12.92
		}
		return math.Pow((f+0.055)/1.055, 2.4)
	}
	l := 0.2126*lin(v>>16&0xff) + 0.7152*lin(v>>8&0xff) + 0.0722*lin(v&0xff)
	return 1.05 / (l + 0.05)
}
