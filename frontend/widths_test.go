package frontend_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/demo"
	"mspeval/store"
	"mspeval/store/storetest"
)

// width is a screen the pages must read well on: a phone and a laptop.
type width struct {
	name          string
	width, height int64
	mobile        bool
}

var widths = []width{{"phone", 390, 844, true}, {"laptop", 1366, 900, false}}

// setWidth makes the tab a phone or a laptop. A phone has a touch screen, so
// what only a mouse and a keyboard need (the review's shortcut toggle) goes.
func setWidth(w width) chromedp.Action {
	return chromedp.Tasks{
		emulation.SetDeviceMetricsOverride(w.width, w.height, 1, w.mobile),
		emulation.SetTouchEmulationEnabled(w.mobile),
		emulation.SetEmitTouchEventsForMouse(w.mobile),
	}
}

// fitScript measures how a page fits its window: the document's width, the
// visible elements that reach past the right edge outside any container that
// scrolls or clips them, and the containers that scroll sideways without being
// meant to (a deliberate one is a named region reachable by keyboard, as the
// leads table is). It also counts the lines of every date, and the rows the
// top navigation takes.
const fitScript = `(() => {
  const vw = document.documentElement.clientWidth;
  const name = (el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
    (typeof el.className === "string" && el.className.trim() ? "." + el.className.trim().split(/\s+/).join(".") : "");
  const clips = (el) => { const o = getComputedStyle(el).overflowX; return o !== "visible"; };
  const out = { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, wide: [], scrolling: [], dates: [], navRows: 0 };
  for (const el of document.body.querySelectorAll("*")) {
    const st = getComputedStyle(el);
    if (st.display === "none") continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (r.right > vw + 0.5) {
      let p = el.parentElement, inside = false;
      for (; p && p !== document.body; p = p.parentElement) if (clips(p)) { inside = true; break; }
      if (!inside) out.wide.push(name(el) + " reaches " + Math.round(r.right) + " px");
    }
    const o = st.overflowX;
    if ((o === "auto" || o === "scroll") && !["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) && el.scrollWidth > el.clientWidth + 1) {
      const named = el.hasAttribute("aria-label") || el.hasAttribute("aria-labelledby");
      if (!(el.getAttribute("role") === "region" && el.getAttribute("tabindex") === "0" && named)) {
        out.scrolling.push(name(el) + " scrolls " + el.scrollWidth + " px in " + el.clientWidth);
      }
    }
  }
  for (const t of document.querySelectorAll("main time")) {
    const lines = new Set([...t.getClientRects()].map((r) => Math.round(r.top))).size;
    if (lines > 2) out.dates.push(JSON.stringify(t.textContent) + " on " + lines + " lines");
  }
  out.navRows = new Set([...document.querySelectorAll("header.top nav a")].map((a) => Math.round(a.getBoundingClientRect().top))).size;
  return out;
})()`

type fit struct {
	ScrollWidth int      `json:"scrollWidth"`
	InnerWidth  int      `json:"innerWidth"`
	Wide        []string `json:"wide"`
	Scrolling   []string `json:"scrolling"`
	Dates       []string `json:"dates"`
	NavRows     int      `json:"navRows"`
}

// longAnswer is an answer longer than any text box: it must show whole once
// it can no longer change.
var longAnswer = strings.Repeat("We name an owner and a backup owner for every system, review the matrix with your IT lead "+
	"each quarter, and write down every change in your wiki before we close the ticket. ", 12)

// widthFixtures is what the pages show besides the demo: a response submitted
// through its link with a long answer, a withdrawn link, and a campaign with
// its public link, one lead answering and one who submitted.
type widthFixtures struct {
	evaluationID               string
	submittedLink, revokedLink string
	campaignID, slug           string
	leadDraft, leadDone        string
}

