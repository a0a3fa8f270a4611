package frontend_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/csv"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestCampaignEndToEnd is issue 10's "done when", done as people do it, on
// every dialect: a sales user makes a campaign and its public link through the
// pages; a hostile form is refused and stores nothing; two prospects on phones
// answer, read their results, one downloads the PDF and asks to talk; the
// sales user finds both leads ranked in the leads view and in the downloads.
// axe-core finds nothing serious on any page on the way.
func TestCampaignEndToEnd(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	storetest.Each(t, func(t *testing.T, dsn string) {
		s := newSiteOn(t, dsn)
		e := &campaignE2E{s: s, axe: axe, chrome: chrome, shots: "e2e-" + path.Base(t.Name()) + "-",
			owner: account(t, s, "owner@northwind.example", "Northwind MSP", mspeval.RoleOwner)}
		e.sales = tab(t, chrome)
		e.createCampaign(t)
		e.hostileVisit(t)
		high := e.prospect(t, readyProspect)
		low := e.prospect(t, notYetProspect)
		e.leadsView(t, []prospectRun{high, low})
	})
}

// campaignE2E is one run of the end-to-end test: the site, the sales user's
// tab, and what the pages gave so far.
type campaignE2E struct {
	s           *site
	axe, chrome string
	// shots starts the names of the screenshots, one set per dialect.
	shots string
	owner mspeval.Caller
	sales context.Context
	// evID and publicURL are read from the pages.
	evID, publicURL string
}

// The widths the issue names: a laptop for the sales team, a phone for prospects.
var (
	e2eDesktop = emulation.SetDeviceMetricsOverride(1366, 900, 1, false)
	e2ePhone   = emulation.SetDeviceMetricsOverride(390, 844, 1, true)
)

// prospectCase is a prospect: who they are, where they came from, how they
// answer (question key → the values of the inputs they tick) and the tier
// that should give.
type prospectCase struct {
	name, email, company, query, source string
	answers                             map[string][]string
	// text is typed into the optional text of add_depth_or_replace ("" none).
	text      string
	tier      string
	talk, pdf bool
}

// prospectRun is what a prospect's visit showed.
type prospectRun struct {
	prospectCase
	tierLabel string
}

// readyProspect is an IT lead who owns IT and carries everything alone
// (questions/readiness_scoring_test.go's "ready"), from a webinar. Their
// company sorts after the other's by name and they start first, so only the
// score puts them first.
var readyProspect = prospectCase{name: "Wanda Reyes", email: "wanda@woodgrove.example", company: "Woodgrove Bank",
	query: "?utm_source=webinar", source: "webinar", tier: "leverage_now", talk: true, pdf: true,
	text: "Out-of-hours monitoring, then patching.",
	answers: map[string][]string{
		"internal_it_lead": {"it_lead_small_team"}, "keep_ownership": {"yes_owner"}, "strategy_and_day_to_day": {"both_on_one"},
		"urgent_over_planned": {"5"}, "pressures": {"ai", "shadow_it", "constant_security", "hybrid_work"},
		"add_depth_or_replace": {"add_depth"}, "tools_and_standards": {"open_to_sharing"}, "written_handoffs": {"shared_queue"},
		"governance_rhythm": {"cadence_no_report"}, "review_commitment": {"yes"}, "scope_changes": {"named_approver"},
		"holiday_cover": {"nobody"}, "after_hours": {"it_lead_always"}, "documentation": {"scattered"},
		"admin_access": {"only_it_lead"}, "waited_on_lead": {"yes"},
	}}

// notYetProspect is a well-staffed department with cover in place (the
// scoring test's "notYet"), sent by a partner.
var notYetProspect = prospectCase{name: "Arun Patel", email: "arun@adventure-works.example", company: "Adventure Works",
	query: "?ref=partner", source: "partner", tier: "not_yet",
	answers: map[string][]string{
		"internal_it_lead": {"it_department"}, "keep_ownership": {"yes_owner"}, "strategy_and_day_to_day": {"split_with_time"},
		"urgent_over_planned": {"1"}, "pressures": {"none_of_these"}, "add_depth_or_replace": {"one_project"},
		"tools_and_standards": {"partner_own_tools"}, "written_handoffs": {"by_message"}, "governance_rhythm": {"yearly"},
		"review_commitment": {"no"}, "scope_changes": {"at_renewal"}, "holiday_cover": {"planned_backup"},
		"after_hours": {"rota_or_service"}, "documentation": {"owned_and_reviewed"}, "admin_access": {"named_accounts_vault"},
		"waited_on_lead": {"no"},
	}}

