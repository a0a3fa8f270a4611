package frontend_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// negatedAnswer holds a red phrase said plainly, the same rule's words
// negated, and specifics: the partner-selection rules see a stack imposition,
// and a "never rip and replace" that counts as working within the client's tools.
const negatedAnswer = "We never rip and replace. We will migrate clients to our standard stack. " +
	"Your IT lead owns the runbook, reviewed quarterly."

// ruleDraftSite is a site with workspace A's draft of partner-selection, a viewer
// of A (who may test rules and preview) and the owner of workspace B.
func ruleDraftSite(t *testing.T) (*site, store.Draft, mspeval.Caller) {
	t.Helper()
	s := newSite(t)
	owner := account(t, s, "owner@a.example", "Workspace A", mspeval.RoleOwner)
	account(t, s, "viewer@a.example", "Workspace A", mspeval.RoleViewer)
	account(t, s, "owner@b.example", "Workspace B", mspeval.RoleOwner)
	d, err := s.store.CloneDraft(context.Background(), owner, store.CloneInput{FromKey: "partner-selection"})
	if err != nil {
		t.Fatal(err)
	}
	return s, d, owner
}

// checkFits runs the width test's checks on the open page at a phone's and a
// laptop's width: nothing past the right edge, no sideways scrolling nobody
// meant, and no serious or critical axe-core violation.
func checkFits(t *testing.T, ctx context.Context, axe, name string) {
	t.Helper()
	for _, w := range widths {
		run(t, ctx, setWidth(w), chromedp.Sleep(200*time.Millisecond))
		var got fit
		var violations []string
		run(t, ctx,
			chromedp.Evaluate(fitScript, &got),
			chromedp.Evaluate(axe+";true", nil),
			chromedp.Evaluate(axeScript, &violations, awaitPromise),
		)
		where := fmt.Sprintf("%s at %d px", name, w.width)
		if got.ScrollWidth > got.InnerWidth || got.InnerWidth > int(w.width) {
			t.Errorf("%s: the page is %d px wide in a %d px window", where, got.ScrollWidth, got.InnerWidth)
		}
		if len(got.Wide) > 0 || len(got.Scrolling) > 0 {
			t.Errorf("%s: does not fit:\n  %s", where, strings.Join(append(got.Wide, got.Scrolling...), "\n  "))
		}
		if len(violations) > 0 {
			t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", where, len(violations), strings.Join(violations, "\n  "))
		}
		widthShot(t, ctx, name, w)
	}
	run(t, ctx, emulation.ClearDeviceMetricsOverride(), emulation.SetTouchEmulationEnabled(false))
}

// markInfo is a marked phrase of the tested text and the tags after it.
type markInfo struct {
	Text    string   `json:"text"`
	Classes []string `json:"classes"`
	Tags    []string `json:"tags"`
}

const marksScript = `[...document.querySelectorAll("[data-marked-text] mark")].map((m) => {
  const tags = [];
  for (let n = m.nextElementSibling; n && n.classList.contains("hl-tag"); n = n.nextElementSibling) tags.push(n.textContent);
  return { text: m.textContent, classes: [...m.classList], tags };
})`

