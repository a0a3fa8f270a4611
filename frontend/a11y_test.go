package frontend_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/demo"
)

// axeSource finds axe-core: MSPEVAL_AXE names the file, else the copy that
// `npm ci --prefix frontend/e2e` installs (.ci/run does).
func axeSource(t *testing.T) string {
	t.Helper()
	path := os.Getenv("MSPEVAL_AXE")
	if path == "" {
		_, here, _, _ := runtime.Caller(0)
		path = filepath.Join(filepath.Dir(here), "e2e", "node_modules", "axe-core", "axe.min.js")
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Skipf("axe-core not installed (%v): run npm ci --prefix frontend/e2e (.ci/run does) to check accessibility", err)
	}
	return string(b)
}

// axeScript runs axe on the page and lists serious and critical violations.
const axeScript = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations
  .filter(v => v.impact === "serious" || v.impact === "critical")
  .map(v => v.impact + " " + v.id + ": " + v.help + " at " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")))`

// TestEveryPageIsAccessible runs axe-core on every page, signed in and as a
// respondent, and takes the screenshots people look at (MSPEVAL_SCREENSHOTS).
func TestEveryPageIsAccessible(t *testing.T) {
	axe := axeSource(t)
	s := newSite(t)
	path := browser(t)
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cands, _, _ := s.store.ListCandidates(context.Background(), res.Caller, res.EvaluationID, mspeval.Page{})
	var draftID string
	for _, c := range cands {
		if c.Response.Status != mspeval.ResponseSubmitted {
			draftID = c.ID
		}
	}
	ctx := tab(t, path)
	check := func(name, url string) {
		t.Helper()
		var violations []string
		run(t, ctx,
			chromedp.Navigate(url),
			chromedp.WaitVisible("main", chromedp.ByQuery),
			chromedp.Evaluate(axe+";true", nil),
			chromedp.Evaluate(axeScript, &violations, awaitPromise),
		)
		if len(violations) > 0 {
			t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", name, len(violations), strings.Join(violations, "\n  "))
		}
		screenshot(t, ctx, name)
	}
	check("login", s.url+"/login")
	check("respond", s.url+"/r/"+res.DraftLink)
	check("respond-review", s.url+"/r/"+res.DraftLink+"/review")
	signIn(t, ctx, s, demo.Email, demo.Password)
	check("evaluations", s.url+"/evaluations")
	check("evaluation", s.url+"/evaluations/"+res.EvaluationID)
	check("compare", s.url+"/evaluations/"+res.EvaluationID+"/compare")
	check("review", s.url+"/candidates/"+cands[0].ID+"/review")
	check("answers", s.url+"/candidates/"+draftID+"/answers")
	check("questionnaire", s.url+"/questionnaires/partner-selection")
	check("settings", s.url+"/settings")
	check("not-found", s.url+"/no-such-page")
}

// accessibleNow runs axe-core (its source in axe) on the page open in ctx and
// fails the test with each serious or critical violation, naming the page.
func accessibleNow(t *testing.T, ctx context.Context, axe, name string) {
	t.Helper()
	var violations []string
	run(t, ctx, chromedp.Evaluate(axe+";true", nil), chromedp.Evaluate(axeScript, &violations, awaitPromise))
	if len(violations) > 0 {
		t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", name, len(violations), strings.Join(violations, "\n  "))
	}
}
