package frontend_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/store"
)

// The respondent's unsaved answers are kept in localStorage under a key that
// is not the link's secret (anything that reads the browser's storage must not
// learn a working link), an old draft kept under the secret is moved, and the
// draft is gone once the response is submitted.
func TestDraftIsNotKeyedByTheSecret(t *testing.T) {
	s := newSite(t)
	path := browser(t)
	owner := account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
	ev, _ := s.store.CreateEvaluation(context.Background(), owner, store.EvaluationInput{Name: "Partner 2027", QuestionnaireKey: "partner-selection"})
	cand, _ := s.store.CreateCandidate(context.Background(), owner, ev.ID, store.CandidateInput{Name: "Delta IT"})
	_, secret, _ := s.store.CreateInvitation(context.Background(), owner, cand.ID, nil)
	sum := sha256.Sum256([]byte(secret))
	hashed := "mspeval:draft:" + hex.EncodeToString(sum[:])

	r := tab(t, path)
	var keys []string
	run(t, r,
		chromedp.Navigate(s.url+"/r/"+secret),
		chromedp.WaitVisible(`#a-reference_client-text`, chromedp.ByQuery),
		waitFor(`document.querySelector('[data-save-state]').textContent.includes('saved automatically')`, 10*time.Second),
		chromedp.SendKeys(`#a-reference_client-text`, "Ask the harbour authority.", chromedp.ByQuery),
		chromedp.Evaluate(`Object.keys(localStorage)`, &keys),
	)
	if len(keys) != 1 || keys[0] != hashed {
		t.Errorf("localStorage keys while typing: got %q, want [%s]", keys, hashed)
	}
	for _, k := range keys {
		if strings.Contains(k, secret) {
			t.Errorf("a localStorage key holds the link's secret: %q", k)
		}
	}

	// A draft an older version kept under the secret is moved to the new key.
	legacy := `{"revision":1,"answers":{"reference_client":{"text":"From the old key."}}}`
	var text string
	run(t, r,
		waitFor(`Object.keys(localStorage).length === 0`, 10*time.Second), // the typed answer reached the server
		chromedp.Evaluate(`localStorage.setItem("mspeval:draft:`+secret+`", '`+legacy+`')`, nil),
		chromedp.Reload(),
		chromedp.WaitVisible(`#a-reference_client-text`, chromedp.ByQuery),
		waitFor(`!localStorage.getItem("mspeval:draft:`+secret+`")`, 10*time.Second),
		chromedp.Value(`#a-reference_client-text`, &text, chromedp.ByQuery),
	)
	if text != "From the old key." {
		t.Errorf("the draft kept under the secret: got %q in the field, want it restored", text)
	}

	// Submitted elsewhere while this browser still holds a draft: the page
	// that shows the submitted response clears it.
	q, _ := s.store.Catalog().Latest("partner-selection")
	if _, err := s.store.RespondentSave(context.Background(), secret, plan(q, true)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.RespondentSubmit(context.Background(), secret); err != nil {
		t.Fatal(err)
	}
	run(t, r,
		chromedp.Evaluate(`localStorage.setItem("`+hashed+`", '`+legacy+`')`, nil),
		chromedp.Evaluate(`localStorage.setItem("mspeval:draft:`+secret+`", '`+legacy+`')`, nil),
		chromedp.Navigate(s.url+"/r/"+secret),
		chromedp.WaitVisible(`[data-submitted]`, chromedp.ByQuery),
		waitFor(`Object.keys(localStorage).length === 0`, 10*time.Second),
	)
}
