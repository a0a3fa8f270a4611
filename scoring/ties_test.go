package scoring

import (
	"math"
	"reflect"
	"strings"
	"testing"

	"mspeval/questions"
)

// roleOnly answers tiny with one option and the exit scale, so that fit and
// dependency risk are known: fit = 25 * role score, dependency mean = 25 * exit.
func roleOnly(id, name, choice string, exit int) Candidate {
	return Candidate{ID: id, Name: name, Answers: map[string]questions.Answer{
		"role": {Choice: s(choice)}, "exit": {Scale: n(exit)}}}
}

func TestTiesShareARank(t *testing.T) {
	q := tinyQ(t)
	// Overall at 60/40: fit 25*role, risk mean 25*4*(exit-1)/4.
	// a: role 2 (fit 50), exit 3 (mean 50): 50. b: rated 2.02 for role: fit
	// 50.5, overall 50.3 -> within 0.5 of a. c: role 0, exit 5: 40.
	res, err := Evaluate(Input{Questionnaire: q, Weights: map[string]float64{"fit": 60, "dependency_risk": 40}, Candidates: []Candidate{
		roleOnly("a", "Alpha", "partly", 3),
		func() Candidate {
			c := roleOnly("b", "Bravo", "partly", 3)
			c.Ratings = map[string][]Rating{"role": {{Evaluator: "e", Score: 2.02}}}
			return c
		}(),
		roleOnly("c", "Charlie", "replace", 5),
	}})
	if err != nil {
		t.Fatal(err)
	}
	var ranks []int
	var ids []string
	for _, c := range res.Candidates {
		ranks = append(ranks, c.Rank)
		ids = append(ids, c.ID)
	}
	if !reflect.DeepEqual(ranks, []int{1, 1, 3}) || !reflect.DeepEqual(ids, []string{"b", "a", "c"}) {
		t.Fatalf("got %v ranked %v, want b a c ranked 1 1 3", ids, ranks)
	}
	b, a, c := res.Candidates[0], res.Candidates[1], res.Candidates[2]
	if !a.Tied || !b.Tied || c.Tied || !reflect.DeepEqual(b.TiedWith, []string{"a"}) || !reflect.DeepEqual(a.TiedWith, []string{"b"}) {
		t.Errorf("tied: got a %v %v, b %v %v, c %v", a.Tied, a.TiedWith, b.Tied, b.TiedWith, c.Tied)
	}
	if res.TieTolerance != TieTolerance || !strings.Contains(res.TieBreak, "within 0.5 points") {
		t.Errorf("the tie rule must be stated: got %q, tolerance %v", res.TieBreak, res.TieTolerance)
	}
	t.Run("SensitivityNamesNoSoleLeader", func(t *testing.T) {
		sn := res.Sensitivity
		if !reflect.DeepEqual(sn.TiedLeaders, []string{"b", "a"}) || !strings.HasPrefix(sn.Note, "Bravo and Alpha are tied for first") {
			t.Errorf("got leaders %v, note %q", sn.TiedLeaders, sn.Note)
		}
		if b.FirstShare >= 0.99 || a.FirstShare == 0 {
			t.Errorf("first shares: got b %.3f, a %.3f; a tie gives no one every weighting", b.FirstShare, a.FirstShare)
		}
	})
}

func TestIdenticalCandidatesSplitFirstPlace(t *testing.T) {
	q := tinyQ(t)
	var cs []Candidate
	for _, id := range []string{"x", "y", "z"} {
		cs = append(cs, roleOnly(id, strings.ToUpper(id), "partly", 3))
	}
	res, err := Evaluate(Input{Questionnaire: q, Candidates: cs})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Candidates {
		if c.Rank != 1 || !c.Tied || len(c.TiedWith) != 2 {
			t.Errorf("%s: got rank %d tied %v with %v, want rank 1 tied with the other two", c.ID, c.Rank, c.Tied, c.TiedWith)
		}
		if math.Abs(c.FirstShare-1.0/3) > 1e-9 {
			t.Errorf("%s: first share %.4f, want a third: nobody ranks first alone", c.ID, c.FirstShare)
		}
	}
	if strings.Contains(res.Sensitivity.Note, "100 %") || !strings.Contains(res.Sensitivity.Note, "tied for first") {
		t.Errorf("note: got %q", res.Sensitivity.Note)
	}
}

func TestAClearLeadIsNoTie(t *testing.T) {
	q := tinyQ(t)
	res, err := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{
		roleOnly("a", "A", "reinforce", 5), roleOnly("b", "B", "partly", 3)}})
	if err != nil {
		t.Fatal(err)
	}
	if a := res.Candidates[0]; a.ID != "a" || a.Rank != 1 || a.Tied || len(res.Sensitivity.TiedLeaders) != 0 {
		t.Errorf("got %+v, want a alone first", a)
	}
	if strings.Contains(res.Sensitivity.Note, "tied") {
		t.Errorf("note: got %q", res.Sensitivity.Note)
	}
}
