package frontend_test

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/store"
)

// TestProspectJourneyOnAPhone: at 390 pixels wide, a visitor opens the public
// link from a webinar, fills the form (after sending it empty once), answers
// every question, submits, reads their results and asks to talk; axe finds
// nothing serious on the way.
func TestProspectJourneyOnAPhone(t *testing.T) {
	axe := axeSource(t)
	path := browser(t)
	cp := newCampaign(t)
	if _, err := cp.store.SetBranding(context.Background(), cp.owner, store.BrandingInput{AccentColor: ptrTo("#0F766E")}); err != nil {
		t.Fatal(err)
	}
	cp.setLogo(t)
	ev, _ := cp.store.GetEvaluation(context.Background(), cp.owner, cp.evID)
	q, _ := cp.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	ctx := tab(t, path)
	phone := emulation.SetDeviceMetricsOverride(390, 844, 1, true)
	accessible := func(name string) {
		t.Helper()
		var violations []string
		run(t, ctx, chromedp.Evaluate(axe+";true", nil), chromedp.Evaluate(axeScript, &violations, awaitPromise))
		if len(violations) > 0 {
			t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", name, len(violations), strings.Join(violations, "\n  "))
		}
	}
	fits := func(name string) {
		t.Helper()
		var wide bool
		run(t, ctx, chromedp.Evaluate(`document.documentElement.scrollWidth > window.innerWidth`, &wide))
		if wide {
			t.Errorf("%s: wider than the phone's screen (it scrolls sideways)", name)
		}
	}

	run(t, ctx, phone,
		chromedp.Navigate(cp.url+"/c/"+cp.slug+"?utm_source=webinar"),
		chromedp.WaitVisible(`form[action="/c/`+cp.slug+`"]`, chromedp.ByQuery),
	)
	accessible("the public page")
	fits("the public page")
	prospectShots(t, ctx, "campaign-start", "")

	// Sent empty: the summary takes the focus and links to each field.
	var focused string
	run(t, ctx,
		chromedp.Click(`form[action="/c/`+cp.slug+`"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-error-summary]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.activeElement.hasAttribute("data-error-summary") ? "summary" : document.activeElement.tagName`, &focused),
	)
	if focused != "summary" {
		t.Errorf("after a refused form the focus is on %s, want the error summary", focused)
	}
	accessible("the public page with errors")
	fits("the public page with errors")
	prospectShots(t, ctx, "campaign-errors", "")
	run(t, ctx,
		chromedp.Click(`[data-error-summary] a[href="#email"]`, chromedp.ByQuery),
		chromedp.Evaluate(`document.activeElement.id`, &focused),
	)
	if focused != "email" {
		t.Errorf("the summary's email link focuses %q, want the email field", focused)
	}

	run(t, ctx,
		chromedp.SendKeys(`#name`, "Dana Lee", chromedp.ByQuery),
		chromedp.SendKeys(`#email`, "dana@contoso.example", chromedp.ByQuery),
		chromedp.SendKeys(`#company`, "Contoso", chromedp.ByQuery),
		chromedp.Click(`#consent`, chromedp.ByQuery),
		chromedp.Click(`form[action="/c/`+cp.slug+`"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-started]`, chromedp.ByQuery),
	)
	accessible("the started page")
	fits("the started page")
	prospectShots(t, ctx, "campaign-started", "")

	plan, _ := json.Marshal(plan(q, true))
	var ok bool
	run(t, ctx,
		chromedp.Click(`[data-start]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[data-autosave]`, chromedp.ByQuery),
		// The form's script is a module that loads its imports first.
		waitFor(`document.querySelector('form[data-autosave][data-ready]') !== null`, 30*time.Second),
	)
	prospectShots(t, ctx, "campaign-form", "[data-question]")
	run(t, ctx,
		chromedp.Evaluate(fillScript+"("+string(plan)+")", &ok),
		waitFor(`document.querySelector('[data-progress]').value === document.querySelector('[data-progress]').max`, 30*time.Second),
		waitFor(`document.querySelector('[data-save-state]').textContent.startsWith('All answers saved')`, 45*time.Second),
	)
	fits("the form")
	run(t, ctx,
		chromedp.Click(`button[value="review"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action$="/submit"]`, chromedp.ByQuery),
		chromedp.Click(`form[action$="/submit"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-results]`, chromedp.ByQuery),
	)
	accessible("the results page")
	fits("the results page")
	prospectShots(t, ctx, "campaign-results", "[data-talk]")

	run(t, ctx,
		chromedp.SendKeys(`#talk-note`, "Tuesdays work best.", chromedp.ByQuery),
		chromedp.Click(`[data-talk] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-talk-done]`, chromedp.ByQuery),
	)
	contains(t, bodyText(t, ctx), "Thanks — Northwind MSP will be in touch", "after talk to us")
	accessible("the results page after talk to us")
	prospectShots(t, ctx, "campaign-talked", "[data-talk]")

	leads := cp.leads(t)
	if len(leads) != 1 || leads[0].Status != mspeval.LeadSalesReady || leads[0].SalesNote != "Tuesdays work best." ||
		leads[0].Source["utm_source"] != "webinar" || leads[0].Result == nil {
		t.Errorf("the lead after the journey: %+v", leads)
	}
}

// prospectShots saves the page from its top to the end of until (the whole
// page when until is "") at phone and desktop widths, when
// MSPEVAL_SCREENSHOTS names a folder; the tab is left at phone width.
func prospectShots(t *testing.T, ctx context.Context, name, until string) {
	t.Helper()
	dir := os.Getenv("MSPEVAL_SCREENSHOTS")
	if dir == "" {
		return
	}
	for _, size := range []struct {
		suffix string
		width  int64
		mobile bool
	}{{"desktop", 1280, false}, {"phone", 390, true}} {
		var bottom float64
		var shot []byte
		js := `document.documentElement.scrollHeight`
		if until != "" {
			js = `(e => e.getBoundingClientRect().bottom + window.scrollY + 16)(document.querySelector(` + strconv.Quote(until) + `))`
		}
		run(t, ctx,
			emulation.SetDeviceMetricsOverride(size.width, 844, 1, size.mobile),
			chromedp.Sleep(150*time.Millisecond),
			chromedp.Evaluate(js, &bottom),
			chromedp.ActionFunc(func(ctx context.Context) error {
				var err error
				shot, err = cdppage.CaptureScreenshot().WithCaptureBeyondViewport(true).
					WithClip(&cdppage.Viewport{X: 0, Y: 0, Width: float64(size.width), Height: bottom, Scale: 1}).Do(ctx)
				return err
			}),
		)
		if err := os.WriteFile(filepath.Join(dir, name+"-"+size.suffix+".png"), shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