// createCampaign: the sales user signs in, creates an evaluation on
// co-managed-readiness and creates its public link, all through the pages.
func (e *campaignE2E) createCampaign(t *testing.T) {
	run(t, e.sales, e2eDesktop)
	signIn(t, e.sales, e.s, e.owner.Email, storetest.Password)
	var questionnaire string
	run(t, e.sales,
		chromedp.Navigate(e.s.url+"/evaluations"),
		e2eShown(`form[action="/evaluations"]`),
		chromedp.SendKeys(`#name`, "Readiness campaign 2027", chromedp.ByQuery),
		chromedp.SendKeys(`#description`, "Prospects from the spring webinar and our partners.", chromedp.ByQuery),
		chromedp.SetValue(`#questionnaire`, "co-managed-readiness", chromedp.ByQuery),
		chromedp.Evaluate(`(s => s.options[s.selectedIndex].text)(document.getElementById("questionnaire"))`, &questionnaire),
	)
	if q, _ := e.s.store.Catalog().Latest("co-managed-readiness"); questionnaire != q.Title {
		t.Fatalf("the questionnaire select shows %q, want %q", questionnaire, q.Title)
	}
	e.shotDesktop(t, e.sales, e.shots+"new-evaluation")
	var loc, before string
	run(t, e.sales,
		chromedp.Click(`form[action="/evaluations"] button[type=submit]`, chromedp.ByQuery),
		e2eShown(`#campaign`),
		chromedp.Location(&loc),
		chromedp.ScrollIntoView(`#campaign`, chromedp.ByQuery),
		chromedp.Text(`#campaign`, &before, chromedp.ByQuery),
	)
	u, err := url.Parse(loc)
	if err != nil || !strings.HasPrefix(u.Path, "/evaluations/") {
		t.Fatalf("after creating the evaluation the browser is at %q", loc)
	}
	e.evID = strings.TrimPrefix(u.Path, "/evaluations/")
	contains(t, before, "No public link yet.", "the new campaign's section")
	run(t, e.sales,
		chromedp.Click(`#campaign form button[type=submit]`, chromedp.ByQuery),
		e2eShown(`#campaign-url`),
		chromedp.Value(`#campaign-url`, &e.publicURL, chromedp.ByQuery),
	)
	if !strings.HasPrefix(e.publicURL, e.s.url+"/c/") {
		t.Fatalf("the public link on the page: %q, want %s/c/…", e.publicURL, e.s.url)
	}
	contains(t, bodyText(t, e.sales), "taking new visitors", "the campaign section with its link")
	e.check(t, e.sales, "the evaluation page with its public link")
	e.shotDesktop(t, e.sales, e.shots+"campaign-link")
}

