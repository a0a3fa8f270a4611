package scoring

import (
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"testing"

	"mspeval/questions"
)

// conditional loads questions/testdata/conditional.yaml: team_size (with a
// knockout) shows when has_team is yes, handback when model is replace, and
// the section with escalation when has_team is yes.
func conditional(t *testing.T) *questions.Questionnaire {
	t.Helper()
	data, err := os.ReadFile("../questions/testdata/conditional.yaml")
	if err != nil {
		t.Fatal(err)
	}
	q, err := questions.Parse("conditional.yaml", data)
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// unconditional is the same questionnaire with every condition taken away.
func unconditional(t *testing.T) *questions.Questionnaire {
	q := conditional(t)
	for si := range q.Sections {
		q.Sections[si].ShowIf = nil
		for qi := range q.Sections[si].Questions {
			q.Sections[si].Questions[qi].ShowIf = nil
		}
	}
	return q
}

func chose(s string) questions.Answer { return questions.Answer{Choice: &s} }

func TestHiddenQuestionsCountNowhere(t *testing.T) {
	q := conditional(t)
	one, text := 1, "We'll handle it: we take the whole thing off your hands."
	c := Candidate{ID: "c1", Name: "Answered, then changed",
		Answers: map[string]questions.Answer{
			"has_team": chose("no"), "model": chose("alongside"), "docs": chose("client"),
			// Kept from before has_team and model changed: both are hidden now.
			"team_size": {Scale: &one}, "handback": {Text: &text}, "escalation": chose("ticket"),
		},
		Ratings: map[string][]Rating{"team_size": {{Evaluator: "e1", Score: 0}, {Evaluator: "e2", Score: 0}, {Evaluator: "e3", Score: 2}},
			"handback": {{Evaluator: "e1", Score: 0}}},
	}
	res, err := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{c}})
	if err != nil {
		t.Fatal(err)
	}
	r := res.Candidates[0]
	for _, a := range r.Answers {
		hidden := a.Question == "team_size" || a.Question == "handback" || a.Question == "escalation"
		if hidden && (a.Source != SourceNotAsked || a.Score != nil || len(a.Ratings) != 0 || a.Evidence != nil) {
			t.Errorf("%s: got %+v, want not asked and unscored", a.Question, a)
		}
		if !hidden && a.Source == SourceNotAsked {
			t.Errorf("%s is not asked, but its condition holds", a.Question)
		}
	}
	t.Run("NoKnockoutDisagreementOrSignal", func(t *testing.T) {
		if len(r.Knockouts) != 0 || len(r.Disagreements) != 0 || len(r.Signals) != 0 || r.RedFlags != 0 {
			t.Errorf("knockouts %v, disagreements %v, signals %v", r.Knockouts, r.Disagreements, r.Signals)
		}
	})
	t.Run("CoverageLeavesThemOut", func(t *testing.T) {
		// fit: has_team and model are asked and scored; team_size and
		// escalation are not asked. dependency risk: docs scored, notes
		// unanswered, handback not asked.
		want := map[string]float64{"fit": 1, "dependency_risk": 0.5}
		for _, d := range r.Dimensions {
			if math.Abs(d.Coverage-want[d.Key]) > 1e-9 {
				t.Errorf("%s coverage: got %g, want %g", d.Key, d.Coverage, want[d.Key])
			}
		}
		if got, want := r.Coverage, 0.6*1+0.4*0.5; math.Abs(got-want) > 1e-9 {
			t.Errorf("coverage: got %g, want %g", got, want)
		}
		// fit is 25 × (2·1 + 4·1) / 2: "no" scores 2, "alongside" 4.
		if fit := r.Dimensions[0].Score; fit == nil || math.Abs(*fit-75) > 1e-9 {
			t.Errorf("fit: got %v, want 75", fit)
		}
	})
	t.Run("ShownTheSameAnswersCount", func(t *testing.T) {
		c.Answers["has_team"] = chose("yes")
		res, _ := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{c}})
		r := res.Candidates[0]
		if len(r.Knockouts) != 1 || r.Knockouts[0].Question != "team_size" {
			t.Errorf("knockouts once team_size shows: got %+v", r.Knockouts)
		}
		if len(r.Disagreements) != 1 {
			t.Errorf("disagreements once team_size shows: got %v", r.Disagreements)
		}
	})
}

