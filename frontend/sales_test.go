package frontend_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// salesSignIn is a client signed in as email (a storetest account).
func salesSignIn(t *testing.T, s *site, email string) *http.Client {
	t.Helper()
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {email}, "password": {storetest.Password}}, nil); code != 200 {
		t.Fatalf("sign-in %s: got %d", email, code)
	}
	return c
}

// salesCampaign is a readiness evaluation with its public link, in a workspace
// with an owner, an editor and a viewer.
type salesCampaign struct {
	s      *site
	owner  mspeval.Caller
	ev     mspeval.Evaluation
	slug   string
	q      *questions.Questionnaire
	leadIP int
}

func newSalesCampaign(t *testing.T) *salesCampaign {
	t.Helper()
	s := newSite(t)
	ctx := context.Background()
	owner := account(t, s, "owner@northwind.example", "Northwind MSP", mspeval.RoleOwner)
	account(t, s, "editor@northwind.example", "Northwind MSP", mspeval.RoleEditor)
	account(t, s, "viewer@northwind.example", "Northwind MSP", mspeval.RoleViewer)
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "IT readiness 2027", QuestionnaireKey: "co-managed-readiness"})
	if err != nil {
		t.Fatal(err)
	}
	camp, err := s.store.SaveCampaign(ctx, owner, ev.ID, store.CampaignInput{})
	if err != nil {
		t.Fatal(err)
	}
	q, _ := s.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	return &salesCampaign{s: s, owner: owner, ev: ev, slug: camp.Slug, q: q}
}

// salesLowAnswers answers every required question with its last option (or the
// scale's bottom): a weaker result than storetest.CompleteAnswers.
func salesLowAnswers(q *questions.Questionnaire) map[string]*questions.Answer {
	out := storetest.CompleteAnswers(q)
	for key, a := range out {
		qq, _ := q.Question(key)
		switch {
		case a.Choice != nil:
			last := qq.Options[len(qq.Options)-1].Key
			a.Choice = &last
		case a.Scale != nil:
			low := qq.Scale.Min
			a.Scale = &low
		}
	}
	return out
}

// lead starts a lead through the public link with a source; answers (nil:
// none) are submitted, and salesReady asks to talk.
func (c *salesCampaign) lead(t *testing.T, company, name, source string, answers map[string]*questions.Answer, salesReady bool) {
	t.Helper()
	ctx := context.Background()
	c.leadIP++
	email := strings.ToLower(strings.Fields(name)[0]) + "@" + strings.ToLower(strings.Fields(company)[0]) + ".example"
	started, err := c.s.store.StartLead(ctx, c.slug, mspeval.LeadForm{Name: name, Email: email, Company: company, Consent: true,
		ClientIP: "192.0.2." + strconv.Itoa(c.leadIP), Source: mspeval.SourceOf(url.Values{"utm_source": {source}})}, false)
	if err != nil {
		t.Fatal(err)
	}
	if answers == nil {
		return
	}
	if _, err := c.s.store.RespondentSave(ctx, started.Secret, answers); err != nil {
		t.Fatal(err)
	}
	if _, err := c.s.store.RespondentSubmit(ctx, started.Secret); err != nil {
		t.Fatal(err)
	}
	if salesReady {
		if _, err := c.s.store.MarkSalesReady(ctx, started.Secret, "Call me"); err != nil {
			t.Fatal(err)
		}
	}
}

