package api_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"mspeval"
	"mspeval/store/storetest"
)

func init() {
	// A logo travels as the raw image, both ways.
	for _, ct := range []string{"image/png", "image/jpeg"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.FileBodyDecoder)
	}
}

// campaign is a readiness campaign of workspace A with its public link.
type campaign struct {
	f    *fixture
	id   string
	slug string
}

func newCampaign(t *testing.T, f *fixture) campaign {
	t.Helper()
	var ev mspeval.Evaluation
	f.e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "editorA",
		Body: map[string]any{"name": "Readiness 2027", "questionnaire_key": "co-managed-readiness"}}).decode(t, &ev)
	var camp struct{ Slug string }
	f.e.must(200, request{Method: "PUT", Path: "/api/v1/evaluations/" + ev.ID + "/campaign", As: "editorA", Body: map[string]any{}}).decode(t, &camp)
	return campaign{f: f, id: ev.ID, slug: camp.Slug}
}

func (c campaign) path(rest string) string { return "/api/v1/evaluations/" + c.id + rest }

// leads returns how many leads the campaign has, read by its owner.
func (c campaign) leads(t *testing.T) int {
	t.Helper()
	var page struct{ Total int }
	c.f.e.must(200, request{Method: "GET", Path: c.path("/leads"), As: "ownerA"}).decode(t, &page)
	return page.Total
}

// visitor is a public link's form, filled in as a person would.
func visitor(name, company string) map[string]any {
	return map[string]any{"name": name, "email": strings.ToLower(strings.Fields(name)[0]) + "@" + strings.ToLower(company) + ".example",
		"company": company, "consent": true}
}

type started struct {
	Token     string
	ResumeURL string    `json:"resume_url"`
	ExpiresAt time.Time `json:"expires_at"`
	Emailed   bool
}

// start starts a lead through the public link, with query appended to it.
func (c campaign) start(t *testing.T, query string, body map[string]any) started {
	t.Helper()
	var s started
	c.f.e.must(201, request{Method: "POST", Path: "/api/v1/campaigns/" + c.slug + "/leads" + query, Body: body}).decode(t, &s)
	return s
}

// submit answers every question through the lead's private link and submits.
func (c campaign) submit(t *testing.T, token string) {
	t.Helper()
	q, ok := c.f.e.store.Catalog().Latest("co-managed-readiness")
	if !ok {
		t.Fatal("no co-managed-readiness questionnaire")
	}
	c.f.e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers", Body: map[string]any{"answers": storetest.CompleteAnswers(q)}})
	c.f.e.must(200, request{Method: "POST", Path: "/api/v1/respond/" + token + "/submit"})
}

func TestCampaignSettingsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		var ev mspeval.Evaluation
		e.must(201, request{Method: "POST", Path: "/api/v1/evaluations", As: "editorA",
			Body: map[string]any{"name": "Readiness 2027", "questionnaire_key": "co-managed-readiness"}}).decode(t, &ev)
		path := "/api/v1/evaluations/" + ev.ID + "/campaign"

		type campaignBody struct {
			mspeval.Campaign
			PublicURL string `json:"public_url"`
		}
		var camp campaignBody
		e.must(200, request{Method: "GET", Path: path, As: "viewerA"}).decode(t, &camp)
		if camp.Slug != "" || camp.PublicURL != "" || camp.ConsentText != mspeval.DefaultConsentText {
			t.Errorf("before the first save: got %+v, want no link and the default consent", camp)
		}
		e.must(403, request{Method: "PUT", Path: path, As: "viewerA", Body: map[string]any{"open": true}})
		e.must(404, request{Method: "GET", Path: path, As: "ownerB"})
		e.must(404, request{Method: "PUT", Path: path, As: "ownerB", Body: map[string]any{"open": true}})
		e.must(409, request{Method: "GET", Path: "/api/v1/evaluations/" + f.ids["evA"] + "/campaign", As: "viewerA"})

		closes := time.Date(2099, 1, 31, 17, 0, 0, 0, time.UTC)
		e.must(200, request{Method: "PUT", Path: path, As: "editorA", Body: map[string]any{
			"response_cap": 10, "closes_at": closes, "intro": "Five minutes to see where you stand."}}).decode(t, &camp)
		if camp.Slug == "" || camp.PublicURL != "http://mspeval.test/c/"+camp.Slug || !camp.Open ||
			camp.ResponseCap == nil || *camp.ResponseCap != 10 || camp.ClosesAt == nil || !camp.ClosesAt.Equal(closes) {
			t.Fatalf("after the first save: got %+v", camp)
		}

		t.Run("NullRemovesTheCapAndLeavesTheRest", func(t *testing.T) {
			var got campaignBody
			e.must(200, request{Method: "PUT", Path: path, As: "editorA", Raw: `{"response_cap": null}`}).decode(t, &got)
			if got.ResponseCap != nil || got.ClosesAt == nil || got.Intro != camp.Intro || got.Slug != camp.Slug {
				t.Errorf("got %+v, want no cap and the rest unchanged", got)
			}
			e.must(200, request{Method: "PUT", Path: path, As: "editorA", Raw: `{"closes_at": null}`}).decode(t, &got)
			if got.ClosesAt != nil {
				t.Errorf("closes_at after null: got %v", got.ClosesAt)
			}
		})
		t.Run("BadValuesNameTheirFieldAndChangeNothing", func(t *testing.T) {
			for _, tc := range []struct {
				raw, field string
				want       int
			}{
				{`{"response_cap": "ten"}`, "response_cap", 400},
				{`{"response_cap": 0}`, "response_cap", 422},
				{`{"closes_at": "next week"}`, "closes_at", 400},
				{`{"consent_text": "ok"}`, "consent_text", 422},
				{`{"open": "yes"}`, "open", 400},
				{`{"slug": "my-own-slug"}`, "slug", 400},
			} {
				p := e.must(tc.want, request{Method: "PUT", Path: path, As: "editorA", Raw: tc.raw, Malformed: true}).problem(t)
				if !hasField(p.Errors, tc.field) {
					t.Errorf("%s: got %+v, want a field error naming %s", tc.raw, p.Errors, tc.field)
				}
			}
			var got campaignBody
			e.must(200, request{Method: "GET", Path: path, As: "viewerA"}).decode(t, &got)
			if got.Slug != camp.Slug || got.ConsentText != mspeval.DefaultConsentText || !got.Open {
				t.Errorf("after refused changes: got %+v", got)
			}
		})
		t.Run("NewSlugRetiresTheOldLink", func(t *testing.T) {
			var got campaignBody
			e.must(200, request{Method: "PUT", Path: path, As: "editorA", Body: map[string]any{"new_slug": true}}).decode(t, &got)
			if got.Slug == camp.Slug || !strings.HasSuffix(got.PublicURL, "/c/"+got.Slug) {
				t.Fatalf("new slug: got %+v", got)
			}
			e.must(404, request{Method: "GET", Path: "/api/v1/campaigns/" + camp.Slug})
			e.must(200, request{Method: "GET", Path: "/api/v1/campaigns/" + got.Slug})
		})
	})
}

