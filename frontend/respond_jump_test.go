package frontend_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"mspeval/demo"
)

// A question opened by its address (as the review's list of missing answers
// links to it) shows its prompt below the respondent's sticky progress bar,
// on a phone and on a laptop.
func TestJumpToAQuestionClearsTheProgressBar(t *testing.T) {
	chrome := browser(t)
	s := newSite(t)
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	ctx := tab(t, chrome)
	var ids []string
	run(t, ctx,
		chromedp.Navigate(s.url+"/r/"+res.DraftLink),
		chromedp.WaitVisible("[data-question]", chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll("[data-question]")].map((q) => q.id)`, &ids))
	if len(ids) < 10 {
		t.Fatalf("the form has %d questions; the test wants a question further down", len(ids))
	}
	target := ids[len(ids)*2/3]
	for _, w := range widths {
		var gap float64
		run(t, ctx,
			setWidth(w),
			chromedp.Navigate(s.url+"/r/"+res.DraftLink+"#"+target),
			chromedp.WaitVisible("#"+target, chromedp.ByQuery),
			chromedp.Sleep(300*time.Millisecond),
			chromedp.Evaluate(fmt.Sprintf(`document.querySelector("#%s .prompt").getBoundingClientRect().top -
				document.querySelector(".sticky").getBoundingClientRect().bottom`, target), &gap))
		if gap < 0 {
			t.Errorf("at %d px: the progress bar covers %.0f px of the prompt jumped to", w.width, -gap)
		}
		var scrolled float64
		run(t, ctx, chromedp.Evaluate(`window.scrollY`, &scrolled))
		if scrolled == 0 {
			t.Errorf("at %d px: the page did not move to the question", w.width)
		}
	}
}
