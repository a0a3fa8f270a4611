package store_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestComparisonDataIsKeptButNeverStale: the second read of an evaluation's
// scoring data reuses what the first read (no answers or ratings queries),
// and every kind of change shows at once: a rating set, changed or withdrawn,
// an answer changed, an evaluator renamed, a candidate removed. What a kept
// read returns equals what a store with nothing kept returns.
func TestComparisonDataIsKeptButNeverStale(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		var heavy atomic.Int64
		s := storetest.OpenWith(t, dsn, store.Options{OnQuery: func(sql string) {
			if strings.Contains(sql, "string_agg") {
				heavy.Add(1)
			}
		}})
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		ev, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
		q, _ := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		var ids []string
		for i := 0; i < 3; i++ {
			c, _ := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: fmt.Sprintf("MSP %d", i)})
			if _, err := s.SaveAnswers(ctx, owner, c.ID, storetest.CompleteAnswers(q)); err != nil {
				t.Fatal(err)
			}
			ids = append(ids, c.ID)
		}
		key := q.Questions()[0].Key
		if err := s.PutRating(ctx, owner, ids[0], key, 3, "solid"); err != nil {
			t.Fatal(err)
		}
		fresh := func() store.ScoringData {
			t.Helper()
			other := storetest.OpenWith(t, dsn, store.Options{})
			d, err := other.ScoringData(ctx, owner, ev.ID)
			if err != nil {
				t.Fatal(err)
			}
			other.Close()
			return d
		}
		read := func(what string) store.ScoringData {
			t.Helper()
			d, err := s.ScoringData(ctx, owner, ev.ID)
			if err != nil {
				t.Fatal(err)
			}
			if want := fresh(); !reflect.DeepEqual(d.Input.Candidates, want.Input.Candidates) {
				t.Fatalf("%s: the kept data differs from a fresh read:\n got %+v\nwant %+v", what, d.Input.Candidates, want.Input.Candidates)
			}
			return d
		}
		ratingOf := func(d store.ScoringData) []float64 {
			var out []float64
			for _, r := range d.Input.Candidates[0].Ratings[key] {
				out = append(out, r.Score)
			}
			return out
		}

		read("first read")
		before := heavy.Load()
		d := read("second read")
		if heavy.Load() != before {
			t.Errorf("the second read queried the answers and ratings again")
		}
		if got := ratingOf(d); len(got) != 1 || got[0] != 3 {
			t.Fatalf("rating: %v", got)
		}

		if err := s.PutRating(ctx, owner, ids[0], key, 1, "changed my mind"); err != nil {
			t.Fatal(err)
		}
		if got := ratingOf(read("after a changed rating")); len(got) != 1 || got[0] != 1 {
			t.Errorf("after a changed rating: %v", got)
		}
		storetest.Exec(t, dsn, "UPDATE users SET name = 'Renamed Evaluator' WHERE email = 'owner@example.com'")
		if d := read("after a rename"); d.Input.Candidates[0].Ratings[key][0].Name != "Renamed Evaluator" {
			t.Errorf("after a rename: %+v", d.Input.Candidates[0].Ratings[key])
		}
		if err := s.DeleteRating(ctx, owner, ids[0], key); err != nil {
			t.Fatal(err)
		}
		if got := ratingOf(read("after a withdrawn rating")); len(got) != 0 {
			t.Errorf("after a withdrawn rating: %v", got)
		}
		text := "A changed answer"
		textKey := ""
		for _, qq := range q.Questions() {
			if qq.Text != nil || qq.Type == "text" {
				textKey = qq.Key
				break
			}
		}
		set := storetest.CompleteAnswers(q)
		set[textKey].Text = &text
		if _, err := s.SaveAnswers(ctx, owner, ids[1], set); err != nil {
			t.Fatal(err)
		}
		if got := read("after a changed answer").Input.Candidates[1].Answers[textKey].Text; got == nil || *got != text {
			t.Errorf("after a changed answer: %v", got)
		}
		if err := s.DeleteCandidate(ctx, owner, ids[2]); err != nil {
			t.Fatal(err)
		}
		if n := len(read("after a removed candidate").Input.Candidates); n != 2 {
			t.Errorf("after a removed candidate: %d candidates", n)
		}
	})
}
