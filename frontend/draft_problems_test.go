package frontend

import (
	"testing"

	"mspeval/questions"
)

// Each problem the loader reports lands on the nearest field the form has;
// one about what the form does not show is listed above the form alone.
func TestProblemsLandOnTheNearestField(t *testing.T) {
	q, ok := mustCatalog(t).Latest("partner-selection")
	if !ok {
		t.Fatal("no partner-selection")
	}
	f := formOf(q)
	problems := []questions.FieldProblem{
		{Field: "sections[0].questions[1].options[2].score", Message: `question "x": options[2].score: "high" is not a whole number`},
		{Field: "sections[0].questions[1].dimensions[0].weight", Message: `question "x": weight for dimension "fit" must be positive, got 0`},
		{Field: "sections[0].questions[1].guidance.red_flags[1]", Message: `question "x": guidance.red_flags[1]: must be text, not a mapping`},
		{Field: "sections[0].questions[1].text.label", Message: `question "x": text.label: is empty`},
		{Field: "evidence.concepts.PROVIDER[2]", Message: `evidence.concepts.PROVIDER[2]: is empty`},
	}
	aliases := map[string]string{"sections[0].questions[1].dimensions[0]": "sections[0].questions[1].weights.fit"}
	e := editorView(f, problems, aliases, "")
	q1 := e.Sections[0].Questions[1]
	for _, tc := range []struct {
		name string
		got  *field
		want string
	}{
		{"score", q1.Options[2].Score, `"high" is not a whole number`},
		{"weight", q1.Weights[0].F, `weight for dimension "fit" must be positive, got 0`},
		{"red flags", q1.RedFlags, `guidance.red_flags[1]: must be text, not a mapping`},
		{"question", q1.Slot, `text.label: is empty`},
	} {
		if len(tc.got.Errors) != 1 || tc.got.Errors[0] != tc.want {
			t.Errorf("%s: got %q, want [%q]", tc.name, tc.got.Errors, tc.want)
		}
	}
	if !q1.Open {
		t.Error("the question with problems is not unfolded")
	}
	if len(e.Problems) != len(problems) {
		t.Fatalf("listed above the form: got %d, want %d", len(e.Problems), len(problems))
	}
	if last := e.Problems[len(problems)-1]; last.Href != "" {
		t.Errorf("a problem the form has no field for links to %q", last.Href)
	}
	if first := e.Problems[0]; first.Href != "#f-sections-0-questions-1-options-2-score" {
		t.Errorf("the score's problem links to %q", first.Href)
	}
}

func TestLineOfFindsTheFieldOrTheNearestAbove(t *testing.T) {
	text := "key: q\nsections:\n  - key: a\n    questions:\n      - key: b\n        prompt: ''\n"
	for path, want := range map[string]int{
		"sections[0].questions[0].prompt": 6,
		"sections[0].questions[0].help":   5,
		"sections[1]":                     2,
		"":                                0,
	} {
		if got := lineOf(text, path); got != want {
			t.Errorf("lineOf(%q): got %d, want %d", path, got, want)
		}
	}
}

func mustCatalog(t *testing.T) *questions.Catalog {
	t.Helper()
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return c
}
