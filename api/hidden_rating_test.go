package api_test

import (
	"strings"
	"testing"

	"mspeval/store/storetest"
)

// TestRatingAHiddenQuestionIsRefused pins that a question the candidate's
// answers hide cannot be rated: the rating would be stored and count
// nowhere. The refusal names the question and says when it is asked; once
// the earlier answer shows the question again, it can be rated.
func TestRatingAHiddenQuestionIsRefused(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		token, candID := publishConditional(t, f)
		save := func(answers map[string]any) {
			t.Helper()
			e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + token + "/answers", Body: map[string]any{"answers": answers}})
		}
		rate := func(want int, question string) response {
			t.Helper()
			return e.must(want, request{Method: "PUT", Path: "/api/v1/candidates/" + candID + "/ratings/" + question, As: "editorA",
				Body: map[string]any{"score": 3}})
		}
		// team_size is answered while shown, then hidden by has_team = no.
		save(map[string]any{"has_team": map[string]any{"choice": "yes"}, "team_size": map[string]any{"scale": 4}})
		save(map[string]any{"has_team": map[string]any{"choice": "no"}})

		p := rate(409, "team_size").problem(t)
		for _, want := range []string{"team_size", "not asked of this candidate", "asked only when"} {
			if !strings.Contains(p.Detail, want) {
				t.Errorf("detail: got %q, want it to contain %q", p.Detail, want)
			}
		}
		var sum struct{ Count int }
		e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + candID + "/ratings/team_size", As: "editorA"}).decode(t, &sum)
		if sum.Count != 0 {
			t.Errorf("ratings of the hidden question: got %d, want 0 (nothing stored)", sum.Count)
		}
		rate(200, "has_team")

		// Shown again, the kept answer can be rated.
		save(map[string]any{"has_team": map[string]any{"choice": "yes"}})
		rate(200, "team_size")
	})
}
