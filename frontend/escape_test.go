package frontend_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

func emulationNoScript() chromedp.Action { return emulation.SetScriptExecutionDisabled(true) }

// A candidate named like a script, answering in HTML, shows as text on every page.
func TestHostileTextShowsAsText(t *testing.T) {
	s := newSite(t)
	b := browser(t)
	owner := account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
	ctx := context.Background()
	ev, _ := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: `<i>Partner</i> 2027`, QuestionnaireKey: "partner-selection"})
	cand, err := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: `<script>alert(1)</script>`})
	if err != nil {
		t.Fatal(err)
	}
	text := `<img src=x onerror=alert(2)><b>bold</b> we'll handle it`
	choice := "reinforce_internal_team"
	if _, err := s.store.SaveAnswers(ctx, owner, cand.ID, map[string]*questions.Answer{
		"role_alongside_internal_it": {Choice: &choice, Text: &text}}); err != nil {
		t.Fatal(err)
	}
	_, secret, _ := s.store.CreateInvitation(ctx, owner, cand.ID, nil)

	tb := tab(t, b)
	var mu sync.Mutex
	var dialogs []string
	chromedp.ListenTarget(tb, func(ev any) {
		if d, ok := ev.(*page.EventJavascriptDialogOpening); ok {
			mu.Lock()
			dialogs = append(dialogs, d.Message)
			mu.Unlock()
			go chromedp.Run(tb, page.HandleJavaScriptDialog(false))
		}
	})
	signIn(t, tb, s, "dana@acme.example", "correct horse battery")
	for _, path := range []string{"/evaluations", "/evaluations/" + ev.ID, fmt.Sprintf("/candidates/%s/review", cand.ID),
		"/evaluations/" + ev.ID + "/compare", "/r/" + secret} {
		run(t, tb, chromedp.Navigate(s.url+path), chromedp.WaitVisible("main", chromedp.ByQuery))
		body := bodyText(t, tb)
		if path != "/evaluations" && !strings.Contains(body, "<script>alert(1)</script>") {
			t.Errorf("%s: the candidate's name is not shown as text", path)
		}
		var imgs int
		run(t, tb, chromedp.Evaluate(`document.querySelectorAll('main img, main script, main b').length`, &imgs))
		if imgs != 0 {
			t.Errorf("%s: text became markup (%d elements)", path, imgs)
		}
	}
	var value string
	run(t, tb, chromedp.Value(`#a-role_alongside_internal_it-text`, &value, chromedp.ByQuery))
	contains(t, value, "<b>bold</b>", "the respondent's form")
	mu.Lock()
	defer mu.Unlock()
	if len(dialogs) > 0 {
		t.Errorf("a script ran: dialogs %v", dialogs)
	}
}
