package frontend_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestRatingInPlace: on the review page, "Save rating" keeps the page (no
// reload), the count of answers rated moves, "next unrated" moves on, and the
// rating is stored; withdrawing works the same way.
func TestRatingInPlace(t *testing.T) {
	path := browser(t)
	s := newSite(t)
	ctx := context.Background()
	owner := account(t, s, "owner@rate.example", "Rate", mspeval.RoleOwner)
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Rate", QuestionnaireKey: "partner-selection"})
	if err != nil {
		t.Fatal(err)
	}
	cand, _ := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Acme IT"})
	q, _ := s.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	if _, err := s.store.SaveAnswers(ctx, owner, cand.ID, storetest.CompleteAnswers(q)); err != nil {
		t.Fatal(err)
	}
	first := q.Questions()[0].Key

	tb := tab(t, path)
	signIn(t, tb, s, "owner@rate.example", storetest.Password)
	var before, after, next string
	var marker bool
	run(t, tb,
		chromedp.Navigate(s.url+"/candidates/"+cand.ID+"/review"),
		chromedp.WaitVisible(`[data-rating-progress]`, chromedp.ByQuery),
		chromedp.Text(`[data-rated-text]`, &before, chromedp.ByQuery),
		chromedp.Evaluate(`window.stillHere = true`, nil),
		chromedp.Click(`#q-`+first+` input[name=score][value="3"]`, chromedp.ByQuery),
		chromedp.Click(`#q-`+first+` button[value=rate]`, chromedp.ByQuery),
		waitFor(`document.querySelector("[data-rating-status]").textContent === "Rating saved."`, 10*time.Second),
		chromedp.Text(`[data-rated-text]`, &after, chromedp.ByQuery),
		chromedp.AttributeValue(`[data-next-unrated]`, "href", &next, nil, chromedp.ByQuery),
		chromedp.Evaluate(`window.stillHere === true`, &marker),
	)
	if !marker {
		t.Error("saving a rating reloaded the page")
	}
	if !strings.HasPrefix(before, "0 of ") || !strings.HasPrefix(after, "1 of ") {
		t.Errorf("rated count: before %q, after %q", before, after)
	}
	if strings.HasSuffix(next, "#q-"+first) {
		t.Errorf("next unrated still points at the answer just rated: %s", next)
	}
	rs, err := s.store.CandidateRatings(ctx, owner, cand.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if got := rs.ByQuestion[first]; len(got) != 1 || got[0].Score != 3 || got[0].EvaluatorID != owner.UserID {
		t.Fatalf("stored ratings of %s: %+v", first, got)
	}

	// Withdrawn in place as well.
	run(t, tb,
		chromedp.Click(`#q-`+first+` button[value=withdraw]`, chromedp.ByQuery),
		waitFor(`document.querySelector("[data-rating-status]").textContent === "Rating withdrawn."`, 10*time.Second),
		chromedp.Text(`[data-rated-text]`, &after, chromedp.ByQuery),
		chromedp.Evaluate(`window.stillHere === true`, &marker),
	)
	if !marker || !strings.HasPrefix(after, "0 of ") {
		t.Errorf("after withdrawing: reloaded %v, count %q", !marker, after)
	}
	if rs, _ = s.store.CandidateRatings(ctx, owner, cand.ID, ""); len(rs.ByQuestion[first]) != 0 {
		t.Errorf("the withdrawn rating is still stored: %+v", rs.ByQuestion[first])
	}
}