// TestRulesPage pastes an answer into the rules page as a viewer: the result
// comes in place, the stack imposition fires with its words marked red and
// tagged, the negated "rip and replace" is shown struck through as counting
// as working within the client's tools; a corpus upload shows the confusion
// table, and a malformed one names its line. Both widths fit, axe-clean.
func TestRulesPage(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	s, d, _ := ruleDraftSite(t)
	ctx := tab(t, chrome)
	signIn(t, ctx, s, "viewer@a.example", storetest.Password)
	page := s.url + "/questionnaire-drafts/" + d.ID + "/rules"

	var stayed bool
	var status string
	var marks []markInfo
	run(t, ctx,
		chromedp.Navigate(page),
		chromedp.WaitVisible(`#rt-text`, chromedp.ByQuery),
		chromedp.SetValue(`#rt-question`, "tools_and_standards", chromedp.ByQuery),
		chromedp.Evaluate(`window.notReloaded = true`, nil),
		chromedp.SendKeys(`#rt-text`, negatedAnswer, chromedp.ByQuery),
		chromedp.Click(`form[data-rule-test] button[type=submit]`, chromedp.ByQuery),
		waitFor(`!!document.querySelector('[data-fired] tr[data-rule="stack_imposition"]') &&
			document.querySelector('[data-marked-text]').textContent.includes('reviewed quarterly')`, 10*time.Second),
		chromedp.Evaluate(`window.notReloaded === true`, &stayed),
		chromedp.Evaluate(marksScript, &marks),
		chromedp.Text(`[data-rule-status]`, &status, chromedp.ByQuery),
	)
	if !stayed {
		t.Error("the page was reloaded; want the result swapped in place")
	}
	if !strings.Contains(status, "fire") {
		t.Errorf("status: got %q, want the summary announced", status)
	}
	find := func(text string) (markInfo, bool) {
		for _, m := range marks {
			if m.Text == text {
				return m, true
			}
		}
		return markInfo{}, false
	}
	if m, ok := find("migrate clients to our standard stack"); !ok || !containsAll(m.Classes, "hl-red") || !containsAll(m.Tags, "R1") {
		t.Errorf("the stack imposition: got %+v (found %v), want marked hl-red and tagged R1; all marks %+v", m, ok, marks)
	}
	if m, ok := find("rip and replace"); !ok || !containsAll(m.Classes, "hl-negated", "hl-green") || !containsAll(m.Tags, "N1", "G1") {
		t.Errorf("the negated words: got %+v (found %v), want struck through within the green they count as, tagged N1 and G1", m, ok)
	}
	var stackRow, countsAs, whyGreen string
	run(t, ctx,
		chromedp.Text(`[data-fired] tr[data-rule="stack_imposition"]`, &stackRow, chromedp.ByQuery),
		chromedp.Text(`[data-negations] tr[data-rule="stack_imposition"] [data-counts-as]`, &countsAs, chromedp.ByQuery),
		chromedp.Text(`[data-fired] tr[data-rule="works_within_tools"]`, &whyGreen, chromedp.ByQuery),
	)
	for _, want := range []string{"R1", "Stack imposition", "red", "Flexibility"} {
		contains(t, stackRow, want, "the stack imposition's row")
	}
	contains(t, countsAs, "works_within_tools", "what the negated match counts as")
	contains(t, whyGreen, "negated", "the green rule a negation counts as")
	contains(t, bodyText(t, ctx), "Suggested rating 2.5 of 4", "the suggested rating")
	checkFits(t, ctx, axe, "rules")

	// The corpus check on a file, and a file with a broken line.
	dir := t.TempDir()
	good := filepath.Join(dir, "corpus.tsv")
	os.WriteFile(good, []byte("question\tlabel\trule\ttext\n"+
		"tools_and_standards\tred\tstack_imposition\tWe migrate every client to our standard stack in month one.\n"+
		"tools_and_standards\tnegated_red\tstack_imposition\tWe never rip and replace what your team runs.\n"), 0o644)
	bad := filepath.Join(dir, "broken.tsv")
	os.WriteFile(bad, []byte("question\tlabel\trule\ttext\ntools_and_standards\tred\tjust three fields\n"), 0o644)
	var verdict, confusion string
	run(t, ctx,
		chromedp.SetUploadFiles(`#corpus-file`, []string{good}, chromedp.ByQuery),
		chromedp.Click(`#corpus button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`[data-confusion]`, chromedp.ByQuery),
		chromedp.Text(`[data-corpus-verdict]`, &verdict, chromedp.ByQuery),
		chromedp.Text(`[data-confusion]`, &confusion, chromedp.ByQuery),
	)
	contains(t, verdict, "corpus.tsv", "the corpus verdict")
	contains(t, confusion, "stack_imposition", "the confusion table")
	checkFits(t, ctx, axe, "rules-corpus")
	var problem string
	run(t, ctx,
		chromedp.SetUploadFiles(`#corpus-file`, []string{bad}, chromedp.ByQuery),
		chromedp.Click(`#corpus button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`#corpus-file-error`, chromedp.ByQuery),
		chromedp.Text(`#corpus-file-error`, &problem, chromedp.ByQuery),
	)
	contains(t, problem, "line 2", "the malformed corpus's problem")
}

func containsAll(list []string, want ...string) bool {
	for _, w := range want {
		found := false
		for _, v := range list {
			found = found || v == w
		}
		if !found {
			return false
		}
	}
	return true
}

// TestRulesPageWithoutJavaScript posts the form as a browser without
// JavaScript does: the page comes back with the result, the answer's HTML
// shown as text; a refused answer keeps what was typed and says why; a
// survey's preview opens as a survey does; another workspace's draft is not
// found.
func TestRulesPageWithoutJavaScript(t *testing.T) {
	s, d, owner := ruleDraftSite(t)
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {"viewer@a.example"}, "password": {storetest.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	page := s.url + "/questionnaire-drafts/" + d.ID + "/rules"
	code, body := post(t, c, page, url.Values{"question": {"tools_and_standards"}, "text": {negatedAnswer + " <b>bold</b>"}}, nil)
	if code != http.StatusOK {
		t.Fatalf("test: got %d", code)
	}
	for _, want := range []string{`<mark class="hl-red">migrate clients to our standard stack</mark><span class="hl-tag">R1</span>`,
		`data-rule="stack_imposition"`, "&lt;b&gt;bold&lt;/b&gt;"} {
		if !strings.Contains(body, want) {
			t.Errorf("the result page lacks %s", want)
		}
	}
	code, body = post(t, c, page, url.Values{"question": {"tools_and_standards"}, "text": {strings.Repeat("x", 10001)}}, nil)
	if code != http.StatusUnprocessableEntity || !strings.Contains(body, "10001 characters long") || !strings.Contains(body, strings.Repeat("x", 10001)) {
		t.Errorf("an over-long text: got %d, want 422 saying why and keeping the text", code)
	}

	// A survey that shows respondents their results previews with its own
	// opening sentence.
	survey, err := s.store.CloneDraft(context.Background(), owner, store.CloneInput{FromKey: "co-managed-readiness"})
	if err != nil {
		t.Fatal(err)
	}
	if code, body, _ := get(t, c, s.url+"/questionnaire-drafts/"+survey.ID+"/preview"); code != http.StatusOK ||
		!strings.Contains(body, "you see your results straight away") {
		t.Errorf("the survey's preview: got %d, want 200 with the survey's opening sentence", code)
	}

	other := client(t)
	post(t, other, s.url+"/login", url.Values{"email": {"owner@b.example"}, "password": {storetest.Password}}, nil)
	for _, path := range []string{"/rules", "/preview"} {
		if code, _, _ := get(t, other, s.url+"/questionnaire-drafts/"+d.ID+path); code != http.StatusNotFound {
			t.Errorf("%s as another workspace: got %d, want 404", path, code)
		}
	}
	if code, _ := post(t, other, page, url.Values{"question": {"tools_and_standards"}, "text": {"x"}}, nil); code != http.StatusNotFound {
		t.Errorf("testing another workspace's rules: got %d, want 404", code)
	}
}

// TestPreview opens a draft's preview as a respondent would see it: the
// banner says nothing is saved, every prompt is there and no evaluator
// guidance is, the buttons do nothing, it fits a phone and a laptop, and the
// phone-width view frames the form at 390 px.
func TestPreview(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	s, d, _ := ruleDraftSite(t)
	ctx := tab(t, chrome)
	signIn(t, ctx, s, "viewer@a.example", storetest.Password)
	preview := s.url + "/questionnaire-drafts/" + d.ID + "/preview"

	var html, all string
	var disabled bool
	run(t, ctx,
		chromedp.Navigate(preview),
		chromedp.WaitVisible(`[data-preview-banner]`, chromedp.ByQuery),
		chromedp.OuterHTML(`html`, &html, chromedp.ByQuery),
		// Hidden text too: a conditional question is in the page, hidden.
		chromedp.Evaluate(`document.body.textContent`, &all),
		chromedp.Evaluate(`[...document.querySelectorAll("form[data-preview] button")].every((b) => b.disabled)`, &disabled),
	)
	text := bodyText(t, ctx)
	contains(t, text, "Preview — answers are not saved", "the banner")
	if !disabled {
		t.Error("a button of the preview's form can be pressed")
	}
	for _, qq := range d.Questionnaire.Questions() {
		if !strings.Contains(all, qq.Prompt) {
			t.Errorf("question %s: the prompt is missing", qq.Key)
		}
		g := qq.Guidance
		secrets := append([]string{g.ListenFor}, g.RedFlags...)
		for _, a := range g.Anchors {
			secrets = append(secrets, a)
		}
		for _, secret := range secrets {
			if secret != "" && (strings.Contains(all, secret) || strings.Contains(html, secret)) {
				t.Errorf("question %s: evaluator guidance shows in the preview: %q", qq.Key, secret)
			}
		}
	}
	checkFits(t, ctx, axe, "preview")

	var frameWidth int
	var framed bool
	run(t, ctx,
		chromedp.Navigate(preview+"?width=phone"),
		chromedp.WaitVisible(`[data-phone-frame]`, chromedp.ByQuery),
		waitFor(`(() => { const d = document.querySelector("[data-phone-frame]").contentDocument; return !!(d && d.querySelector("form[data-preview]")); })()`, 10*time.Second),
		chromedp.Evaluate(`document.querySelector("[data-phone-frame]").contentWindow.innerWidth`, &frameWidth),
		chromedp.Evaluate(`!!document.querySelector("[data-phone-frame]").contentDocument.querySelector("[data-preview-banner]")`, &framed),
	)
	if frameWidth != 390 || !framed {
		t.Errorf("the phone-width view: a frame %d px wide (banner shown: %v), want 390", frameWidth, framed)
	}
	checkFits(t, ctx, axe, "preview-phone")
}
