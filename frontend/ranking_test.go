package frontend_test

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"mspeval"
	"mspeval/demo"
)

// A candidate ranked below others because of a knockout says so where its
// rank is, not only in the footnote.
func TestKnockoutShowsInTheRankCell(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	res, err := demo.Load(ctx, s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	_, body, _ := get(t, c, s.url+"/evaluations/"+res.EvaluationID+"/compare")
	cmp, _, _ := s.store.ListCandidates(ctx, res.Caller, res.EvaluationID, mspeval.Page{})
	knocked := 0
	for _, cand := range cmp {
		row := candidateRow(t, body, cand.ID)
		rank := row[strings.Index(row, `data-label="Rank"`):]
		rank = rank[:strings.Index(rank, "</td>")]
		others := row[strings.Index(row, `data-label="Other flags"`):]
		has := strings.Contains(others, "knockout")
		if got := strings.Contains(rank, "data-knockout"); got != has {
			t.Errorf("%s: knockout in the rank cell %v, in the flags %v", cand.Name, got, has)
		}
		if has {
			knocked++
		}
	}
	if knocked == 0 {
		t.Fatal("the demo has no candidate with a knockout: the test shows nothing")
	}
}

// sliderState reads the weight sliders: each one's value, what its label
// says and what a screen reader hears.
const sliderState = `[...document.querySelectorAll("[data-weight]")].map((s) => ({
  key: s.dataset.weight, value: Number(s.value),
  label: document.querySelector('[data-share="' + s.dataset.weight + '"]').textContent,
  valuetext: s.getAttribute("aria-valuetext") }))`

// moveSlider sets a weight slider as a drag would.
func moveSlider(key string, v int) string {
	return fmt.Sprintf(`(() => { const s = document.getElementById("w-%s"); s.value = %d; s.dispatchEvent(new Event("input", {bubbles: true})); return true })()`, key, v)
}

type slider struct {
	Key       string `json:"key"`
	Value     int    `json:"value"`
	Label     string `json:"label"`
	ValueText string `json:"valuetext"`
}

// The comparison's weight sliders move in shares: each sits where its label
// says, a screen reader hears the same share, and the shares add up to 100
// however one is moved (by script or by the keyboard).
func TestWeightSlidersShowTheirShares(t *testing.T) {
	chrome := browser(t)
	s := newSite(t)
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := tab(t, chrome)
	signIn(t, ctx, s, demo.Email, demo.Password)
	agree := func(when string, want map[string]int) {
		t.Helper()
		var got []slider
		run(t, ctx, chromedp.Evaluate(sliderState, &got))
		sum := 0
		for _, sl := range got {
			sum += sl.Value
			share := fmt.Sprintf("%d %%", sl.Value)
			if sl.Label != share || sl.ValueText != share {
				t.Errorf("%s, %s: the slider is at %d, its label says %q and a screen reader hears %q", when, sl.Key, sl.Value, sl.Label, sl.ValueText)
			}
			if w, ok := want[sl.Key]; ok && sl.Value != w {
				t.Errorf("%s, %s: got %d %%, want %d %%", when, sl.Key, sl.Value, w)
			}
		}
		if sum != 100 {
			t.Errorf("%s: the shares add up to %d, want 100: %+v", when, sum, got)
		}
	}
	run(t, ctx,
		chromedp.Navigate(s.url+"/evaluations/"+res.EvaluationID+"/compare"),
		chromedp.WaitVisible("[data-ranking] tr", chromedp.ByQuery))
	agree("as saved", map[string]int{"fit": 40, "flexibility": 30, "dependency_risk": 30})

	// Fit to 70: the other two share the 30 left as they shared 60.
	run(t, ctx,
		chromedp.Evaluate(moveSlider("fit", 70), nil))
	agree("fit moved to 70", map[string]int{"fit": 70, "flexibility": 15, "dependency_risk": 15})
	run(t, ctx, waitFor(`!document.querySelector("[data-whatif]").hidden && document.querySelector("[data-weights-state]").textContent === ""`, 10*time.Second))
	agree("after the ranking was recomputed", map[string]int{"fit": 70, "flexibility": 15, "dependency_risk": 15})

	// The keyboard: one step right on flexibility takes the point from the others.
	run(t, ctx,
		chromedp.Focus("#w-flexibility", chromedp.ByQuery),
		chromedp.KeyEvent(kb.ArrowRight))
	agree("flexibility one step up", map[string]int{"flexibility": 16})

	// Everything on one dimension, and back: no share is left below zero or lost.
	run(t, ctx,
		chromedp.Evaluate(moveSlider("dependency_risk", 100), nil))
	agree("risk at 100", map[string]int{"fit": 0, "flexibility": 0, "dependency_risk": 100})
	run(t, ctx,
		chromedp.Evaluate(moveSlider("dependency_risk", 40), nil))
	agree("risk back to 40", map[string]int{"fit": 30, "flexibility": 30, "dependency_risk": 40})
}