func TestNewEvaluationPicksTheQuestionnaire(t *testing.T) {
	s := newSite(t)
	owner := account(t, s, "owner@northwind.example", "Northwind MSP", mspeval.RoleOwner)
	c := salesSignIn(t, s, owner.Email)
	count := func() int {
		evs, _, _ := s.store.ListEvaluations(context.Background(), owner, mspeval.Page{})
		return len(evs)
	}

	t.Run("FormListsTheCatalogWithPartnerSelectionFirst", func(t *testing.T) {
		_, body, _ := get(t, c, s.url+"/evaluations")
		for _, want := range []string{`<option value="partner-selection" selected>`, `<option value="co-managed-readiness">`,
			"Judge MSPs", "A campaign to prospects"} {
			contains(t, body, want, "the new evaluation form")
		}
	})
	t.Run("ReadinessMakesACampaign", func(t *testing.T) {
		code, body := post(t, c, s.url+"/evaluations", url.Values{"name": {"Readiness 2027"}, "questionnaire_key": {"co-managed-readiness"}}, nil)
		if code != 200 || !strings.Contains(body, "Create public link") {
			t.Fatalf("create: got %d (campaign section shown: %v)", code, strings.Contains(body, "Create public link"))
		}
		evs, _, _ := s.store.ListEvaluations(context.Background(), owner, mspeval.Page{})
		if len(evs) != 1 || evs[0].QuestionnaireKey != "co-managed-readiness" {
			t.Errorf("evaluations: got %+v, want one on co-managed-readiness", evs)
		}
	})
	t.Run("UnknownKeyIsRefusedBesideTheField", func(t *testing.T) {
		before := count()
		code, body := post(t, c, s.url+"/evaluations", url.Values{"name": {"Forged"}, "questionnaire_key": {"made-up"}}, nil)
		if code != 422 || !strings.Contains(body, `id="questionnaire-error"`) || !strings.Contains(body, `aria-invalid="true"`) {
			t.Errorf("an unknown questionnaire: got %d (error beside the field: %v)", code, strings.Contains(body, `id="questionnaire-error"`))
		}
		if !strings.Contains(body, `value="Forged"`) {
			t.Errorf("the refused form lost its name")
		}
		if after := count(); after != before {
			t.Errorf("evaluations: %d before, %d after a refused form", before, after)
		}
	})
	t.Run("NoFieldMeansPartnerSelection", func(t *testing.T) {
		if code, _ := post(t, c, s.url+"/evaluations", url.Values{"name": {"Partners 2027"}}, nil); code != 200 {
			t.Fatalf("create: got %d", code)
		}
		evs, _, _ := s.store.ListEvaluations(context.Background(), owner, mspeval.Page{})
		for _, ev := range evs {
			if ev.Name == "Partners 2027" && ev.QuestionnaireKey != "partner-selection" {
				t.Errorf("default questionnaire: got %s", ev.QuestionnaireKey)
			}
		}
	})
}

