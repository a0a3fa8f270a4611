package demo_test

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"

	"mspeval/demo"
	"mspeval/questions"
	"mspeval/scoring"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// TestDemoComparisonGolden pins the demo evaluation's comparison, as a buyer
// would read it, in testdata/demo-comparison.golden. Run with -update after a
// deliberate change of the method, the questionnaire or the demo answers, and
// read the diff.
func TestDemoComparisonGolden(t *testing.T) {
	f, err := demo.Parse()
	if err != nil {
		t.Fatal(err)
	}
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, _ := c.Latest("partner-selection")
	in := scoring.Input{Questionnaire: q}
	for _, dc := range f.Candidates {
		sc := scoring.Candidate{ID: dc.Name, Name: dc.Name, Answers: map[string]questions.Answer{}}
		for k, a := range dc.Answers {
			if a != nil {
				sc.Answers[k] = *a
			}
		}
		in.Candidates = append(in.Candidates, sc)
	}
	res, err := scoring.Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	got := render(res)
	const golden = "testdata/demo-comparison.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./demo -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("the demo comparison changed; if on purpose, run go test ./demo -update\n--- got\n%s\n--- want\n%s", got, want)
	}

	// What the demo is for: the strong partner first with no red flag; the
	// takeover provider knocked out, with red flags and a contradiction.
	first, takeover := res.Candidates[0], findResult(res, "Overbridge Total IT Group")
	if first.Name != "Équipe Lumenfjord IT" || first.RedFlags != 0 || len(first.Knockouts) != 0 {
		t.Errorf("first: got %s with %d red flags, %d knockouts", first.Name, first.RedFlags, len(first.Knockouts))
	}
	if takeover.Rank != 3 || len(takeover.Knockouts) == 0 || takeover.RedFlags == 0 || len(takeover.Contradictions) == 0 {
		t.Errorf("takeover provider: got rank %d, %d knockouts, %d red flags, %d contradictions",
			takeover.Rank, len(takeover.Knockouts), takeover.RedFlags, len(takeover.Contradictions))
	}
}

func findResult(res scoring.Result, name string) scoring.CandidateResult {
	for _, c := range res.Candidates {
		if c.Name == name {
			return c
		}
	}
	return scoring.CandidateResult{}
}

func num(v *float64) string {
	if v == nil {
		return "  -  "
	}
	return fmt.Sprintf("%5.1f", *v)
}

func render(res scoring.Result) string {
	var b strings.Builder
	fmt.Fprintf(&b, "weights: fit %.0f %%, flexibility %.0f %%, dependency risk %.0f %%\n",
		res.Weights["fit"], res.Weights["flexibility"], res.Weights["dependency_risk"])
	fmt.Fprintf(&b, "ties: %s\n\n", res.TieBreak)
	for _, c := range res.Candidates {
		fmt.Fprintf(&b, "%d. %s\n", c.Rank, c.Name)
		fmt.Fprintf(&b, "   overall %s   coverage %3.0f %% (%s)   first under %3.0f %% of weightings\n",
			num(c.Overall), 100*c.Coverage, c.Confidence, 100*c.FirstShare)
		for _, d := range c.Dimensions {
			label := "score"
			if d.HigherIsWorse {
				label = "risk "
			}
			fmt.Fprintf(&b, "   %-16s %s %s   coverage %3.0f %%\n", d.Key, label, num(d.Score), 100*d.Coverage)
		}
		for _, k := range c.Knockouts {
			fmt.Fprintf(&b, "   knockout: %s scored %.1f, minimum %d\n", k.Question, *k.Score, k.MinScore)
		}
		red := map[string]int{}
		for _, s := range c.Signals {
			if s.Kind == "red" {
				red[s.Rule]++
			}
		}
		if len(red) > 0 {
			fmt.Fprintf(&b, "   red flags: %d %v\n", c.RedFlags, red)
		}
		for _, ct := range c.Contradictions {
			fmt.Fprintf(&b, "   contradiction: %s picked %q but wrote %q\n", ct.Question, ct.Option, ct.Quote)
		}
		b.WriteString("\n")
	}
	b.WriteString("sensitivity: " + res.Sensitivity.Note + "\n")
	return b.String()
}
