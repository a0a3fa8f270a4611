package frontend_test

import (
	"context"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// conditionalLink publishes questions/testdata/conditional.yaml in a new
// workspace, starts an evaluation on it with one candidate and returns the
// candidate's link, the candidate's ID and the owner's email. In that
// questionnaire team_size and the section "team" (escalation) show when
// has_team is yes, and handback when model is replace.
func conditionalLink(t *testing.T, s *site) (token, candidateID, email string) {
	t.Helper()
	ctx := context.Background()
	email = "owner@conditional.example"
	owner := account(t, s, email, "Conditional Co", mspeval.RoleOwner)
	data, err := os.ReadFile("../questions/testdata/conditional.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := s.store.ImportDraft(ctx, owner, data, questions.FormatYAML)
	if err != nil {
		t.Fatal(err)
	}
	q, err := s.store.PublishDraft(ctx, owner, d.ID, 0)
	if err != nil {
		t.Fatal(err)
	}
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Conditional partners", QuestionnaireKey: q.Key,
		QuestionnaireVersion: q.Version})
	if err != nil {
		t.Fatal(err)
	}
	cand, err := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "MSP Branching"})
	if err != nil {
		t.Fatal(err)
	}
	_, token, err = s.store.CreateInvitation(ctx, owner, cand.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return token, cand.ID, email
}

// openingTag returns the start tag of the element with the given id.
func openingTag(t *testing.T, html, id string) string {
	t.Helper()
	m := regexp.MustCompile(`<[a-z]+ [^>]*id="` + regexp.QuoteMeta(id) + `"[^>]*>`).FindString(html)
	if m == "" {
		t.Fatalf("no element #%s on the page", id)
	}
	return m
}

func isHidden(t *testing.T, html, id string) bool {
	t.Helper()
	return strings.HasSuffix(openingTag(t, html, id), " hidden>")
}

// TestConditionalQuestionsWithoutJavaScript pins what the server renders:
// the form as the saved answers leave it after each save, the review before
// submitting, the submit that needs no hidden question, and the read-only
// form and the evaluator's review that agree with it.
func TestConditionalQuestionsWithoutJavaScript(t *testing.T) {
	s := newSite(t)
	token, candID, email := conditionalLink(t, s)
	c := client(t)
	form := s.url + "/r/" + token

	_, page, _ := get(t, c, form)
	for id, hidden := range map[string]bool{"q-has_team": false, "q-team_size": true, "q-handback": true, "section-team": true, "section-setup": false} {
		if got := isHidden(t, page, id); got != hidden {
			t.Errorf("first visit: #%s hidden %v, want %v", id, got, hidden)
		}
	}
	contains(t, page, "they appear, or go, when you press “Save answers”", "the note for a form without JavaScript")
	contains(t, page, `data-show-if="has_team" data-show-equals="yes"`, "the condition for the script")

	// Every question is posted, as a browser posts the form: the hidden ones too.
	save := func(values map[string]string) string {
		t.Helper()
		v := url.Values{"action": {"save"}}
		for _, k := range []string{"has_team", "team_size", "model", "handback", "docs", "escalation", "notes"} {
			v.Set("a."+k+".present", "1")
		}
		for k, val := range values {
			v.Set(k, val)
		}
		code, body := post(t, c, form, v, nil)
		if code != 200 {
			t.Fatalf("save: status %d", code)
		}
		return body
	}
	page = save(map[string]string{"a.has_team.choice": "yes", "a.model.choice": "replace", "a.handback.text": "We hand back with runbooks."})
	for id, hidden := range map[string]bool{"q-team_size": false, "q-handback": false, "section-team": false} {
		if got := isHidden(t, page, id); got != hidden {
			t.Errorf("after saving yes and replace: #%s hidden %v, want %v", id, got, hidden)
		}
	}
	contains(t, page, "Required questions answered: <span data-progress-text>3 of 6</span>", "progress with yes and replace")

	page = save(map[string]string{"a.has_team.choice": "no", "a.model.choice": "alongside", "a.docs.choice": "client",
		"a.handback.text": "We hand back with runbooks."})
	for id, hidden := range map[string]bool{"q-team_size": true, "q-handback": true, "section-team": true} {
		if got := isHidden(t, page, id); got != hidden {
			t.Errorf("after saving no and alongside: #%s hidden %v, want %v", id, got, hidden)
		}
	}
	contains(t, page, "Required questions answered: <span data-progress-text>3 of 3</span>", "progress with no")
	contains(t, page, "We hand back with runbooks.", "the hidden question's text, kept in the form")

	_, review, _ := get(t, c, form+"/review")
	if strings.Contains(review, "How would you hand IT back") || strings.Contains(review, "Still to answer") {
		t.Errorf("the review lists a question that does not apply, or asks for one:\n%s", review)
	}
	contains(t, review, "3 questions do not apply to your answers and are left out.", "the review's note")

	if code, page := post(t, c, form+"/submit", url.Values{}, nil); code != 200 || !strings.Contains(page, "data-submitted") {
		t.Fatalf("submit with every shown question answered: status %d", code)
	}
	_, page, _ = get(t, c, form)
	if strings.Contains(page, "How would you hand IT back") || strings.Contains(page, "Working with the team") {
		t.Error("the submitted form shows a question or section that was not asked")
	}
	contains(t, page, "Who owns the documentation?", "the submitted form")

	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {email}, "password": {storetest.Password}}, nil); code != 200 {
		t.Fatalf("sign in: %d", code)
	}
	_, page, _ = get(t, c, s.url+"/candidates/"+candID+"/review")
	if got := strings.Count(page, "data-not-asked"); got != 3 {
		t.Errorf("the evaluator's review marks %d questions not asked, want 3", got)
	}
	contains(t, page, "Not shown to this respondent: asked only when “Which model do you propose?” is answered “We take over IT”", "the review")
	if strings.Contains(page, "We hand back with runbooks.") || strings.Contains(page, `action="/candidates/`+candID+`/ratings/handback"`) {
		t.Error("the evaluator's review shows or offers to rate the answer of a question that was not asked")
	}
}