func TestCampaignSection(t *testing.T) {
	c := newSalesCampaign(t)
	s, ctx := c.s, context.Background()
	owner := salesSignIn(t, s, c.owner.Email)
	partners, _ := s.store.CreateEvaluation(ctx, c.owner, store.EvaluationInput{Name: "Partners", QuestionnaireKey: "partner-selection"})
	fresh, _ := s.store.CreateEvaluation(ctx, c.owner, store.EvaluationInput{Name: "Readiness, no link yet", QuestionnaireKey: "co-managed-readiness"})
	page := s.url + "/evaluations/" + c.ev.ID
	publicURL := s.url + "/c/" + c.slug

	t.Run("OnlyForCampaigns", func(t *testing.T) {
		if _, body, _ := get(t, owner, s.url+"/evaluations/"+partners.ID); strings.Contains(body, `id="campaign"`) || strings.Contains(body, "/leads") {
			t.Errorf("a partner-selection evaluation shows the campaign section")
		}
		_, body, _ := get(t, owner, s.url+"/evaluations/"+fresh.ID)
		if !strings.Contains(body, `id="campaign"`) || !strings.Contains(body, "Create public link") || strings.Contains(body, "/c/") {
			t.Errorf("a campaign without a link: want the section with Create public link and no link")
		}
	})
	t.Run("ShowsTheLinkAndTheEmbedSnippet", func(t *testing.T) {
		_, body, _ := get(t, owner, page)
		for _, want := range []string{`value="` + publicURL + `"`, `data-copy="campaign-url"`, "&lt;iframe src=&#34;" + publicURL,
			"Settings → Branding", "/evaluations/" + c.ev.ID + "/leads", "Replace link", "Save campaign settings"} {
			contains(t, body, want, "the campaign section")
		}
	})
	t.Run("CreateFromTheForm", func(t *testing.T) {
		code, _ := postNoFollow(t, owner, s.url+"/evaluations/"+fresh.ID+"/campaign")
		camp, err := s.store.Campaign(ctx, c.owner, fresh.ID)
		if code != 303 || err != nil || camp.Slug == "" || !camp.Open {
			t.Errorf("create public link: got %d, campaign %+v (%v)", code, camp, err)
		}
	})
	t.Run("BadValuesChangeNothing", func(t *testing.T) {
		before, _ := s.store.Campaign(ctx, c.owner, c.ev.ID)
		code, body := post(t, owner, page+"/campaign", url.Values{"open": {"no"}, "response_cap": {"0"}, "closes_on": {""},
			"intro": {"Kept as typed"}, "consent_text": {"too short"}}, nil)
		if code != 422 {
			t.Errorf("cap 0 and a short consent: got %d, want 422", code)
		}
		for _, want := range []string{`id="campaign-cap-error"`, "Cap must be between 1 and", `id="campaign-consent-error"`, "Kept as typed"} {
			contains(t, body, want, "the refused form")
		}
		after, _ := s.store.Campaign(ctx, c.owner, c.ev.ID)
		if after.Open != before.Open || after.Intro != before.Intro || after.ConsentText != before.ConsentText || !after.UpdatedAt.Equal(before.UpdatedAt) {
			t.Errorf("a refused form changed the campaign: before %+v, after %+v", before, after)
		}
		if code, body := post(t, owner, page+"/campaign", url.Values{"response_cap": {"ten"}}, nil); code != 422 || !strings.Contains(body, "must be a whole number") {
			t.Errorf("a cap that is not a number: got %d", code)
		}
	})
	t.Run("GoodValuesAreSaved", func(t *testing.T) {
		consent := "You may contact me about my results and your co-managed IT services."
		code, _ := salesPost(t, owner, page+"/campaign", url.Values{"open": {"no"}, "response_cap": {"25"}, "closes_on": {"2030-01-31"},
			"intro": {"Ten minutes, and you see where you stand."}, "consent_text": {consent}})
		camp, _ := s.store.Campaign(ctx, c.owner, c.ev.ID)
		want := time.Date(2030, 2, 1, 0, 0, 0, 0, time.UTC)
		if code != 303 || camp.Open || camp.ResponseCap == nil || *camp.ResponseCap != 25 || camp.ClosesAt == nil || !camp.ClosesAt.Equal(want) ||
			camp.ConsentText != consent || camp.Slug != c.slug {
			t.Errorf("save: got %d, campaign %+v, want closed to new visitors, cap 25, closing %v", code, camp, want)
		}
		_, body, _ := get(t, owner, page)
		contains(t, body, `value="2030-01-31"`, "the saved close date")
		// Saving the form again unchanged keeps the settings.
		salesPost(t, owner, page+"/campaign", url.Values{"open": {"no"}, "response_cap": {"25"}, "closes_on": {"2030-01-31"}})
		if again, _ := s.store.Campaign(ctx, c.owner, c.ev.ID); again.ClosesAt == nil || !again.ClosesAt.Equal(want) {
			t.Errorf("an unchanged date moved the close: %v", again.ClosesAt)
		}
		// Empty fields remove the cap and the date.
		salesPost(t, owner, page+"/campaign", url.Values{"open": {"yes"}, "response_cap": {""}, "closes_on": {""}})
		if camp, _ := s.store.Campaign(ctx, c.owner, c.ev.ID); !camp.Open || camp.ResponseCap != nil || camp.ClosesAt != nil {
			t.Errorf("emptied cap and date: %+v", camp)
		}
	})
	t.Run("ViewerSeesTheLinkButChangesNothing", func(t *testing.T) {
		viewer := salesSignIn(t, s, "viewer@northwind.example")
		_, body, _ := get(t, viewer, page)
		if !strings.Contains(body, `value="`+publicURL+`"`) || strings.Contains(body, `name="response_cap"`) || !strings.Contains(body, "Consent wording") {
			t.Errorf("a viewer's page: want the link and the settings read-only")
		}
		code, body := post(t, viewer, page+"/campaign", url.Values{"response_cap": {"3"}}, nil)
		if code != 403 || !strings.Contains(body, "Forbidden") {
			t.Errorf("a viewer's save: got %d, want the 403 page", code)
		}
		if camp, _ := s.store.Campaign(ctx, c.owner, c.ev.ID); camp.ResponseCap != nil {
			t.Errorf("a viewer changed the cap")
		}
	})
	t.Run("ReplaceLink", func(t *testing.T) {
		code, _ := salesPost(t, owner, page+"/campaign", url.Values{"action": {"replace"}})
		camp, _ := s.store.Campaign(ctx, c.owner, c.ev.ID)
		if code != 303 || camp.Slug == "" || camp.Slug == c.slug {
			t.Errorf("replace: got %d, slug %q (was %q)", code, camp.Slug, c.slug)
		}
		_, body, _ := get(t, owner, page+"?done=link-replaced")
		contains(t, body, "The public link was replaced", "the page after replacing")
	})
	t.Run("AnotherWorkspaceGetsNotFound", func(t *testing.T) {
		account(t, s, "owner@other.example", "Other", mspeval.RoleOwner)
		other := salesSignIn(t, s, "owner@other.example")
		for _, p := range []string{"/leads", "/leads.csv", "/leads.xlsx", ""} {
			if code, _, _ := get(t, other, page+p); code != 404 {
				t.Errorf("GET %s as another workspace: got %d, want 404", p, code)
			}
		}
		if code, _ := post(t, other, page+"/campaign", url.Values{"response_cap": {"3"}}, nil); code != 404 {
			t.Errorf("a save as another workspace: got %d, want 404", code)
		}
	})
}