// TestCampaignFromPublicLinkToSalesReady follows a prospect from the public
// link to "talk to us", and the sales team's view of them.
func TestCampaignFromPublicLinkToSalesReady(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(204) }))
		t.Cleanup(hook.Close)
		var endpoint struct{ Endpoint mspeval.WebhookEndpoint }
		e.must(201, request{Method: "POST", Path: "/api/v1/webhooks", As: "ownerA",
			Body: map[string]any{"url": hook.URL, "events": []string{"lead.submitted", "lead.sales_ready"}}}).decode(t, &endpoint)
		c := newCampaign(t, f)

		// The public page counts a visit and shows who runs the survey.
		var page struct {
			Title     string
			Questions int
			Branding  mspeval.Branding
			Closed    string
		}
		e.must(200, request{Method: "GET", Path: "/api/v1/campaigns/" + c.slug}).decode(t, &page)
		if page.Questions == 0 || page.Branding.Name != "Workspace A" || page.Closed != "" {
			t.Errorf("public page: got %+v", page)
		}
		// Links no campaign can have are 404 on both databases, before any query.
		for _, slug := range []string{"nosuchcampaign1234", "%00%00%00%00%00%00%00%00%00%00%00", "%FF%FE" + strings.Repeat("a", 20), strings.Repeat("x", 65)} {
			e.must(404, request{Method: "GET", Path: "/api/v1/campaigns/" + slug, Malformed: true})
			e.must(404, request{Method: "POST", Path: "/api/v1/campaigns/" + slug + "/leads", Body: visitor("Ann Lee", "Acme"), Malformed: true})
		}

		// The link's utm_* and ref are kept, the body's source winning.
		body := visitor("Dana Lee", "Contoso")
		body["source"] = map[string]string{"utm_medium": "linkedin", "utm_campaign": "spring"}
		dana := c.start(t, "?utm_source=webinar&utm_medium=email&gclid=x", body)
		if len(dana.Token) < 40 || dana.ResumeURL != "http://mspeval.test/r/"+dana.Token || !dana.ExpiresAt.After(time.Now()) || dana.Emailed {
			t.Errorf("started lead: got %+v", dana)
		}

		// The lead's own link shows the respondent's view only.
		r := e.must(200, request{Method: "GET", Path: "/api/v1/respond/" + dana.Token})
		for _, leak := range []string{`"listen_for"`, `"red_flags"`, `"anchors"`, `"weights"`, `"signals"`, `"utm_source"`} {
			if bytes.Contains(r.Body, []byte(leak)) {
				t.Errorf("the lead's form carries %s", leak)
			}
		}
		e.must(409, request{Method: "POST", Path: "/api/v1/respond/" + dana.Token + "/sales-ready"})
		c.submit(t, dana.Token)
		e.must(200, request{Method: "GET", Path: "/api/v1/respond/" + dana.Token + "/results"})

		// "Talk to us", with a note, then again without a body: the same answer.
		var ready struct {
			Status       string
			SalesReadyAt *time.Time `json:"sales_ready_at"`
		}
		r = e.must(200, request{Method: "POST", Path: "/api/v1/respond/" + dana.Token + "/sales-ready", Body: map[string]string{"note": "Call me on Tuesday"}})
		r.decode(t, &ready)
		if ready.Status != mspeval.LeadSalesReady || ready.SalesReadyAt == nil {
			t.Errorf("sales-ready: got %+v", ready)
		}
		var fields map[string]any
		r.decode(t, &fields)
		if len(fields) != 2 {
			t.Errorf("the respondent learns more than its status: %s", r.Body)
		}
		first := *ready.SalesReadyAt
		e.must(200, request{Method: "POST", Path: "/api/v1/respond/" + dana.Token + "/sales-ready"}).decode(t, &ready)
		if !ready.SalesReadyAt.Equal(first) {
			t.Errorf("asking twice moved sales_ready_at from %v to %v", first, ready.SalesReadyAt)
		}
		p := e.must(422, request{Method: "POST", Path: "/api/v1/respond/" + dana.Token + "/sales-ready",
			Body: map[string]string{"note": strings.Repeat("x", 1001)}, Malformed: true}).problem(t)
		if !hasField(p.Errors, "note") {
			t.Errorf("an over-long note: got %+v", p.Errors)
		}

		sam := c.start(t, "?ref=partner-42", visitor("Sam Roe", "Fabrikam"))
		checkLeadsList(t, c)
		checkFunnel(t, c)
		checkLeadEvents(t, c, dsn, endpoint.Endpoint.ID)

		// The rate limit: two starts so far from this address; three more
		// pass, the next is refused with Retry-After and stores nothing.
		for i := 0; i < mspeval.PublicStartsPerHour-2; i++ {
			c.start(t, "", visitor("Ro Tan", fmt.Sprintf("Ro%d", i)))
		}
		r = e.must(429, request{Method: "POST", Path: "/api/v1/campaigns/" + c.slug + "/leads", Body: visitor("Kim Park", "Tailspin")})
		if r.problem(t).Code != mspeval.ERATELIMITED || r.Header.Get("Retry-After") == "" {
			t.Errorf("over the rate limit: got %s, Retry-After %q", r.Body, r.Header.Get("Retry-After"))
		}
		if n := c.leads(t); n != mspeval.PublicStartsPerHour {
			t.Errorf("leads after the rate limit: got %d, want %d", n, mspeval.PublicStartsPerHour)
		}

		// A closed survey says why, and takes no one.
		e.must(200, request{Method: "PUT", Path: c.path("/campaign"), As: "editorA", Body: map[string]any{"open": false}})
		e.must(200, request{Method: "GET", Path: "/api/v1/campaigns/" + c.slug}).decode(t, &page)
		if page.Closed == "" {
			t.Errorf("a closed survey's page does not say so: %+v", page)
		}
		e.must(410, request{Method: "POST", Path: "/api/v1/campaigns/" + c.slug + "/leads", Body: visitor("Lou Late", "Late")})
		if n := c.leads(t); n != mspeval.PublicStartsPerHour {
			t.Errorf("leads after closing: got %d, want %d", n, mspeval.PublicStartsPerHour)
		}
		// The started lead can still answer through its own link.
		e.must(200, request{Method: "GET", Path: "/api/v1/respond/" + sam.Token})
	})
}

