package scoring_test

import (
	"testing"
	"unicode/utf8"

	"mspeval/questions"
	"mspeval/scoring"
)

// FuzzAssessText runs the signal matcher and the evidence rules of
// partner-selection v2 over arbitrary text for every question that takes
// text: never a panic, a suggested rating within 0–4, and every phrase it
// quotes taken from the text.
func FuzzAssessText(f *testing.F) {
	for _, seed := range []string{
		"We assign a named engineer and review the runbook every quarter.",
		"We are flexible and always available; trust us.",
		"Not without a signed change request, never ad hoc.",
		"", " ", "\u202e", "ÄÖÜ ß ΑΒΓ Жжж 日本語", "24/7/365 SLA: 15 min P1, 4h P2 — named owner: Kim (IT lead)",
	} {
		f.Add(seed)
	}
	c, err := questions.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	q, ok := c.Get("partner-selection", 2)
	if !ok {
		f.Fatal("partner-selection v2 is not built in")
	}
	var keys []string
	for _, qq := range q.Questions() {
		if qq.Type == questions.TypeText || qq.Text != nil {
			keys = append(keys, qq.Key)
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) || len(text) > 4000 {
			return // the API refuses both before any rule runs
		}
		for _, k := range keys {
			ev := scoring.AssessText(q, k, text)
			if ev.Suggested != nil && (*ev.Suggested < 0 || *ev.Suggested > 4) {
				t.Fatalf("%s: suggested %v", k, *ev.Suggested)
			}
		}
	})
}