// salesPost posts a form without following the redirect.
func salesPost(t *testing.T, c *http.Client, u string, form url.Values) (int, string) {
	t.Helper()
	nc := *c
	nc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := nc.PostForm(u, form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

// leadCompanies lists the companies of the leads table, in order.
func leadCompanies(body string) []string {
	var out []string
	for _, m := range regexp.MustCompile(`<td><strong>([^<]*)</strong>`).FindAllStringSubmatch(body, -1) {
		out = append(out, m[1])
	}
	return out
}

func TestLeadsView(t *testing.T) {
	c := newSalesCampaign(t)
	s, ctx := c.s, context.Background()
	for i := 0; i < 7; i++ {
		if _, err := s.store.OpenPublicCampaign(ctx, c.slug, true); err != nil {
			t.Fatal(err)
		}
	}
	c.lead(t, "Contoso", "Dana Lee", "webinar", storetest.CompleteAnswers(c.q), true)
	c.lead(t, "Fabrikam", "Sam Roe", "linkedin", salesLowAnswers(c.q), false)
	c.lead(t, "Alpine Ski House", "Kim Ode", "webinar", nil, false)
	all, err := s.store.ListLeads(ctx, c.owner, c.ev.ID, store.LeadQuery{})
	if err != nil || all.Total != 3 {
		t.Fatalf("leads: %+v, %v", all, err)
	}
	scores := map[string]float64{}
	tiers := map[string]mspeval.LeadResult{}
	for _, l := range all.Leads {
		if l.Result != nil && l.Result.Overall != nil {
			scores[l.Company], tiers[l.Company] = *l.Result.Overall, *l.Result
		}
	}
	if !(scores["Contoso"] > scores["Fabrikam"]) || tiers["Contoso"].Tier == tiers["Fabrikam"].Tier {
		t.Fatalf("the fixture needs Contoso above Fabrikam in another tier: %v, %+v", scores, tiers)
	}
	owner := salesSignIn(t, s, c.owner.Email)
	leads := s.url + "/evaluations/" + c.ev.ID + "/leads"

	for _, tc := range []struct {
		name, query string
		want        []string
	}{
		{"BestScoreFirstByDefault", "", []string{"Contoso", "Fabrikam", "Alpine Ski House"}},
		{"LowestScoreFirst", "?sort=score&order=asc", []string{"Fabrikam", "Contoso", "Alpine Ski House"}},
		{"ByCompany", "?sort=company&order=asc", []string{"Alpine Ski House", "Contoso", "Fabrikam"}},
		{"ByCompanyReversed", "?sort=company&order=desc", []string{"Fabrikam", "Contoso", "Alpine Ski House"}},
		{"OnlySalesReady", "?status=sales_ready", []string{"Contoso"}},
		{"OnlyStarted", "?status=started", []string{"Alpine Ski House"}},
		{"Search", "?q=fabri", []string{"Fabrikam"}},
		{"SearchByEmail", "?q=kim%40alpine", []string{"Alpine Ski House"}},
		{"BySource", "?source=webinar&sort=company&order=asc", []string{"Alpine Ski House", "Contoso"}},
		{"ByTier", "?tier=" + tiers["Fabrikam"].Tier, []string{"Fabrikam"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, body, _ := get(t, owner, leads+tc.query)
			if code != 200 {
				t.Fatalf("got %d", code)
			}
			if got := leadCompanies(body); strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("companies: got %v, want %v", got, tc.want)
			}
		})
	}

	t.Run("RowsLinkAndLabel", func(t *testing.T) {
		_, body, _ := get(t, owner, leads+"?sort=company&order=asc")
		for _, want := range []string{`aria-sort="ascending"`, "/candidates/", "/answers", "/review", "dana@contoso.example", "Dana Lee",
			"webinar", "sales-ready", `class="status status-sales_ready"`, "submitted", "started", tiers["Contoso"].TierLabel,
			`href="/evaluations/` + c.ev.ID + `/leads.csv?order=asc&amp;sort=company"`} {
			contains(t, body, want, "the leads table")
		}
		if n := strings.Count(body, "aria-sort="); n != 1 {
			t.Errorf("aria-sort on %d headers, want 1", n)
		}
		if strings.Contains(body, " style=") || strings.Contains(body, "<script>") {
			t.Errorf("inline style or script in the leads page")
		}
	})
	t.Run("Funnel", func(t *testing.T) {
		_, body, _ := get(t, owner, leads)
		// visits 7 → started 3 (43 %) → submitted 2 (67 %) → sales-ready 1 (50 %)
		for _, want := range []string{
			`<th scope="row">Visits</th>
      <td class="num">7</td>`,
			`<th scope="row">Started</th>
      <td class="num">3</td>
      <td class="num">43 %</td>`,
			`<th scope="row">Submitted</th>
      <td class="num">2</td>
      <td class="num">67 %</td>`,
			`<th scope="row">Sales-ready</th>
      <td class="num">1</td>
      <td class="num">50 %</td>`,
			`<td class="num">7</td><td class="num">3</td><td class="num">2</td><td class="num">1</td>`, // today's row
		} {
			contains(t, body, want, "the funnel")
		}
	})
	t.Run("Paging", func(t *testing.T) {
		_, body, _ := get(t, owner, leads+"?offset=2")
		if got := leadCompanies(body); len(got) != 1 || !strings.Contains(body, "Leads 3–3 of 3") || !strings.Contains(body, `rel="prev"`) {
			t.Errorf("the second page: companies %v", got)
		}
	})
	t.Run("ABadSortIsRefused", func(t *testing.T) {
		if code, _, _ := get(t, owner, leads+"?sort=overall"); code != 422 {
			t.Errorf("an unknown sort: got %d, want 422", code)
		}
	})
	t.Run("NotACampaign", func(t *testing.T) {
		partners, _ := s.store.CreateEvaluation(ctx, c.owner, store.EvaluationInput{Name: "Partners", QuestionnaireKey: "partner-selection"})
		if code, _, _ := get(t, owner, s.url+"/evaluations/"+partners.ID+"/leads"); code != 409 {
			t.Errorf("the leads of a partner selection: got %d, want 409", code)
		}
	})
	t.Run("Downloads", func(t *testing.T) {
		for _, tc := range []struct{ ext, ctype string }{{"csv", "text/csv"}, {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}} {
			resp, err := owner.Get(leads + "." + tc.ext + "?status=submitted")
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			cd := resp.Header.Get("Content-Disposition")
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), tc.ctype) ||
				!strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, "."+tc.ext) || len(b) == 0 {
				t.Errorf("%s: got %d, type %q, disposition %q, %d bytes", tc.ext, resp.StatusCode, resp.Header.Get("Content-Type"), cd, len(b))
			}
			if tc.ext == "csv" && (!strings.Contains(string(b), "Fabrikam") || strings.Contains(string(b), "Contoso")) {
				t.Errorf("the CSV does not follow the status filter:\n%s", b)
			}
		}
	})
}