// checkLeadsList: the sales team sees the leads with their source, sorted,
// filtered and paged; another workspace sees nothing.
func checkLeadsList(t *testing.T, c campaign) {
	t.Helper()
	e := c.f.e
	var all struct {
		Leads []mspeval.Lead
		Total int
	}
	e.must(200, request{Method: "GET", Path: c.path("/leads"), As: "viewerA"}).decode(t, &all)
	if all.Total != 2 || len(all.Leads) != 2 {
		t.Fatalf("leads: got %+v", all)
	}
	dana := all.Leads[0]
	wantSource := map[string]string{"utm_source": "webinar", "utm_medium": "linkedin", "utm_campaign": "spring"}
	if dana.Company != "Contoso" || dana.Status != mspeval.LeadSalesReady || dana.Result == nil || dana.SalesNote != "Call me on Tuesday" ||
		dana.Consent == nil || dana.Consent.Text != mspeval.DefaultConsentText || fmt.Sprint(dana.Source) != fmt.Sprint(wantSource) {
		t.Errorf("the best-scored lead: got %+v", dana)
	}
	if all.Leads[1].Source["ref"] != "partner-42" {
		t.Errorf("the second lead's source: got %v", all.Leads[1].Source)
	}
	for _, tc := range []struct {
		query string
		total int
		first string
	}{
		{"?sort=company&order=asc", 2, "Contoso"},
		{"?sort=company&order=desc", 2, "Fabrikam"},
		{"?sort=created&order=asc&limit=1&offset=1", 2, "Fabrikam"},
		{"?status=started", 1, "Fabrikam"},
		{"?status=sales_ready", 1, "Contoso"},
		{"?source=webinar", 1, "Contoso"},
		{"?source=partner-42", 1, "Fabrikam"},
		{"?q=FAB", 1, "Fabrikam"},
		{"?q=nobody", 0, ""},
	} {
		var got struct {
			Leads []mspeval.Lead
			Total int
		}
		e.must(200, request{Method: "GET", Path: c.path("/leads" + tc.query), As: "viewerA"}).decode(t, &got)
		first := ""
		if len(got.Leads) > 0 {
			first = got.Leads[0].Company
		}
		if got.Total != tc.total || first != tc.first {
			t.Errorf("leads%s: got total %d, first %q; want %d, %q", tc.query, got.Total, first, tc.total, tc.first)
		}
	}
	for _, tc := range []struct{ query, field string }{
		{"?sort=" + url.QueryEscape("overall; DROP TABLE leads"), "sort"}, {"?order=up", "order"}, {"?status=won", "status"},
		{"?limit=0", "limit"}, {"?limit=ten", "limit"}, {"?offset=-1", "offset"}, {"?q=" + url.QueryEscape("a\u202eb"), "q"},
		{"?q=%00", "q"}, {"?tier=%FF", "tier"}, {"?source=a%00b", "source"},
	} {
		p := e.must(422, request{Method: "GET", Path: c.path("/leads" + tc.query), As: "viewerA", Malformed: true}).problem(t)
		if !hasField(p.Errors, tc.field) {
			t.Errorf("leads%s: got %+v, want a field error naming %s", tc.query, p.Errors, tc.field)
		}
	}
	e.must(404, request{Method: "GET", Path: c.path("/leads"), As: "ownerB"})
	e.must(409, request{Method: "GET", Path: "/api/v1/evaluations/" + c.f.ids["evA"] + "/leads", As: "viewerA"})
}

