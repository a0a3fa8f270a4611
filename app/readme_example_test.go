package app

import (
	"testing"

	"mspeval/questions"
	"mspeval/scoring"
)

// TestREADMEWorkedExample keeps the README's worked example of a suggested
// rating true: if the rules or the formula change, the README must too.
func TestREADMEWorkedExample(t *testing.T) {
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, ok := c.Get("partner-selection", 2)
	if !ok {
		t.Fatal("partner-selection v2 is not built in")
	}
	const text = "Your IT lead keeps the final say on priorities. We meet her every month and keep a RACI in your " +
		"SharePoint. We pride ourselves on flexibility: we'll handle the rest."
	ev := scoring.AssessText(q, "role_alongside_internal_it", text)
	const want = "1 + 0.5 × 3 specifics + 0.5 × 2 green − 1 × 1 red − 0.5 × 1 vague = 2"
	if ev.Suggested == nil || *ev.Suggested != 2 || ev.Formula != want {
		t.Errorf("the README's example: got %v, %q; want 2, %q", ev.Suggested, ev.Formula, want)
	}
}
