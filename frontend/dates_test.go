package frontend_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestPagesWriteDatesInTheReadersLanguageAndTheWorkspaceZone: an owner sets
// the workspace's time zone on the settings page (a bad zone is named on its
// field and changes nothing); a reader whose browser speaks German then sees
// the evaluation page's times in German, in that zone, with the zone named.
func TestPagesWriteDatesInTheReadersLanguageAndTheWorkspaceZone(t *testing.T) {
	path := browser(t)
	s := newSite(t)
	ctx := context.Background()
	owner := account(t, s, "owner@dates.example", "Dates", mspeval.RoleOwner)
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Dates", QuestionnaireKey: "partner-selection"})
	if err != nil {
		t.Fatal(err)
	}
	cand, _ := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Acme IT"})
	q, _ := s.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	if _, err := s.store.SaveAnswers(ctx, owner, cand.ID, storetest.CompleteAnswers(q)); err != nil {
		t.Fatal(err)
	}

	tb := tab(t, path)
	run(t, tb,
		emulation.SetUserAgentOverride("Mozilla/5.0 (X11; Linux x86_64) Chromium").WithAcceptLanguage("de-DE"),
		emulation.SetLocaleOverride().WithLocale("de-DE"),
	)
	signIn(t, tb, s, "owner@dates.example", storetest.Password)

	var fieldError string
	run(t, tb,
		chromedp.Navigate(s.url+"/settings"),
		chromedp.WaitVisible(`#time-zone`, chromedp.ByQuery),
		chromedp.SetValue(`#time-zone`, "Mars/Olympus", chromedp.ByQuery),
		chromedp.Click(`form[action="/settings/dates#dates"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#time-zone-error`, chromedp.ByQuery),
		chromedp.Text(`#time-zone-error`, &fieldError, chromedp.ByQuery),
	)
	if !strings.Contains(fieldError, "time zone") {
		t.Errorf("the refused zone's field error: %q", fieldError)
	}
	if ws, _ := s.store.Workspace(ctx, owner); ws.TimeZone != "" {
		t.Fatalf("a refused zone was stored: %q", ws.TimeZone)
	}
	run(t, tb,
		chromedp.SetValue(`#time-zone`, "America/New_York", chromedp.ByQuery),
		chromedp.Click(`input[name=date_style][value=iso]`, chromedp.ByQuery),
		chromedp.Click(`form[action="/settings/dates#dates"] button[type=submit]`, chromedp.ByQuery),
		waitFor(`document.body.textContent.includes("Date style and time zone saved.")`, 10*time.Second),
	)
	if ws, _ := s.store.Workspace(ctx, owner); ws.TimeZone != "America/New_York" || ws.DateStyle != mspeval.DateStyleISO {
		t.Fatalf("after saving: %+v", ws)
	}

	// The server writes the moment in the <time> element; the page writes it
	// for the reader: German, in New York's zone, the zone named.
	var shown, machine, zone string
	run(t, tb,
		chromedp.Navigate(s.url+"/evaluations/"+ev.ID),
		waitFor(`!!document.querySelector("time[data-when=time]") && document.querySelector("time[data-when=time]").title !== ""`, 10*time.Second),
		chromedp.Text(`time[data-when=time]`, &shown, chromedp.ByQuery),
		chromedp.AttributeValue(`time[data-when=time]`, "datetime", &machine, nil, chromedp.ByQuery),
		chromedp.AttributeValue(`html`, "data-time-zone", &zone, nil, chromedp.ByQuery),
	)
	at, err := time.Parse(time.RFC3339, machine)
	if err != nil {
		t.Fatalf("the <time> element's datetime %q: %v", machine, err)
	}
	ny, _ := time.LoadLocation("America/New_York")
	local := at.In(ny)
	_, offset := local.Zone()
	wantZone := "GMT" + map[int]string{-5 * 3600: "-5", -4 * 3600: "-4"}[offset]
	if zone != "America/New_York" || !strings.Contains(shown, wantZone) || !strings.Contains(shown, local.Format("15:04")) {
		t.Errorf("the page shows %q (zone %q), want New York's time %s named %s", shown, zone, local.Format("15:04"), wantZone)
	}
	if !strings.Contains(shown, germanMonths[local.Month()-1]) {
		t.Errorf("the page shows %q, want the month in German (%s)", shown, germanMonths[local.Month()-1])
	}
}

var germanMonths = []string{"Jan", "Feb", "März", "Apr", "Mai", "Juni", "Juli", "Aug", "Sept", "Okt", "Nov", "Dez"}
