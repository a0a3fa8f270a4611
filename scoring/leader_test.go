package scoring_test

import (
	"strings"
	"testing"

	"mspeval/scoring"
)

func TestLeaderSentence(t *testing.T) {
	score := func(v float64) *float64 { return &v }
	knockout := []scoring.Knockout{{Question: "exit", MinScore: 1, Score: score(0), Reason: "Leaving must be possible."}}
	for _, tc := range []struct {
		name      string
		res       scoring.Result
		want      []string
		dontWant  []string
		wantEmpty bool
	}{
		{name: "NoCandidatesSayNothing", res: scoring.Result{}, wantEmpty: true},
		{name: "ALeadSaysHowFirmly",
			res: scoring.Result{Candidates: []scoring.CandidateResult{{Name: "Alpha", Rank: 1, Overall: score(90), FirstShare: 0.8}},
				Sensitivity: scoring.Sensitivity{Note: "no weighting puts anyone else first"}},
			want: []string{"Alpha ranks first under 80 % of weightings. No weighting puts anyone else first."}},
		{name: "ATieIsNeverALead",
			res: scoring.Result{Candidates: []scoring.CandidateResult{
				{Name: "Alpha", Rank: 1, Tied: true, Overall: score(90), FirstShare: 0.5},
				{Name: "Beta", Rank: 1, Tied: true, Overall: score(89.8), FirstShare: 0.5},
				{Name: "Gamma", Rank: 3, Overall: score(80)},
			}, Sensitivity: scoring.Sensitivity{Note: "moving 10 percentage points of weight puts Beta ahead of Alpha"}},
			want:     []string{"Alpha and Beta are tied for first: their overall scores are within 0.5 points."},
			dontWant: []string{"ranks first"}},
		{name: "ATieIsSaidOnce",
			res: scoring.Result{Candidates: []scoring.CandidateResult{
				{Name: "Alpha", Rank: 1, Tied: true, Overall: score(90)}, {Name: "Beta", Rank: 1, Tied: true, Overall: score(90)},
			}, Sensitivity: scoring.Sensitivity{Note: "Alpha and Beta are tied for first (overall scores within 0.5 points); no weighting on the 5 % grid puts Beta ahead of Alpha"}},
			want: []string{"Alpha and Beta are tied for first (overall scores within 0.5 points); no weighting"}},
		{name: "AHigherScoreBelowTheLeaderIsExplainedByItsKnockout",
			res: scoring.Result{Candidates: []scoring.CandidateResult{
				{Name: "Alpha", Rank: 1, Overall: score(61.2), FirstShare: 1},
				{Name: "Beta", Rank: 2, Overall: score(84), Knockouts: knockout},
				{Name: "Gamma", Rank: 3, Overall: score(40), Knockouts: knockout},
			}, Sensitivity: scoring.Sensitivity{Note: "no weighting on the 5 % grid puts Beta ahead of Alpha"}},
			want:     []string{"Beta scores higher overall (84.0 against 61.2) but ranks below Alpha because of a knockout (an answer under its question's minimum)."},
			dontWant: []string{"Gamma scores higher"}},
		{name: "SeveralKnockoutsAreCounted",
			res: scoring.Result{Candidates: []scoring.CandidateResult{
				{Name: "Alpha", Rank: 1, Overall: score(50), FirstShare: 1},
				{Name: "Beta", Rank: 2, Overall: score(70), Knockouts: append(knockout, knockout...)},
			}},
			want: []string{"because of 2 knockouts"}},
		{name: "EveryCandidateKnockedOutIsSaid",
			res: scoring.Result{Candidates: []scoring.CandidateResult{
				{Name: "Alpha", Rank: 1, Overall: score(70), FirstShare: 1, Knockouts: knockout},
				{Name: "Beta", Rank: 2, Overall: score(60), Knockouts: knockout},
			}},
			want: []string{"Every candidate has a knockout", "Alpha ranks first under 100 % of weightings."}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := scoring.LeaderSentence(tc.res)
			if tc.wantEmpty {
				if got != "" {
					t.Errorf("got %q, want nothing", got)
				}
				return
			}
			for _, w := range tc.want {
				if !strings.Contains(got, w) {
					t.Errorf("got %q, want it to say %q", got, w)
				}
			}
			for _, w := range tc.dontWant {
				if strings.Contains(got, w) {
					t.Errorf("got %q, want it not to say %q", got, w)
				}
			}
			if strings.Count(got, "tied for first") > 1 {
				t.Errorf("got %q: the tie is said twice", got)
			}
		})
	}
}