func newWidthFixtures(t *testing.T, s *site, owner mspeval.Caller) widthFixtures {
	t.Helper()
	ctx := context.Background()
	var f widthFixtures
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Second opinion 2027", QuestionnaireKey: "partner-selection"})
	if err != nil {
		t.Fatal(err)
	}
	f.evaluationID = ev.ID
	q, _ := s.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	answered, err := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Harbourline Managed Services", ContactEmail: "bids@harbourline.example"})
	if err != nil {
		t.Fatal(err)
	}
	_, f.submittedLink, err = s.store.CreateInvitation(ctx, owner, answered.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	answers := storetest.CompleteAnswers(q)
	long := longAnswer
	for _, qq := range q.Questions() {
		if a, ok := answers[qq.Key]; ok && a.Text != nil {
			a.Text = &long
			break
		}
	}
	if _, err := s.store.RespondentSave(ctx, f.submittedLink, answers); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.RespondentSubmit(ctx, f.submittedLink); err != nil {
		t.Fatal(err)
	}
	withdrawn, err := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Quayside IT"})
	if err != nil {
		t.Fatal(err)
	}
	inv, secret, err := s.store.CreateInvitation(ctx, owner, withdrawn.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.RevokeInvitation(ctx, owner, inv.ID); err != nil {
		t.Fatal(err)
	}
	f.revokedLink = secret

	camp, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "IT readiness 2027", QuestionnaireKey: "co-managed-readiness"})
	if err != nil {
		t.Fatal(err)
	}
	c, err := s.store.SaveCampaign(ctx, owner, camp.ID, store.CampaignInput{Intro: ptrTo("Ten minutes on how IT is looked after at your company, and where a partner would help.")})
	if err != nil {
		t.Fatal(err)
	}
	f.campaignID, f.slug = camp.ID, c.Slug
	if _, err := s.store.OpenPublicCampaign(ctx, c.Slug, true); err != nil {
		t.Fatal(err)
	}
	rq, _ := s.store.Catalog().Get(camp.QuestionnaireKey, camp.QuestionnaireVersion)
	for i, lead := range []struct{ name, company string }{{"Dana Lee", "Contoso Pharmaceuticals"}, {"Sam Roe", "Fabrikam"}} {
		started, err := s.store.StartLead(ctx, c.Slug, mspeval.LeadForm{Name: lead.name, Email: strings.ToLower(strings.Fields(lead.name)[0]) + "@example.com",
			Company: lead.company, Consent: true, ClientIP: fmt.Sprintf("192.0.2.%d", i+1),
			Source: mspeval.SourceOf(url.Values{"utm_source": {"webinar"}})}, false)
		if err != nil {
			t.Fatal(err)
		}
		if i == 1 {
			f.leadDraft = started.Secret
			continue
		}
		if _, err := s.store.RespondentSave(ctx, started.Secret, storetest.CompleteAnswers(rq)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.store.RespondentSubmit(ctx, started.Secret); err != nil {
			t.Fatal(err)
		}
		f.leadDone = started.Secret
	}
	return f
}

// TestEveryPageFitsAPhoneAndALaptop opens every page at 390 and at 1366
// pixels wide: nothing reaches past the window's edge but in a region meant
// to scroll, no date breaks over more than two lines, the top navigation
// keeps to one row, and axe-core finds no serious or critical violation at
// either width. With MSPEVAL_SCREENSHOTS set it saves each page at both
// widths, for people to look at.
func TestEveryPageFitsAPhoneAndALaptop(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	s := newSite(t)
	ctx := context.Background()
	res, err := demo.Load(ctx, s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	f := newWidthFixtures(t, s, res.Caller)
	cands, _, _ := s.store.ListCandidates(ctx, res.Caller, res.EvaluationID, mspeval.Page{})
	var draftID string
	for _, c := range cands {
		if c.Response.Status != mspeval.ResponseSubmitted {
			draftID = c.ID
		}
	}
	tb := tab(t, chrome)
	check := func(name string, open ...chromedp.Action) {
		t.Helper()
		run(t, tb, open...)
		run(t, tb, chromedp.WaitVisible("main", chromedp.ByQuery))
		for _, w := range widths {
			run(t, tb, setWidth(w), chromedp.Sleep(200*time.Millisecond))
			var got fit
			var violations []string
			run(t, tb,
				chromedp.Evaluate(fitScript, &got),
				chromedp.Evaluate(axe+";true", nil),
				chromedp.Evaluate(axeScript, &violations, awaitPromise),
			)
			where := fmt.Sprintf("%s at %d px", name, w.width)
			// A phone zooms out to fit a page wider than itself, widening
			// innerWidth with it: the page must fit the screen's own width.
			if got.ScrollWidth > got.InnerWidth || got.InnerWidth > int(w.width) {
				t.Errorf("%s: the page is %d px wide in a %d px window (%d px screen)", where, got.ScrollWidth, got.InnerWidth, w.width)
			}
			if len(got.Wide) > 0 {
				t.Errorf("%s: past the window's right edge:\n  %s", where, strings.Join(got.Wide, "\n  "))
			}
			if len(got.Scrolling) > 0 {
				t.Errorf("%s: sideways scrolling nobody meant:\n  %s", where, strings.Join(got.Scrolling, "\n  "))
			}
			if len(got.Dates) > 0 {
				t.Errorf("%s: dates broken over lines:\n  %s", where, strings.Join(got.Dates, "\n  "))
			}
			if got.NavRows > 1 {
				t.Errorf("%s: the top navigation takes %d rows, want 1", where, got.NavRows)
			}
			if len(violations) > 0 {
				t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", where, len(violations), strings.Join(violations, "\n  "))
			}
			widthShot(t, tb, name, w)
		}
		run(t, tb, emulation.ClearDeviceMetricsOverride(), emulation.SetTouchEmulationEnabled(false))
	}
	nav := func(path string) chromedp.Action { return chromedp.Navigate(s.url + path) }

	// The respondent's pages, the public campaign's and a link that no longer works.
	check("login", nav("/login"))
	check("respond", nav("/r/"+res.DraftLink))
	check("respond-review", nav("/r/"+res.DraftLink+"/review"))
	check("respond-submitted", nav("/r/"+f.submittedLink))
	check("respond-gone", nav("/r/"+f.revokedLink))
	check("campaign-start", nav("/c/"+f.slug))
	check("campaign-started", nav("/c/"+f.slug),
		chromedp.SendKeys("#name", "Kim Ode", chromedp.ByQuery),
		chromedp.SendKeys("#email", "kim@alpineskihouse.example", chromedp.ByQuery),
		chromedp.SendKeys("#company", "Alpine Ski House", chromedp.ByQuery),
		chromedp.Click("#consent", chromedp.ByQuery),
		chromedp.Click(`form.start-form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("[data-started]", chromedp.ByQuery))
	check("prospect-respond", nav("/r/"+f.leadDraft))
	check("prospect-results", nav("/r/"+f.leadDone))

	// The buyer's and the sales team's pages.
	signIn(t, tb, s, demo.Email, demo.Password)
	check("evaluations", nav("/evaluations"))
	check("evaluation", nav("/evaluations/"+res.EvaluationID))
	check("compare", nav("/evaluations/"+res.EvaluationID+"/compare"))
	check("review", nav("/candidates/"+cands[0].ID+"/review"))
	check("answers", nav("/candidates/"+draftID+"/answers"))
	check("questionnaire", nav("/questionnaires/partner-selection"))
	check("settings", nav("/settings"))
	check("campaign", nav("/evaluations/"+f.campaignID+"#campaign"))
	check("leads", nav("/evaluations/"+f.campaignID+"/leads"),
		chromedp.WaitVisible("details.per-day", chromedp.ByQuery),
		chromedp.Evaluate(`document.querySelector("details.per-day").open = true`, nil))
	check("not-found", nav("/no-such-page"))
}

// widthShot saves the page when MSPEVAL_SCREENSHOTS names a folder, as
// <name>-phone.png or <name>-laptop.png: from the top, at most four windows
// high (a long page's first screens say how it is laid out).
func widthShot(t *testing.T, ctx context.Context, name string, w width) {
	t.Helper()
	dir := os.Getenv("MSPEVAL_SCREENSHOTS")
	if dir == "" {
		return
	}
	var png []byte
	var height float64
	run(t, ctx,
		chromedp.Evaluate(`document.documentElement.scrollHeight`, &height),
		chromedp.ActionFunc(func(ctx context.Context) error {
			var err error
			png, err = page.CaptureScreenshot().WithCaptureBeyondViewport(true).
				WithClip(&page.Viewport{Width: float64(w.width), Height: min(height, float64(4*w.height)), Scale: 1}).Do(ctx)
			return err
		}))
	if err := os.WriteFile(filepath.Join(dir, name+"-"+w.name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
