package scoring

import (
	"math"
	"testing"

	"mspeval/questions"
)

// tiny is the questionnaire of the hand-worked examples: two dimensions, four
// questions. fit is fed by role (weight 2), tools (weight 1) and notes (weight 1,
// text); dependency_risk by exit (weight 1, with a knockout under 1) and tools
// (weight 1).
const tiny = `
key: tiny
version: 1
title: Tiny
description: For hand-worked examples.
dimensions:
  - {key: fit, name: Fit, description: d, default_weight: 60}
  - {key: dependency_risk, name: Dependency risk, description: d, default_weight: 40, higher_is_worse: true}
sections:
  - key: main
    title: Main
    questions:
      - key: role
        prompt: Role?
        type: single_choice
        required: true
        text: {label: Why, required: false}
        options:
          - {key: reinforce, label: We work within your tools, score: 4, contradicted_by: [stack]}
          - {key: partly, label: Partly, score: 2}
          - {key: replace, label: We replace, score: 0}
        dimensions: [{dimension: fit, weight: 2}]
        guidance: {listen_for: x, red_flags: [], anchors: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - key: tools
        prompt: Tools?
        type: multiple_choice
        options:
          - {key: rmm, label: RMM, score: 1}
          - {key: psa, label: PSA, score: 1}
          - {key: siem, label: SIEM, score: 3}
          - {key: none, label: None, score: 0, exclusive: true}
        dimensions: [{dimension: fit, weight: 1}, {dimension: dependency_risk, weight: 1}]
        guidance: {listen_for: x, red_flags: [], anchors: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - key: notes
        prompt: Notes?
        type: text
        dimensions: [{dimension: fit, weight: 1}]
        guidance: {listen_for: x, red_flags: [], anchors: {0: a, 1: b, 2: c, 3: d, 4: e}}
      - key: exit
        prompt: Exit?
        type: scale
        scale: {min: 1, max: 5, min_label: no, max_label: yes}
        dimensions: [{dimension: dependency_risk, weight: 1}]
        guidance: {listen_for: x, red_flags: [], anchors: {0: a, 1: b, 2: c, 3: d, 4: e}}
        knockout: {min_score: 1, reason: No way out.}
signals:
  - {key: stack, label: Stack, kind: red, dimension: fit, description: d, patterns: ["our (standard )?stack"]}
  - {key: docs, label: Docs, kind: green, dimension: dependency_risk, description: d, patterns: ["runbooks?"]}
`