// hostileVisit: in the sales user's own browser, at phone width, the public
// form is sent with the honeypot filled, a bad email, a bidi override pasted
// into the name and no consent. The page names each problem; nothing is stored.
func (e *campaignE2E) hostileVisit(t *testing.T) {
	var typed string
	run(t, e.sales, e2ePhone,
		chromedp.Navigate(e.publicURL),
		e2eShown(`#name`),
		chromedp.SendKeys(`#name`, "Dana", chromedp.ByQuery),
		// No key types U+202E: it comes in pasted, as insertText does.
		input.InsertText("\u202eeeL"),
		chromedp.SendKeys(`#email`, "dana.at.contoso", chromedp.ByQuery),
		chromedp.SendKeys(`#company`, "Contoso", chromedp.ByQuery),
		// The honeypot is hidden from people: a bot fills it.
		chromedp.Evaluate(`document.getElementById("website").value = "https://spam.example"`, nil),
		chromedp.Value(`#name`, &typed, chromedp.ByQuery),
	)
	if !strings.ContainsRune(typed, '\u202e') {
		t.Fatalf("the name field holds %q, without the override the test means to send", typed)
	}
	var summary, honeypot string
	var consent, started bool
	run(t, e.sales,
		chromedp.Click(`form[action^="/c/"] button[type=submit]`, chromedp.ByQuery),
		waitFor(`document.querySelector("[data-error-summary], [data-started]") !== null`, 15*time.Second),
		chromedp.Evaluate(`document.querySelector("[data-started]") !== null`, &started),
	)
	if started {
		t.Fatal("the hostile form started a survey")
	}
	run(t, e.sales,
		e2eShown(`[data-error-summary]`),
		chromedp.Text(`[data-error-summary]`, &summary, chromedp.ByQuery),
		chromedp.Value(`#website`, &honeypot, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById("consent").checked`, &consent),
	)
	for _, want := range []string{"The form has 4 problems; nothing was saved", "A field hidden from people was filled in",
		"Your name must not contain bidirectional override", "Work email is not an email address", "Consent must be accepted"} {
		contains(t, summary, want, "the error summary")
	}
	for id, want := range map[string]string{"name-error": "Your name must not contain", "email-error": "Work email is not an email address",
		"consent-error": "Consent must be accepted"} {
		var beside string
		run(t, e.sales, chromedp.Text("#"+id, &beside, chromedp.ByQuery))
		contains(t, beside, want, "the error beside the field ("+id+")")
	}
	if honeypot != "" || consent {
		t.Errorf("the refused form came back with the honeypot %q and consent %v, want both empty", honeypot, consent)
	}
	e.check(t, e.sales, "the refused public form")
	e.shotPhone(t, e.sales, e.shots+"hostile")
	leads, err := e.s.store.ListLeads(context.Background(), e.owner, e.evID, store.LeadQuery{})
	if err != nil || leads.Total != 0 {
		t.Fatalf("after the refused form: %d leads (%v), want none", leads.Total, err)
	}
}

// prospect: a visitor in a browser of their own, on a phone, opens the public
// link from where they came, starts, answers every question, submits and reads
// their results; then, as the case says, downloads the PDF and asks to talk.
func (e *campaignE2E) prospect(t *testing.T, p prospectCase) prospectRun {
	t.Helper()
	ctx := tab(t, e.chrome)
	shot := e.shots + strings.ToLower(strings.Fields(p.company)[0])
	e.start(t, ctx, p, shot)
	e.answer(t, ctx, p)
	e.check(t, ctx, p.company+": the form")
	e.shotPhone(t, ctx, shot+"-form")
	run(t, ctx,
		chromedp.Click(`button[value="review"]`, chromedp.ByQuery),
		e2eShown(`form[action$="/submit"]`),
	)
	e.shotPhone(t, ctx, shot+"-review")
	run(t, ctx,
		chromedp.Click(`form[action$="/submit"] button`, chromedp.ByQuery),
		e2eShown(`[data-results]`),
	)
	r := prospectRun{prospectCase: p}
	run(t, ctx, chromedp.Text(`[data-results] p.lead strong`, &r.tierLabel, chromedp.ByQuery))
	r.tierLabel = strings.TrimSuffix(r.tierLabel, ".")
	if want := e.tierLabel(t, p.tier); r.tierLabel != want {
		t.Errorf("%s's results: tier %q, want %q", p.company, r.tierLabel, want)
	}
	e.check(t, ctx, p.company+": the results")
	e.shotPhone(t, ctx, shot+"-results")
	if p.pdf {
		e.resultsPDF(t, ctx, r.tierLabel)
	}
	if p.talk {
		run(t, ctx,
			chromedp.Click(`[data-results] a[href="#talk"]`, chromedp.ByQuery),
			chromedp.SendKeys(`#talk-note`, "Mornings are best.", chromedp.ByQuery),
			chromedp.Click(`[data-talk] button[type=submit]`, chromedp.ByQuery),
			e2eShown(`[data-talk-done]`),
		)
		contains(t, bodyText(t, ctx), "Northwind MSP will be in touch", p.company+" after talk to us")
		e.check(t, ctx, p.company+": the results after talk to us")
		e.shotPhone(t, ctx, shot+"-talked")
	}
	return r
}