// checkFunnel: one visit, two starts, one submission, one sales-ready.
func checkFunnel(t *testing.T, c campaign) {
	t.Helper()
	e := c.f.e
	var fn mspeval.Funnel
	e.must(200, request{Method: "GET", Path: c.path("/funnel"), As: "viewerA"}).decode(t, &fn)
	if fn.Visits != 1 || fn.Started != 2 || fn.Submitted != 1 || fn.SalesReady != 1 || len(fn.Days) != 30 {
		t.Errorf("funnel: got %+v", fn)
	}
	today := fn.Days[len(fn.Days)-1]
	if today.Day != time.Now().UTC().Format("2006-01-02") || today.Started != 2 || today.Visits != 1 {
		t.Errorf("today's funnel: got %+v", today)
	}
	e.must(200, request{Method: "GET", Path: c.path("/funnel?days=7"), As: "viewerA"}).decode(t, &fn)
	if len(fn.Days) != 7 {
		t.Errorf("funnel over 7 days: got %d days", len(fn.Days))
	}
	for _, q := range []string{"?days=0", "?days=367", "?days=week"} {
		if p := e.must(422, request{Method: "GET", Path: c.path("/funnel" + q), As: "viewerA", Malformed: true}).problem(t); !hasField(p.Errors, "days") {
			t.Errorf("funnel%s: got %+v, want a field error naming days", q, p.Errors)
		}
	}
	e.must(404, request{Method: "GET", Path: c.path("/funnel"), As: "ownerB"})
}

// checkLeadEvents: both lead events were queued for the endpoint, with the
// payload openapi.yaml describes.
func checkLeadEvents(t *testing.T, c campaign, dsn, endpointID string) {
	t.Helper()
	var log struct{ Items []mspeval.OutboxItem }
	c.f.e.must(200, request{Method: "GET", Path: "/api/v1/webhooks/" + endpointID + "/deliveries", As: "ownerA"}).decode(t, &log)
	topics := map[string]int{}
	for _, d := range log.Items {
		topics[d.Topic]++
	}
	if topics["lead.submitted"] != 1 || topics["lead.sales_ready"] != 1 || len(log.Items) != 2 {
		t.Errorf("deliveries: got %v, want one lead.submitted and one lead.sales_ready", topics)
	}
	schema := openAPIDoc.Components.Schemas["LeadEvent"].Value
	for _, topic := range []string{"lead.submitted", "lead.sales_ready"} {
		var payload any
		if err := json.Unmarshal(storetest.OutboxPayload(t, dsn, topic), &payload); err != nil {
			t.Fatal(err)
		}
		if err := schema.VisitJSON(payload); err != nil {
			t.Errorf("%s payload does not match LeadEvent in openapi.yaml: %v", topic, err)
		}
	}
}

// TestPublicFormRefusesHostileInput: each bad form is refused naming the
// field, and stores no lead.
func TestPublicFormRefusesHostileInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		c := newCampaign(t, f)
		leadsPath := "/api/v1/campaigns/" + c.slug + "/leads"
		for _, tc := range []struct {
			name, raw, field string
			want             int
		}{
			{"HoneypotFilled", `{"name": "Bot", "email": "bot@example.com", "company": "Bots", "consent": true, "website": "http://spam.example"}`, "website", 422},
			{"NoConsent", `{"name": "Ann Lee", "email": "ann@example.com", "company": "Acme", "consent": false}`, "consent", 422},
			{"BadEmail", `{"name": "Ann Lee", "email": "ann at example", "company": "Acme", "consent": true}`, "email", 422},
			{"MissingCompany", `{"name": "Ann Lee", "email": "ann@example.com", "consent": true}`, "company", 422},
			{"UnknownField", `{"name": "Ann Lee", "email": "ann@example.com", "company": "Acme", "consent": true, "phone": "555"}`, "phone", 400},
			{"ConsentAsString", `{"name": "Ann Lee", "email": "ann@example.com", "company": "Acme", "consent": "yes"}`, "consent", 400},
			{"NameAsNumber", `{"name": 7, "email": "ann@example.com", "company": "Acme", "consent": true}`, "name", 400},
			{"SourceValueAsNumber", `{"name": "Ann Lee", "email": "ann@example.com", "company": "Acme", "consent": true, "source": {"utm_source": 5}}`, "source.utm_source", 400},
			{"BidiInName", `{"name": "Ann \u202eeeL", "email": "ann@example.com", "company": "Acme", "consent": true}`, "name", 422},
			{"BidiInCompany", `{"name": "Ann Lee", "email": "ann@example.com", "company": "Acme\u2066", "consent": true}`, "company", 422},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p := f.e.must(tc.want, request{Method: "POST", Path: leadsPath, Raw: tc.raw, Malformed: true}).problem(t)
				if !hasField(p.Errors, tc.field) {
					t.Errorf("got %+v, want a field error naming %s", p.Errors, tc.field)
				}
				if n := c.leads(t); n != 0 {
					t.Errorf("a refused form stored %d leads", n)
				}
			})
		}
		t.Run("UnknownLinkIs404", func(t *testing.T) {
			f.e.must(404, request{Method: "POST", Path: "/api/v1/campaigns/nosuchcampaign1234/leads", Body: visitor("Ann Lee", "Acme")})
		})
		t.Run("NotJSONIs415", func(t *testing.T) {
			f.e.must(415, request{Method: "POST", Path: leadsPath, Raw: "name=Ann", Malformed: true,
				Header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}})
			if n := c.leads(t); n != 0 {
				t.Errorf("a form post stored %d leads", n)
			}
		})
	})
}