func tinyQ(t testing.TB) *questions.Questionnaire {
	t.Helper()
	q, err := questions.Parse("tiny.yaml", []byte(tiny))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func s(v string) *string { return &v }
func n(v int) *int       { return &v }

func approx(t *testing.T, what string, got *float64, want float64) {
	t.Helper()
	if got == nil {
		t.Errorf("%s: got nil, want %.4f", what, want)
		return
	}
	if math.Abs(*got-want) > 1e-9 {
		t.Errorf("%s: got %.6f, want %.6f", what, *got, want)
	}
}

func TestHandWorkedExample(t *testing.T) {
	q := tinyQ(t)
	in := Input{Questionnaire: q, Weights: map[string]float64{"fit": 60, "dependency_risk": 40}, Candidates: []Candidate{
		{ID: "a", Name: "Alpha", Answers: map[string]questions.Answer{
			"role":  {Choice: s("reinforce"), Text: s("We keep your runbooks.")},
			"tools": {Choices: []string{"rmm", "siem"}},
			"notes": {Text: s("Nothing more.")},
			"exit":  {Scale: n(4)},
		}, Ratings: map[string][]Rating{
			"notes": {{Evaluator: "e1", Score: 1}, {Evaluator: "e2", Score: 3}, {Evaluator: "e3", Score: 4}},
			"role":  {{Evaluator: "e1", Score: 2}, {Evaluator: "e2", Score: 4}},
		}},
		{ID: "b", Name: "Bravo", Answers: map[string]questions.Answer{
			"role":  {Choice: s("reinforce"), Text: s("We move you onto our standard stack.")},
			"tools": {Choices: []string{"rmm"}},
			"notes": {Text: s("Unrated.")},
			"exit":  {Scale: n(1)},
		}},
	}}
	res, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	// Alpha:
	//   role:  ratings 2 and 4, median 3 (consensus; the option's 4 is overridden); spread 2
	//   tools: rmm 1 + siem 3 = 4 (capped at 4)
	//   notes: ratings 1, 3, 4, median 3; spread 3, so a disagreement
	//   exit:  scale 4 on 1..5 = 4 * (4-1)/(5-1) = 3
	//   fit = 25 * (2*3 + 1*4 + 1*3) / (2+1+1) = 25 * 13/4 = 81.25, coverage 4/4
	//   dependency_risk mean = 25 * (1*4 + 1*3) / 2 = 87.5, risk = 12.5
	//   overall = (60*81.25 + 40*(100-12.5)) / 100 = (4875 + 3500)/100 = 83.75
	// Bravo:
	//   role 4 (option), tools 1, notes unscored, exit 0 (scale 1) -> knockout (0 < 1)
	//   fit = 25 * (2*4 + 1*1) / 3 = 75, coverage 3/4
	//   dependency_risk mean = 25 * (1*1 + 1*0) / 2 = 12.5, risk = 87.5
	//   overall = (60*75 + 40*12.5)/100 = 50; ranked second by its knockout anyway
	a, b := res.Candidates[0], res.Candidates[1]
	if a.ID != "a" || a.Rank != 1 || b.ID != "b" || b.Rank != 2 {
		t.Fatalf("ranking: got %s #%d, %s #%d", a.ID, a.Rank, b.ID, b.Rank)
	}
	approx(t, "Alpha fit", a.Dimensions[0].Score, 81.25)
	approx(t, "Alpha dependency risk", a.Dimensions[1].Score, 12.5)
	approx(t, "Alpha overall", a.Overall, 83.75)
	if a.Coverage != 1 || a.Confidence != ConfidenceHigh {
		t.Errorf("Alpha coverage: got %v %s, want 1 high", a.Coverage, a.Confidence)
	}
	// role's ratings 2 and 4 spread by 2, notes' 1..4 by 3: both are flagged.
	if len(a.Disagreements) != 2 || a.Disagreements[0] != "role" || a.Disagreements[1] != "notes" {
		t.Errorf("Alpha disagreements: got %v, want [role notes]", a.Disagreements)
	}
	approx(t, "Bravo fit", b.Dimensions[0].Score, 75)
	approx(t, "Bravo dependency risk", b.Dimensions[1].Score, 87.5)
	approx(t, "Bravo overall", b.Overall, 50)
	approx(t, "Bravo fit coverage", &b.Dimensions[0].Coverage, 0.75)
	// overall coverage = 0.6*0.75 + 0.4*1 = 0.85
	approx(t, "Bravo coverage", &b.Coverage, 0.85)
	if len(b.Knockouts) != 1 || b.Knockouts[0].Question != "exit" || b.Knockouts[0].Reason != "No way out." {
		t.Errorf("Bravo knockouts: got %+v", b.Knockouts)
	}
	if len(b.Contradictions) != 1 || b.Contradictions[0].Rule != "stack" || b.Contradictions[0].Quote != "We move you onto our standard stack." {
		t.Errorf("Bravo contradictions: got %+v", b.Contradictions)
	}
	if b.RedFlags != 1 || a.RedFlags != 0 {
		t.Errorf("red flags: got Alpha %d, Bravo %d; want 0 and 1", a.RedFlags, b.RedFlags)
	}
	for _, as := range b.Answers {
		if as.Question == "notes" && (as.Score != nil || as.Source != SourceUnscored) {
			t.Errorf("an unrated text answer: got %+v, want unscored", as)
		}
	}
	// The contributions add up to the dimension's mean.
	sum := 0.0
	for _, c := range a.Dimensions[0].Contributions {
		sum += c.Points
	}
	approx(t, "Alpha fit contributions", &sum, 81.25)
}

func TestKnockoutRanksBelowEveryoneElse(t *testing.T) {
	q := tinyQ(t)
	strongButOut := Candidate{ID: "x", Name: "Xenon", Answers: map[string]questions.Answer{
		"role": {Choice: s("reinforce")}, "tools": {Choices: []string{"siem", "rmm"}}, "exit": {Scale: n(1)}}}
	weak := Candidate{ID: "y", Name: "Yew", Answers: map[string]questions.Answer{
		"role": {Choice: s("replace")}, "tools": {Choices: []string{"none"}}, "exit": {Scale: n(2)}}}
	res, err := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{strongButOut, weak}})
	if err != nil {
		t.Fatal(err)
	}
	if res.Candidates[0].ID != "y" || res.Candidates[1].ID != "x" {
		t.Fatalf("got %s then %s, want the knocked-out candidate last", res.Candidates[0].ID, res.Candidates[1].ID)
	}
	if *res.Candidates[1].Overall <= *res.Candidates[0].Overall {
		t.Errorf("test premise: the knocked-out candidate should score higher")
	}
	if res.Sensitivity.Swap == nil || res.Sensitivity.Swap.Reachable {
		t.Errorf("no weighting can lift a knockout: got %+v", res.Sensitivity.Swap)
	}
}