// start: the prospect opens the public link, fills the first form and opens
// their survey from the page that gives them their private link.
func (e *campaignE2E) start(t *testing.T, ctx context.Context, p prospectCase, shot string) {
	t.Helper()
	run(t, ctx, e2ePhone,
		chromedp.Navigate(e.publicURL+p.query),
		e2eShown(`form[action^="/c/"]`),
	)
	e.check(t, ctx, p.company+": the public page")
	e.shotPhone(t, ctx, shot+"-start")
	var refused string
	run(t, ctx,
		chromedp.SendKeys(`#name`, p.name, chromedp.ByQuery),
		chromedp.SendKeys(`#email`, p.email, chromedp.ByQuery),
		chromedp.SendKeys(`#company`, p.company, chromedp.ByQuery),
		chromedp.Click(`#consent`, chromedp.ByQuery),
		chromedp.Click(`form[action^="/c/"] button[type=submit]`, chromedp.ByQuery),
		// A refused form would leave no started page to wait for.
		waitFor(`document.querySelector("[data-started], [data-error-summary], .error-box") !== null`, 15*time.Second),
		// Read by script: the new page may not have reached chromedp's node tree yet.
		chromedp.Evaluate(`document.querySelector("[data-started]") ? "" : document.body.innerText`, &refused),
	)
	if refused != "" {
		t.Fatalf("%s's start was refused:\n%s", p.company, refused)
	}
	run(t, ctx, e2eShown(`[data-start]`))
	e.check(t, ctx, p.company+": the started page")
	e.shotPhone(t, ctx, shot+"-started")
	run(t, ctx,
		chromedp.Click(`[data-start]`, chromedp.ByQuery),
		e2eShown(`form[data-autosave]`),
	)
}

// answer ticks each planned input by clicking it, types the optional text,
// and waits until autosave has everything. The plan must cover every question
// the page asks.
func (e *campaignE2E) answer(t *testing.T, ctx context.Context, p prospectCase) {
	t.Helper()
	var asked []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("[data-question]")].map(q => q.dataset.question)`, &asked))
	var planned []string
	for key := range p.answers {
		planned = append(planned, key)
	}
	slices.Sort(asked)
	slices.Sort(planned)
	if !slices.Equal(asked, planned) {
		t.Fatalf("the form asks %v; the plan answers %v", asked, planned)
	}
	var actions []chromedp.Action
	for _, key := range planned {
		for _, v := range p.answers[key] {
			// Not the hidden "present" field, whose value is also 1.
			sel := fmt.Sprintf(`[data-question=%q] input:is([type=radio], [type=checkbox])[value=%q]`, key, v)
			actions = append(actions, e2eShown(sel), chromedp.Click(sel, chromedp.ByQuery))
		}
	}
	if p.text != "" {
		actions = append(actions, chromedp.SendKeys(`#a-add_depth_or_replace-text`, p.text, chromedp.ByQuery))
	}
	var ticked map[string][]string
	actions = append(actions,
		waitFor(`document.querySelector('[data-progress]').value === document.querySelector('[data-progress]').max`, 10*time.Second),
		waitFor(`document.querySelector('[data-save-state]').textContent.startsWith('All answers saved')`, 15*time.Second),
		chromedp.Evaluate(`Object.fromEntries([...document.querySelectorAll("[data-question]")].map(q => [q.dataset.question,
			[...q.querySelectorAll("input:is([type=radio], [type=checkbox]):checked")].map(i => i.value)]))`, &ticked),
	)
	run(t, ctx, actions...)
	// A click that landed elsewhere (on a sticky bar, say) would show here.
	for key, want := range p.answers {
		got := slices.Sorted(slices.Values(ticked[key]))
		if want = slices.Sorted(slices.Values(want)); !slices.Equal(got, want) {
			t.Errorf("%s, %s: ticked %v, want %v", p.company, key, got, want)
		}
	}
}

