package frontend

import (
	"strings"
	"testing"

	"mspeval/scoring"
)

// A tie for first is called a tie, never a lead.
func TestLeaderSentence(t *testing.T) {
	ninety, eighty := 90.0, 80.0
	tied := scoring.Result{Candidates: []scoring.CandidateResult{
		{Name: "Alpha", Rank: 1, Tied: true, Overall: &ninety, FirstShare: 0.5},
		{Name: "Beta", Rank: 1, Tied: true, Overall: &ninety, FirstShare: 0.5},
		{Name: "Gamma", Rank: 3, Overall: &eighty},
	}, Sensitivity: scoring.Sensitivity{Note: "Alpha and Beta are tied for first"}}
	got := leaderSentence(tied)
	if !strings.Contains(got, "Alpha and Beta are tied for first") || strings.Contains(got, "ranks first") {
		t.Errorf("a tie: got %q", got)
	}
	lead := scoring.Result{Candidates: []scoring.CandidateResult{{Name: "Alpha", Rank: 1, Overall: &ninety, FirstShare: 0.8}},
		Sensitivity: scoring.Sensitivity{Note: "no weighting puts anyone else first"}}
	if got := leaderSentence(lead); !strings.Contains(got, "Alpha ranks first under 80 % of weightings") {
		t.Errorf("a lead: got %q", got)
	}
	if got := leaderSentence(scoring.Result{}); got != "" {
		t.Errorf("no candidates: got %q", got)
	}
}