func pngImage(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, h/2, color.NRGBA{0x1F, 0x6F, 0xEB, 0xFF})
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestWorkspaceBrandingAndLogo(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		var b mspeval.Branding
		e.must(200, request{Method: "GET", Path: "/api/v1/workspace/branding", As: "viewerA"}).decode(t, &b)
		if b.Name != "Workspace A" || b.HasLogo || b.AccentColor != "" || len(b.EmbedOrigins) != 0 {
			t.Errorf("default branding: got %+v", b)
		}
		change := map[string]any{"accent_color": "#1f6feb", "embed_origins": []string{"https://www.example.com/"}}
		e.must(403, request{Method: "PUT", Path: "/api/v1/workspace/branding", As: "viewerA", Body: change})
		e.must(403, request{Method: "PUT", Path: "/api/v1/workspace/branding", As: "editorA", Body: change})
		e.must(200, request{Method: "PUT", Path: "/api/v1/workspace/branding", As: "ownerA", Body: change}).decode(t, &b)
		if b.AccentColor != "#1F6FEB" || len(b.EmbedOrigins) != 1 || b.EmbedOrigins[0] != "https://www.example.com" {
			t.Errorf("after the change: got %+v", b)
		}
		for _, tc := range []struct{ raw, field string }{
			{`{"accent_color": "blue"}`, "accent_color"},
			{`{"embed_origins": ["http://insecure.example"]}`, "embed_origins[0]"},
		} {
			p := e.must(422, request{Method: "PUT", Path: "/api/v1/workspace/branding", As: "ownerA", Raw: tc.raw}).problem(t)
			if !hasField(p.Errors, tc.field) {
				t.Errorf("%s: got %+v, want a field error naming %s", tc.raw, p.Errors, tc.field)
			}
		}
		var other mspeval.Branding
		e.must(200, request{Method: "GET", Path: "/api/v1/workspace/branding", As: "ownerB"}).decode(t, &other)
		if other.Name != "Workspace B" || other.AccentColor != "" {
			t.Errorf("workspace B's branding: got %+v", other)
		}

		logo := pngImage(t, 40, 12)
		asPNG := http.Header{"Content-Type": {"image/png"}}
		e.must(404, request{Method: "GET", Path: "/api/v1/workspace/logo", As: "viewerA"})
		e.must(403, request{Method: "PUT", Path: "/api/v1/workspace/logo", As: "viewerA", Raw: string(logo), Header: asPNG})
		e.must(403, request{Method: "PUT", Path: "/api/v1/workspace/logo", As: "editorA", Raw: string(logo), Header: asPNG})
		e.must(200, request{Method: "PUT", Path: "/api/v1/workspace/logo", As: "ownerA", Raw: string(logo), Header: asPNG}).decode(t, &b)
		if !b.HasLogo || b.LogoType != "image/png" {
			t.Errorf("after the upload: got %+v", b)
		}
		got := e.must(200, request{Method: "GET", Path: "/api/v1/workspace/logo", As: "viewerA"})
		if got.Header.Get("Content-Type") != "image/png" || !bytes.Equal(got.Body, logo) {
			t.Errorf("the logo: got %s, %d bytes", got.Header.Get("Content-Type"), len(got.Body))
		}
		e.must(404, request{Method: "GET", Path: "/api/v1/workspace/logo", As: "ownerB"})

		t.Run("RefusedUploadsKeepTheLogo", func(t *testing.T) {
			for _, tc := range []struct {
				name, body, contentType string
				want                    int
			}{
				{"TextAsText", "not an image", "text/plain", 415},
				{"TextCalledPNG", "not an image at all", "image/png", 415},
				{"JSON", `{}`, "application/json", 415},
				{"TruncatedPNG", string(logo[:len(logo)/2]), "image/png", 422},
				{"Oversized", string(logo) + strings.Repeat("\x00", mspeval.MaxLogoBytes), "image/png", 413},
				{"Empty", "", "image/png", 422},
			} {
				t.Run(tc.name, func(t *testing.T) {
					r := e.must(tc.want, request{Method: "PUT", Path: "/api/v1/workspace/logo", As: "ownerA", Raw: tc.body,
						Header: http.Header{"Content-Type": {tc.contentType}}, Malformed: true})
					r.problem(t)
					if now := e.must(200, request{Method: "GET", Path: "/api/v1/workspace/logo", As: "ownerA"}); !bytes.Equal(now.Body, logo) {
						t.Errorf("a refused upload changed the logo")
					}
				})
			}
		})

		// The public page shows the branding.
		c := newCampaign(t, f)
		var page struct{ Branding mspeval.Branding }
		e.must(200, request{Method: "GET", Path: "/api/v1/campaigns/" + c.slug}).decode(t, &page)
		if !page.Branding.HasLogo || page.Branding.AccentColor != "#1F6FEB" {
			t.Errorf("the public page's branding: got %+v", page.Branding)
		}

		e.must(403, request{Method: "DELETE", Path: "/api/v1/workspace/logo", As: "viewerA"})
		e.must(204, request{Method: "DELETE", Path: "/api/v1/workspace/logo", As: "ownerA"})
		e.must(404, request{Method: "GET", Path: "/api/v1/workspace/logo", As: "ownerA"})
	})
}

