package api_test

import (
	"testing"

	"mspeval"
	"mspeval/store/storetest"
)

func TestBlindRatingsThroughTheAPI(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		ratingPath := "/api/v1/candidates/" + f.ids["candA"] + "/ratings/role_alongside_internal_it"
		e.must(200, request{Method: "PUT", Path: "/api/v1/candidates/" + f.ids["candA"] + "/answers", As: "ownerA",
			Body: map[string]any{"answers": map[string]any{"role_alongside_internal_it": map[string]any{"choice": "reinforce_internal_team", "text": "We add depth."}}}})
		e.must(200, request{Method: "PATCH", Path: "/api/v1/evaluations/" + f.ids["evA"], As: "ownerA", Body: map[string]any{"blind_ratings": true}})
		for _, email := range []string{"ed1@a.example", "ed2@a.example"} {
			e.must(201, request{Method: "POST", Path: "/api/v1/members", As: "ownerA", Body: map[string]string{"email": email, "role": "editor", "password": storetest.Password}})
		}
		signInAs(t, e, "ed1", "ed1@a.example")
		signInAs(t, e, "ed2", "ed2@a.example")

		e.must(200, request{Method: "PUT", Path: ratingPath, As: "ed1", Body: map[string]any{"score": 4, "note": "Strong."}})
		// ed2 has no rating of its own to withdraw.
		e.must(404, request{Method: "DELETE", Path: ratingPath, As: "ed2"})

		var sum mspeval.RatingSummary
		e.must(200, request{Method: "GET", Path: ratingPath, As: "ed2"}).decode(t, &sum)
		if !sum.Hidden || len(sum.Ratings) != 0 || sum.Consensus != nil || sum.Count != 1 {
			t.Errorf("an editor who has not rated: got %+v, want hidden ratings and no consensus", sum)
		}
		e.must(200, request{Method: "GET", Path: ratingPath, As: "ownerA"}).decode(t, &sum)
		if !sum.Hidden || len(sum.Ratings) != 0 || sum.Consensus == nil || *sum.Consensus != 4 {
			t.Errorf("an owner who has not rated: got %+v, want hidden ratings but the consensus", sum)
		}
		e.must(200, request{Method: "GET", Path: ratingPath, As: "viewerA"}).decode(t, &sum)
		if sum.Hidden || len(sum.Ratings) != 1 {
			t.Errorf("a viewer (who never rates) under blind ratings: got %+v, want the ratings", sum)
		}
		var score struct {
			Result struct {
				Withheld bool
				Overall  *float64
				Answers  []struct {
					Question  string
					Source    string
					Score     *float64
					Consensus *float64
				}
			}
		}
		e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + f.ids["candA"] + "/score", As: "ed2"}).decode(t, &score)
		for _, a := range score.Result.Answers {
			if a.Question == "role_alongside_internal_it" && (a.Source != "hidden" || a.Score != nil || a.Consensus != nil) {
				t.Errorf("the score explanation before rating: got %+v, want the consensus hidden", a)
			}
		}
		if !score.Result.Withheld || score.Result.Overall != nil {
			t.Errorf("an editor who has not rated: withheld %v, overall %v; want the totals withheld", score.Result.Withheld, score.Result.Overall)
		}

		e.must(200, request{Method: "PUT", Path: ratingPath, As: "ed2", Body: map[string]any{"score": 1}}).decode(t, &sum)
		if sum.Hidden || len(sum.Ratings) != 2 || sum.Consensus == nil || *sum.Consensus != 2.5 || !sum.Disagreement {
			t.Errorf("after rating: got %+v, want both ratings, consensus 2.5 and a disagreement", sum)
		}
		e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + f.ids["candA"] + "/score", As: "ed2"}).decode(t, &score)
		for _, a := range score.Result.Answers {
			if a.Question == "role_alongside_internal_it" && (a.Source != "consensus" || a.Score == nil || *a.Score != 2.5) {
				t.Errorf("the score explanation after rating: got %+v, want the consensus 2.5", a)
			}
		}
		// Without blind ratings everyone sees everything.
		e.must(200, request{Method: "PATCH", Path: "/api/v1/evaluations/" + f.ids["evA"], As: "ownerA", Body: map[string]any{"blind_ratings": false}})
		e.must(200, request{Method: "GET", Path: ratingPath, As: "viewerA"}).decode(t, &sum)
		if sum.Hidden || len(sum.Ratings) != 2 {
			t.Errorf("open ratings as a viewer: got %+v", sum)
		}
	})
}

func signInAs(t *testing.T, e *env, name, email string, password ...string) {
	t.Helper()
	pw := storetest.Password
	if len(password) > 0 {
		pw = password[0]
	}
	r := e.must(201, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": email, "password": pw}})
	for _, ck := range r.cookies() {
		if ck.Name == "mspeval_session" {
			e.auth[name] = map[string][]string{"Cookie": {ck.Name + "=" + ck.Value}}
		}
	}
}