// hideFrom is a copy of the candidate whose hidden questions hold other
// answers and ratings (or none): what a respondent may leave behind.
func hideFrom(r *rand.Rand, q *questions.Questionnaire, c Candidate) Candidate {
	shown := q.Visibility(c.Answers)
	out := Candidate{ID: c.ID, Name: c.Name, Answers: map[string]questions.Answer{}, Ratings: map[string][]Rating{}}
	for k, a := range c.Answers {
		out.Answers[k] = a
	}
	for k, rs := range c.Ratings {
		out.Ratings[k] = rs
	}
	for _, qq := range q.Questions() {
		if shown.Shows(qq.Key) {
			continue
		}
		switch r.IntN(3) {
		case 0:
			delete(out.Answers, qq.Key)
			delete(out.Ratings, qq.Key)
		case 1:
			text := "We'll handle everything."
			v := qq.Scale
			a := questions.Answer{Text: &text}
			if v != nil {
				a = questions.Answer{Scale: &v.Min}
			} else if len(qq.Options) > 0 {
				a = chose(qq.Options[len(qq.Options)-1].Key)
			}
			out.Answers[qq.Key] = a
			out.Ratings[qq.Key] = []Rating{{Evaluator: "e9", Score: 0}, {Evaluator: "e8", Score: 4}}
		}
	}
	return out
}

// denominators is, per dimension, the question weight a candidate's coverage
// is a share of.
func denominators(c CandidateResult) map[string]float64 {
	out := map[string]float64{}
	for _, d := range c.Dimensions {
		for _, ct := range d.Contributions {
			if ct.Source != SourceNotAsked {
				out[d.Key] += ct.Weight
			}
		}
	}
	return out
}

func TestPropertyHiddenQuestions(t *testing.T) {
	q, open := conditional(t), unconditional(t)
	r := rand.New(rand.NewPCG(11, 12))
	for run := 0; run < propertyRuns; run++ {
		in := genInput(r, q, 3)
		in.TextScoring = r.IntN(2) == 0
		got, err := Evaluate(in)
		if err != nil {
			t.Fatal(err)
		}
		all := in
		all.Questionnaire = open
		base, err := Evaluate(all)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]CandidateResult{}
		for _, c := range base.Candidates {
			byID[c.ID] = c
		}
		for _, c := range got.Candidates {
			shown, asked := denominators(c), denominators(byID[c.ID])
			for k, w := range shown {
				if w > asked[k]+1e-9 {
					t.Fatalf("run %d, %s, %s: hiding raised the denominator from %g to %g", run, c.ID, k, asked[k], w)
				}
			}
		}

		// Whatever hidden questions hold, the result is the same.
		changed := in
		changed.Candidates = nil
		for _, c := range in.Candidates {
			changed.Candidates = append(changed.Candidates, hideFrom(r, q, c))
		}
		again, err := Evaluate(changed)
		if err != nil {
			t.Fatal(err)
		}
		for i := range got.Candidates {
			a, b := got.Candidates[i], again.Candidates[i]
			if !reflect.DeepEqual(a.Overall, b.Overall) || a.Coverage != b.Coverage || !reflect.DeepEqual(a.Dimensions, b.Dimensions) ||
				!reflect.DeepEqual(a.Knockouts, b.Knockouts) || !reflect.DeepEqual(a.Signals, b.Signals) ||
				!reflect.DeepEqual(a.Disagreements, b.Disagreements) {
				t.Fatalf("run %d, %s: what hidden questions hold changed the result:\n got %+v\nwant %+v", run, a.ID, b, a)
			}
		}
	}
}
