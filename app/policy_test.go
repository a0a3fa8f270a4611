package app

import (
	"testing"

	"mspeval"
	"mspeval/scoring"
)

func TestSummarizeHonoursBlindRatings(t *testing.T) {
	rs := []mspeval.Rating{{QuestionKey: "q", EvaluatorID: "ed1", Score: 4, Note: "Strong."}, {QuestionKey: "q", EvaluatorID: "ed2", Score: 1}}
	blind := mspeval.Evaluation{BlindRatings: true}
	cases := []struct {
		name       string
		ev         mspeval.Evaluation
		caller     mspeval.Caller
		wantHidden bool
	}{
		{"OwnerWhoHasNotRatedSeesOnlyTheCount", blind, mspeval.Caller{UserID: "own", Role: mspeval.RoleOwner}, true},
		{"EditorWhoHasNotRatedSeesOnlyTheCount", blind, mspeval.Caller{UserID: "ed3", Role: mspeval.RoleEditor}, true},
		{"EditorWhoRatedSeesEverything", blind, mspeval.Caller{UserID: "ed1", Role: mspeval.RoleEditor}, false},
		{"ViewerSeesEverything", blind, mspeval.Caller{UserID: "v", Role: mspeval.RoleViewer}, false},
		{"OpenRatings", mspeval.Evaluation{}, mspeval.Caller{UserID: "ed3", Role: mspeval.RoleEditor}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			sum := Summarize("q", rs, tc.ev, tc.caller)
			if sum.Hidden != tc.wantHidden || sum.Count != 2 {
				t.Fatalf("hidden %v, count %d; want hidden %v, count 2", sum.Hidden, sum.Count, tc.wantHidden)
			}
			if tc.wantHidden && (len(sum.Ratings) != 0 || sum.Consensus != nil || sum.Spread != nil || sum.Disagreement) {
				t.Errorf("hidden ratings leak: %+v", sum)
			}
			if !tc.wantHidden && (len(sum.Ratings) != 2 || sum.Consensus == nil || *sum.Consensus != 2.5 || !sum.Disagreement) {
				t.Errorf("visible ratings: got %+v, want both, consensus 2.5 and a disagreement", sum)
			}
		})
	}
}

func TestHideRatingsTakesOutOnlyWhatTheCallerMayNotSee(t *testing.T) {
	in := scoring.Input{Candidates: []scoring.Candidate{
		{ID: "a", Ratings: map[string][]scoring.Rating{"q1": {{Evaluator: "ed1", Score: 4}}, "q2": {{Evaluator: "ed2", Score: 0}, {Evaluator: "ed1", Score: 1}}}},
		{ID: "b", Ratings: map[string][]scoring.Rating{"q1": {{Evaluator: "ed1", Score: 0}}}},
	}}
	rated := map[string]bool{"a/q2": true} // ed2 rated a's q2 only
	ed2 := mspeval.Caller{UserID: "ed2", Role: mspeval.RoleEditor}
	hidden := hideRatings(&in, mspeval.Evaluation{BlindRatings: true}, ed2, rated)
	if hidden["a"] != 1 || hidden["b"] != 1 {
		t.Errorf("hidden answers: got %v, want a:1 b:1", hidden)
	}
	if _, ok := in.Candidates[0].Ratings["q1"]; ok {
		t.Error("a's q1, which ed2 has not rated, still carries ed1's rating")
	}
	if len(in.Candidates[0].Ratings["q2"]) != 2 {
		t.Error("a's q2, which ed2 rated, lost its ratings")
	}
	if len(in.Candidates[1].Ratings) != 0 {
		t.Error("b's q1 still carries ed1's rating")
	}
	viewerIn := scoring.Input{Candidates: []scoring.Candidate{{ID: "a", Ratings: map[string][]scoring.Rating{"q1": {{Evaluator: "ed1", Score: 4}}}}}}
	if h := hideRatings(&viewerIn, mspeval.Evaluation{BlindRatings: true}, mspeval.Caller{Role: mspeval.RoleViewer}, nil); len(h) != 0 || len(viewerIn.Candidates[0].Ratings) != 1 {
		t.Errorf("a viewer lost ratings: %v", h)
	}
}