func TestTiesAreBrokenByCoverageThenName(t *testing.T) {
	q := tinyQ(t)
	same := map[string]questions.Answer{"role": {Choice: s("partly")}, "exit": {Scale: n(3)}}
	more := map[string]questions.Answer{"role": {Choice: s("partly")}, "exit": {Scale: n(3)}, "notes": {Text: s("x")}}
	res, err := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{
		{ID: "3", Name: "charlie", Answers: same},
		{ID: "2", Name: "Bravo", Answers: same},
		{ID: "1", Name: "Alpha", Answers: more, Ratings: map[string][]Rating{"notes": {{Evaluator: "e", Score: 2}}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range res.Candidates {
		got = append(got, c.Name)
	}
	// All three score 50 overall; Alpha has more coverage; Bravo before charlie by name.
	want := []string{"Alpha", "Bravo", "charlie"}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("order: got %v, want %v", got, want)
		}
	}
}

func TestUnscoredIsNotZero(t *testing.T) {
	q := tinyQ(t)
	res, err := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{
		{ID: "a", Name: "A", Answers: map[string]questions.Answer{"role": {Choice: s("reinforce")}, "notes": {Text: s("long text")}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	c := res.Candidates[0]
	approx(t, "fit with an unrated text", c.Dimensions[0].Score, 100)
	approx(t, "fit coverage", &c.Dimensions[0].Coverage, 0.5)
	if c.Dimensions[1].Score != nil || c.Dimensions[1].Coverage != 0 {
		t.Errorf("dependency risk with nothing scored: got %+v, want no score", c.Dimensions[1])
	}
	// Only fit is scored, so the overall is fit alone; coverage 0.6*0.5 = 0.3.
	approx(t, "overall", c.Overall, 100)
	approx(t, "coverage", &c.Coverage, 0.3)
	if c.Confidence != ConfidenceLow {
		t.Errorf("confidence on 30 %% coverage: got %s, want low", c.Confidence)
	}
}

func TestSensitivityOnAHandExample(t *testing.T) {
	q := tinyQ(t)
	// Fit-strong: fit 100, risk 100 (dependency mean 0). Risk-strong: fit 0, risk 0.
	fitStrong := Candidate{ID: "f", Name: "Fit", Answers: map[string]questions.Answer{
		"role": {Choice: s("reinforce")}, "tools": {Choices: []string{"none"}}, "exit": {Scale: n(1)}}}
	riskStrong := Candidate{ID: "r", Name: "Risk", Answers: map[string]questions.Answer{
		"role": {Choice: s("replace")}, "exit": {Scale: n(5)}}}
	// The knockout on exit would decide it; lift it with a rating of 1.
	fitStrong.Ratings = map[string][]Rating{"exit": {{Evaluator: "e", Score: 1}}}
	res, err := Evaluate(Input{Questionnaire: q, Weights: map[string]float64{"fit": 60, "dependency_risk": 40}, Candidates: []Candidate{riskStrong, fitStrong}})
	if err != nil {
		t.Fatal(err)
	}
	// fitStrong: fit 25*(2*4+1*0)/3 = 66.67; dependency mean 25*(0+1)/2 = 12.5 -> risk 87.5, good 12.5
	// riskStrong: fit 0 (role 0; tools unanswered); dependency mean 25*4/1 = 100 -> risk 0, good 100
	// overall(w) = w*66.67 + (1-w)*12.5 vs (1-w)*100: fitStrong wins when w > 87.5/154.17 = 0.5676
	// On the 5 % grid (21 weightings), fit = 60..100 %: 9 weightings.
	first := map[string]float64{}
	for _, c := range res.Candidates {
		first[c.ID] = c.FirstShare
	}
	approx(t, "fit-strong first share", ptr(first["f"]), 9.0/21)
	approx(t, "risk-strong first share", ptr(first["r"]), 12.0/21)
	if res.Candidates[0].ID != "f" {
		t.Fatalf("at 60/40 the fit-strong candidate leads: got %s", res.Candidates[0].ID)
	}
	sw := res.Sensitivity.Swap
	if sw == nil || !sw.Reachable || sw.Moved != 5 || sw.Weights["fit"] != 55 {
		t.Errorf("swap: got %+v, want 5 points moved to fit 55", sw)
	}
}

func TestBadWeightsAreRefused(t *testing.T) {
	q := tinyQ(t)
	for _, w := range []map[string]float64{{"fit": 0, "dependency_risk": 0}, {"price": 10}, {"fit": -1, "dependency_risk": 5}} {
		if _, err := Evaluate(Input{Questionnaire: q, Weights: w}); err == nil {
			t.Errorf("weights %v were accepted", w)
		}
	}
}