// testPNG is a small PNG image.
func testPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 120, 40))
	for x := 0; x < 120; x++ {
		for y := 0; y < 40; y++ {
			img.Set(x, y, color.RGBA{R: uint8(x * 2), G: 90, B: 160, A: 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// salesPostFile posts a multipart form with one file.
func salesPostFile(t *testing.T, c *http.Client, u, field, name string, data []byte) (int, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	fw, _ := w.CreateFormFile(field, name)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", u, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestBrandingInSettings(t *testing.T) {
	c := newSalesCampaign(t)
	s, ctx := c.s, context.Background()
	owner := salesSignIn(t, s, c.owner.Email)
	editor := salesSignIn(t, s, "editor@northwind.example")
	logo := testPNG(t)

	t.Run("OwnerSetsTheColourAndTheSites", func(t *testing.T) {
		code, body := post(t, owner, s.url+"/settings/branding", url.Values{"accent_was": {""}, "accent_picker": {"#0b5cad"},
			"accent_color": {"#1f6feb"}, "embed_origins": {"https://www.northwind.example\n\nhttps://blog.northwind.example/\n"}}, nil)
		b, _ := s.store.Branding(ctx, c.owner)
		if code != 200 || !strings.Contains(body, "Branding saved.") || b.AccentColor != "#1F6FEB" ||
			strings.Join(b.EmbedOrigins, " ") != "https://www.northwind.example https://blog.northwind.example" {
			t.Errorf("save: got %d, branding %+v", code, b)
		}
	})
	t.Run("ThePickerCountsWhenTheCodeIsUnchanged", func(t *testing.T) {
		post(t, owner, s.url+"/settings/branding", url.Values{"accent_was": {"#1F6FEB"}, "accent_picker": {"#aa3300"},
			"accent_color": {"#1F6FEB"}, "embed_origins": {"https://www.northwind.example"}}, nil)
		if b, _ := s.store.Branding(ctx, c.owner); b.AccentColor != "#AA3300" {
			t.Errorf("picked colour: got %q, want #AA3300", b.AccentColor)
		}
	})
	t.Run("BadValuesShowBesideTheirFields", func(t *testing.T) {
		code, body := post(t, owner, s.url+"/settings/branding", url.Values{"accent_color": {"blue"},
			"embed_origins": {"http://insecure.example"}}, nil)
		if code != 422 || !strings.Contains(body, `id="accent-error"`) || !strings.Contains(body, `id="origins-error"`) ||
			!strings.Contains(body, "http://insecure.example") {
			t.Errorf("bad colour and origin: got %d", code)
		}
		if b, _ := s.store.Branding(ctx, c.owner); b.AccentColor != "#AA3300" || len(b.EmbedOrigins) != 1 {
			t.Errorf("a refused form changed the branding: %+v", b)
		}
	})
	t.Run("OwnerUploadsAPNG", func(t *testing.T) {
		code, body := salesPostFile(t, owner, s.url+"/settings/logo", "logo", "logo.png", logo)
		if code != 200 || !strings.Contains(body, "Logo saved.") || !strings.Contains(body, `src="/settings/logo"`) {
			t.Fatalf("upload: got %d", code)
		}
		resp, err := owner.Get(s.url + "/settings/logo")
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "image/png" || resp.Header.Get("X-Content-Type-Options") != "nosniff" ||
			!bytes.Equal(got, logo) {
			t.Errorf("GET /settings/logo: got %d, type %q, nosniff %q, same bytes %v", resp.StatusCode,
				resp.Header.Get("Content-Type"), resp.Header.Get("X-Content-Type-Options"), bytes.Equal(got, logo))
		}
	})
	t.Run("ATextFileIsRefused", func(t *testing.T) {
		code, body := salesPostFile(t, owner, s.url+"/settings/logo", "logo", "logo.png", []byte("just some text, not an image\n"))
		if code != 415 || !strings.Contains(body, `id="logo-error"`) || !strings.Contains(body, "must be a PNG or JPEG image") {
			t.Errorf("a text file: got %d", code)
		}
		if got, _, _ := s.store.Logo(ctx, c.owner.WorkspaceID); !bytes.Equal(got, logo) {
			t.Errorf("a refused upload replaced the logo")
		}
	})
	t.Run("ATooLargeFileIsRefused", func(t *testing.T) {
		big := append(append([]byte{}, logo...), make([]byte, mspeval.MaxLogoBytes)...)
		code, body := salesPostFile(t, owner, s.url+"/settings/logo", "logo", "big.png", big)
		if code != 413 || !strings.Contains(body, "over 256 KB") {
			t.Errorf("a logo over the limit: got %d", code)
		}
	})
	t.Run("AnUploadPastTheBodyLimitIsCutShort", func(t *testing.T) {
		code, body := salesPostFile(t, owner, s.url+"/settings/logo", "logo", "huge.png", make([]byte, 4<<20))
		if code != 413 || !strings.Contains(body, "over 256 KB") {
			t.Errorf("a 4 MB upload: got %d", code)
		}
	})
	t.Run("AnEditorIsRefused", func(t *testing.T) {
		_, body, _ := get(t, editor, s.url+"/settings")
		if strings.Contains(body, `action="/settings/branding"`) {
			t.Errorf("an editor sees the branding form")
		}
		if code, _ := post(t, editor, s.url+"/settings/branding", url.Values{"accent_color": {"#000000"}}, nil); code != 403 {
			t.Errorf("an editor's branding: got %d, want 403", code)
		}
		if code, _ := salesPostFile(t, editor, s.url+"/settings/logo", "logo", "logo.png", logo); code != 403 {
			t.Errorf("an editor's logo: got %d, want 403", code)
		}
		if code, _ := post(t, editor, s.url+"/settings/logo/remove", nil, nil); code != 403 {
			t.Errorf("an editor's removal: got %d, want 403", code)
		}
	})
	t.Run("OwnerRemovesTheLogo", func(t *testing.T) {
		if code, body := post(t, owner, s.url+"/settings/logo/remove", nil, nil); code != 200 || !strings.Contains(body, "Logo removed.") {
			t.Errorf("remove: got %d", code)
		}
		if code, _, _ := get(t, owner, s.url+"/settings/logo"); code != 404 {
			t.Errorf("GET /settings/logo without a logo: got %d, want 404", code)
		}
	})
}

// TestSalesPagesAreAccessible runs axe-core on the sales pages and takes
// their screenshots (MSPEVAL_SCREENSHOTS), the funnel's days open.
func TestSalesPagesAreAccessible(t *testing.T) {
	axe := axeSource(t)
	path := browser(t)
	c := newSalesCampaign(t)
	s, ctx := c.s, context.Background()
	if _, err := s.store.OpenPublicCampaign(ctx, c.slug, true); err != nil {
		t.Fatal(err)
	}
	c.lead(t, "Contoso", "Dana Lee", "webinar", storetest.CompleteAnswers(c.q), true)
	c.lead(t, "Fabrikam", "Sam Roe", "linkedin", salesLowAnswers(c.q), false)
	c.lead(t, "Alpine Ski House", "Kim Ode", "", nil, false)
	if err := s.store.SetLogo(ctx, c.owner, testPNG(t), "image/png"); err != nil {
		t.Fatal(err)
	}
	tb := tab(t, path)
	signIn(t, tb, s, c.owner.Email, storetest.Password)
	check := func(name, url string, actions ...chromedp.Action) {
		t.Helper()
		var violations []string
		run(t, tb, append(append([]chromedp.Action{chromedp.Navigate(url), chromedp.WaitVisible("main", chromedp.ByQuery)}, actions...),
			chromedp.Evaluate(axe+";true", nil),
			chromedp.Evaluate(axeScript, &violations, awaitPromise))...)
		if len(violations) > 0 {
			t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", name, len(violations), strings.Join(violations, "\n  "))
		}
		screenshot(t, tb, name)
	}
	check("sales-new-evaluation", s.url+"/evaluations#new")
	check("sales-campaign", s.url+"/evaluations/"+c.ev.ID+"#campaign")
	check("sales-leads", s.url+"/evaluations/"+c.ev.ID+"/leads",
		chromedp.Evaluate(`document.querySelector("details.per-day").open = true`, nil))
	check("sales-branding", s.url+"/settings#branding")
}