// TestConditionalQuestionsFollowTheAnswer drives the respondent's form in
// Chromium: choosing an option shows the questions that depend on it and
// announces them, choosing another hides them again, axe finds nothing
// serious either way, and the saved form comes back as it was left.
func TestConditionalQuestionsFollowTheAnswer(t *testing.T) {
	axe := axeSource(t)
	chrome := browser(t)
	s := newSite(t)
	token, _, _ := conditionalLink(t, s)
	ctx := tab(t, chrome)
	shown := func(sel string) string {
		return `(() => { const el = document.querySelector("` + sel + `"); return !!el && !el.hidden && el.offsetParent !== null; })()`
	}
	hidden := func(sel string) string {
		return `(() => { const el = document.querySelector("` + sel + `"); return !!el && el.hidden && el.offsetParent === null; })()`
	}
	status := `document.querySelector("[data-conditions-status]").textContent`
	noViolations := func(when string) {
		t.Helper()
		var violations []string
		run(t, ctx, chromedp.Evaluate(axe+";true", nil), chromedp.Evaluate(axeScript, &violations, awaitPromise))
		if len(violations) > 0 {
			t.Errorf("%s: %d serious or critical accessibility violations:\n  %s", when, len(violations), strings.Join(violations, "\n  "))
		}
	}
	var said string
	run(t, ctx,
		chromedp.Navigate(s.url+"/r/"+token),
		chromedp.WaitVisible("#q-has_team", chromedp.ByQuery),
		waitFor(hidden("#q-team_size")+" && "+hidden("#section-team")+" && "+hidden("#q-handback"), 5*time.Second),
	)
	noViolations("before any answer")

	run(t, ctx,
		chromedp.Click(`input[name="a.has_team.choice"][value="yes"]`, chromedp.ByQuery),
		waitFor(shown("#q-team_size")+" && "+shown("#section-team"), 5*time.Second),
		chromedp.Evaluate(status, &said),
	)
	if !strings.Contains(said, "2 more questions below, starting with “How closely would you work with that team?”") {
		t.Errorf("announced on yes: %q", said)
	}
	noViolations("with the questions yes shows")

	run(t, ctx,
		chromedp.Click(`input[name="a.model.choice"][value="replace"]`, chromedp.ByQuery),
		waitFor(shown("#q-handback"), 5*time.Second),
		chromedp.Click(`input[name="a.model.choice"][value="alongside"]`, chromedp.ByQuery),
		waitFor(hidden("#q-handback"), 5*time.Second),
		chromedp.Click(`input[name="a.has_team.choice"][value="no"]`, chromedp.ByQuery),
		waitFor(hidden("#q-team_size")+" && "+hidden("#section-team"), 5*time.Second),
		chromedp.Evaluate(status, &said),
	)
	if !strings.Contains(said, "2 questions no longer apply and are hidden") {
		t.Errorf("announced on no: %q", said)
	}
	// The autosave's progress counts what is shown: has_team and model of
	// has_team, model and docs.
	run(t, ctx, waitFor(`document.querySelector("[data-progress-text]").textContent === "2 of 3"`, 10*time.Second))

	// Saved: the page comes back from the server as it was left.
	run(t, ctx,
		waitFor(`document.querySelector("[data-save-state]").textContent.startsWith("All answers saved")`, 10*time.Second),
		chromedp.Navigate(s.url+"/r/"+token),
		chromedp.WaitVisible("#q-has_team", chromedp.ByQuery),
		waitFor(hidden("#q-team_size")+" && "+hidden("#section-team")+" && "+hidden("#q-handback"), 5*time.Second),
		chromedp.Click(`input[name="a.has_team.choice"][value="yes"]`, chromedp.ByQuery),
		waitFor(shown("#q-team_size"), 5*time.Second),
	)
}