// resultsPDF downloads the results PDF as the link on the page gives it and
// checks that it is a PDF that names the tier.
func (e *campaignE2E) resultsPDF(t *testing.T, ctx context.Context, tierLabel string) {
	t.Helper()
	got := e2eDownload(t, ctx, `[data-results] a[data-pdf]`)
	if got.Status != 200 || got.Type != "application/pdf" || !bytes.HasPrefix(got.body, []byte("%PDF-")) ||
		!strings.HasPrefix(got.Disposition, "attachment") {
		t.Fatalf("the results PDF: status %d, type %q, disposition %q, starts %q", got.Status, got.Type, got.Disposition, got.body[:min(8, len(got.body))])
	}
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Logf("the PDF's text is not checked: no pdftotext (apt-get install poppler-utils)")
		return
	}
	path := filepath.Join(t.TempDir(), "results.pdf")
	if err := os.WriteFile(path, got.body, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("pdftotext", "-enc", "UTF-8", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	// A label may wrap across lines in the PDF.
	contains(t, strings.Join(strings.Fields(string(out)), " "), tierLabel, "the results PDF's text")
}

// leadsView: back at the desk, the sales user finds both leads ranked by
// score with their sources, the one who asked to talk marked sales-ready, and
// the same ranking in the CSV and the XLSX.
func (e *campaignE2E) leadsView(t *testing.T, ranked []prospectRun) {
	run(t, e.sales, e2eDesktop,
		chromedp.Navigate(e.s.url+"/evaluations/"+e.evID),
		e2eShown(`#campaign`),
		chromedp.Click(`.actions a[href="/evaluations/`+e.evID+`/leads"]`, chromedp.ByQuery),
		e2eShown(`table.leads`),
	)
	var sorted string
	run(t, e.sales, chromedp.AttributeValue(`table.leads thead th.num:has(a.sort)`, "aria-sort", &sorted, nil, chromedp.ByQuery))
	if sorted != "descending" {
		t.Errorf("the leads view opens sorted by score %q, want descending", sorted)
	}
	rows := e2eLeadRows(t, e.sales)
	if len(rows) != len(ranked) {
		t.Fatalf("the leads view lists %d leads, want %d: %+v", len(rows), len(ranked), rows)
	}
	for i, p := range ranked {
		want := e2eLeadRow{Company: p.company, Source: p.source, Status: "submitted", Tier: p.tierLabel}
		if p.talk {
			want.Status = "sales-ready"
		}
		if rows[i] != want {
			t.Errorf("row %d of the leads: got %+v, want %+v", i+1, rows[i], want)
		}
	}
	e.check(t, e.sales, "the leads view")
	e.shotDesktop(t, e.sales, e.shots+"leads")

	// The score column's heading turns the ranking round.
	run(t, e.sales,
		chromedp.Click(`table.leads thead th.num a.sort`, chromedp.ByQuery),
		e2eShown(`table.leads thead th[aria-sort="ascending"]`),
	)
	if rows := e2eLeadRows(t, e.sales); len(rows) != 2 || rows[0].Company != ranked[1].company {
		t.Errorf("lowest score first: got %+v, want %s first", rows, ranked[1].company)
	}
	run(t, e.sales,
		chromedp.Click(`table.leads thead th.num a.sort`, chromedp.ByQuery),
		e2eShown(`table.leads thead th[aria-sort="descending"]`),
	)
	e.leadDownloads(t, ranked)
}

// e2eLeadRow is a row of the leads table as a person reads it.
type e2eLeadRow struct{ Company, Source, Status, Tier string }

// e2eLeadRows reads the leads table, top to bottom.
func e2eLeadRows(t *testing.T, ctx context.Context) []e2eLeadRow {
	t.Helper()
	var rows []e2eLeadRow
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll("table.leads tbody tr")].map(tr => {
		const c = tr.querySelectorAll("td"), tier = c[4].querySelector(".tier");
		return {Company: c[0].querySelector("strong").textContent.trim(), Source: c[2].firstChild.textContent.trim(),
			Status: c[3].textContent.trim(), Tier: tier ? tier.textContent.trim() : ""};
	})`, &rows))
	return rows
}

// leadDownloads fetches the CSV and the XLSX the leads view links to, signed
// in, and reads both.
func (e *campaignE2E) leadDownloads(t *testing.T, ranked []prospectRun) {
	t.Helper()
	csvFile := e2eDownload(t, e.sales, `a[href*="/leads.csv"]`)
	if csvFile.Status != 200 || !strings.HasPrefix(csvFile.Type, "text/csv") {
		t.Fatalf("the CSV: status %d, type %q", csvFile.Status, csvFile.Type)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(csvFile.body, []byte("\ufeff")))).ReadAll()
	if err != nil || len(recs) != len(ranked)+1 {
		t.Fatalf("the CSV: %d records (%v), want a header and %d leads:\n%s", len(recs), err, len(ranked), csvFile.body)
	}
	col := func(name string) int {
		i := slices.Index(recs[0], name)
		if i < 0 {
			t.Fatalf("the CSV has no %s column: %v", name, recs[0])
		}
		return i
	}
	company, tier, status, utm, ref := col("company"), col("overall_tier"), col("status"), col("utm_source"), col("ref")
	for i, p := range ranked {
		got := recs[i+1]
		want := []string{p.company, p.tierLabel, "submitted", p.source}
		if p.talk {
			want[2] = "sales_ready"
		}
		if g := []string{got[company], got[tier], got[status], got[utm] + got[ref]}; !slices.Equal(g, want) {
			t.Errorf("CSV row %d (company, tier, status, source): got %q, want %q", i+1, g, want)
		}
	}

	xlsxFile := e2eDownload(t, e.sales, `a[href*="/leads.xlsx"]`)
	if xlsxFile.Status != 200 || xlsxFile.Type != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Fatalf("the XLSX: status %d, type %q", xlsxFile.Status, xlsxFile.Type)
	}
	book, err := excelize.OpenReader(bytes.NewReader(xlsxFile.body))
	if err != nil {
		t.Fatalf("the XLSX does not open: %v", err)
	}
	defer book.Close()
	sheet, err := book.GetRows("Leads")
	if err != nil || len(sheet) != len(ranked)+1 {
		t.Fatalf("the XLSX's Leads sheet: %d rows (%v), want a header and %d leads", len(sheet), err, len(ranked))
	}
	for i, p := range ranked {
		if got := sheet[i+1][0]; got != p.company {
			t.Errorf("XLSX row %d: company %q, want %q", i+1, got, p.company)
		}
	}
}

// e2eFile is a file fetched from inside a page, with the page's cookies.
type e2eFile struct {
	Status            int
	Type, Disposition string
	Body              string // base64
	body              []byte
}

// e2eDownload fetches the href of the link sel selects, as the page would.
func e2eDownload(t *testing.T, ctx context.Context, sel string) e2eFile {
	t.Helper()
	var d e2eFile
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`fetch(document.querySelector(%q).href, {credentials: "same-origin"}).then(async r => {
		const b = new Uint8Array(await r.arrayBuffer());
		let s = "";
		for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000));
		return {Status: r.status, Type: r.headers.get("Content-Type") || "", Disposition: r.headers.get("Content-Disposition") || "", Body: btoa(s)};
	})`, sel), &d, awaitPromise))
	var err error
	if d.body, err = base64.StdEncoding.DecodeString(d.Body); err != nil {
		t.Fatalf("download %s: %v", sel, err)
	}
	return d
}

// tierLabel is the readiness questionnaire's label for an overall tier.
func (e *campaignE2E) tierLabel(t *testing.T, key string) string {
	t.Helper()
	q, ok := e.s.store.Catalog().Latest("co-managed-readiness")
	if !ok || q.Results == nil {
		t.Fatal("co-managed-readiness has no results tiers")
	}
	for _, tier := range q.Results.Overall.Tiers {
		if tier.Key == key {
			return tier.Label
		}
	}
	t.Fatalf("co-managed-readiness has no tier %q", key)
	return ""
}

// e2eShown waits for the page to show an element, 15 seconds at most: a page
// that never comes fails with the selector, not at the tab's deadline.
func e2eShown(sel string) chromedp.Action {
	return chromedp.Tasks{
		waitFor(fmt.Sprintf(`document.querySelector(%q) !== null`, sel), 15*time.Second),
		chromedp.WaitVisible(sel, chromedp.ByQuery),
	}
}

// check runs axe-core on the page, reporting serious and critical
// violations, and reports a page that scrolls sideways at the tab's width.
func (e *campaignE2E) check(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var violations []string
	var wide bool
	run(t, ctx, chromedp.Evaluate(e.axe+";true", nil), chromedp.Evaluate(axeScript, &violations, awaitPromise),
		chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &wide))
	if len(violations) > 0 {
		t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", name, len(violations), strings.Join(violations, "\n  "))
	}
	if wide {
		t.Errorf("%s: wider than the screen (it scrolls sideways)", name)
	}
}

// shotDesktop takes the screenshots of a sales step (MSPEVAL_SCREENSHOTS);
// the tab goes back to the laptop's width.
func (e *campaignE2E) shotDesktop(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	screenshot(t, ctx, name)
	run(t, ctx, e2eDesktop)
}

// shotPhone takes the whole page of a prospect's step (MSPEVAL_SCREENSHOTS);
// the tab stays at phone width.
func (e *campaignE2E) shotPhone(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	prospectShots(t, ctx, name, "")
	run(t, ctx, e2ePhone)
}