// TestCampaignDownloads: the leads export and the prospect's results PDF.
func TestCampaignDownloads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		c := newCampaign(t, f)
		lead := c.start(t, "?utm_source=webinar", visitor("Dana Lee", "Contoso"))
		c.submit(t, lead.Token)

		r := e.must(200, request{Method: "GET", Path: c.path("/leads.csv?status=submitted"), As: "viewerA"})
		header, _, _ := strings.Cut(string(r.Body), "\n")
		if !strings.HasPrefix(r.Header.Get("Content-Type"), "text/csv") || !strings.Contains(header, "company") ||
			!strings.Contains(string(r.Body), "Contoso") || !strings.Contains(r.Header.Get("Content-Disposition"), "attachment") {
			t.Errorf("leads.csv: %s, %s\n%s", r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), r.Body)
		}
		r = e.must(200, request{Method: "GET", Path: c.path("/leads.xlsx?sort=company&order=asc"), As: "viewerA"})
		if r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" ||
			!bytes.HasPrefix(r.Body, []byte("PK")) || !strings.Contains(r.Header.Get("Content-Disposition"), ".xlsx") {
			t.Errorf("leads.xlsx: %s, %s, %d bytes", r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), len(r.Body))
		}
		if p := e.must(422, request{Method: "GET", Path: c.path("/leads.csv?order=sideways"), As: "viewerA", Malformed: true}).problem(t); !hasField(p.Errors, "order") {
			t.Errorf("leads.csv with a bad order: got %+v", p.Errors)
		}
		e.must(404, request{Method: "GET", Path: c.path("/leads.csv"), As: "ownerB"})

		r = e.must(200, request{Method: "GET", Path: "/api/v1/respond/" + lead.Token + "/results.pdf"})
		if r.Header.Get("Content-Type") != "application/pdf" || !bytes.HasPrefix(r.Body, []byte("%PDF-")) ||
			!strings.Contains(r.Header.Get("Content-Disposition"), ".pdf") {
			t.Errorf("results.pdf: %s, %s, %d bytes", r.Header.Get("Content-Type"), r.Header.Get("Content-Disposition"), len(r.Body))
		}
		e.must(404, request{Method: "GET", Path: "/api/v1/respond/msr_madeup/results.pdf"})
	})
}
