package store_test

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestScoringDataReadsEveryAnswerAndRating pins what the comparison is scored
// from: each answer as saved, each rating with its evaluator's name and note
// in evaluator order, a rating of a changed answer left out and counted, and
// one of an answer since cleared kept.
func TestScoringDataReadsEveryAnswerAndRating(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		ann := storetest.Account(t, s, "ann@example.com", "Acme", mspeval.RoleEditor)
		zed := storetest.Account(t, s, "zed@example.com", "Acme", mspeval.RoleEditor)
		ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
		if err != nil {
			t.Fatal(err)
		}
		q, _ := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		var textKey, choiceKey string
		var choice *questions.Question
		for _, qq := range q.Questions() {
			switch {
			case qq.Type == questions.TypeText && textKey == "":
				textKey = qq.Key
			case qq.Type == questions.TypeSingleChoice && choiceKey == "":
				choiceKey, choice = qq.Key, qq
			}
		}
		text := "Line one\nline two: <b> & \"quoted\" \\ Société 😀"
		pick, other := choice.Options[0].Key, choice.Options[1].Key
		a, _ := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "A"})
		b, _ := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "B"})
		for _, c := range []mspeval.Candidate{a, b} {
			if _, err := s.SaveAnswers(ctx, owner, c.ID, map[string]*questions.Answer{
				textKey: {Text: &text}, choiceKey: {Choice: &pick}}); err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range []struct {
			who   mspeval.Caller
			cand  string
			key   string
			score int
			note  string
		}{
			{zed, a.ID, textKey, 1, ""},
			{owner, a.ID, textKey, 3, "Tab\tand ünïcode, “quoted”"},
			{ann, a.ID, textKey, 4, ""},
			{owner, a.ID, choiceKey, 2, "changes below"},
			{zed, b.ID, choiceKey, 0, ""},
		} {
			if err := s.PutRating(ctx, r.who, r.cand, r.key, r.score, r.note); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.SaveAnswers(ctx, owner, a.ID, map[string]*questions.Answer{choiceKey: {Choice: &other}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveAnswers(ctx, owner, b.ID, map[string]*questions.Answer{choiceKey: nil}); err != nil {
			t.Fatal(err)
		}

		got, err := s.ScoringData(ctx, owner, ev.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Input.Candidates) != 2 || len(got.Candidates) != 2 {
			t.Fatalf("got %d candidates (%d by ID), want 2", len(got.Input.Candidates), len(got.Candidates))
		}
		byID := map[string]scoring.Candidate{}
		for _, c := range got.Input.Candidates {
			byID[c.ID] = c
		}
		ca, cb := byID[a.ID], byID[b.ID]
		wantA := map[string]questions.Answer{textKey: {Text: &text}, choiceKey: {Choice: &other}}
		if !reflect.DeepEqual(ca.Answers, wantA) {
			t.Errorf("A's answers: got %v, want %v", ca.Answers, wantA)
		}
		if _, ok := cb.Answers[choiceKey]; ok || len(cb.Answers) != 1 {
			t.Errorf("B's answers: got %v, want only %s", cb.Answers, textKey)
		}
		wantText := []scoring.Rating{
			{Evaluator: owner.UserID, Name: "owner", Score: 3, Note: "Tab\tand ünïcode, “quoted”"},
			{Evaluator: ann.UserID, Name: "ann", Score: 4},
			{Evaluator: zed.UserID, Name: "zed", Score: 1},
		}
		slices.SortFunc(wantText, func(x, y scoring.Rating) int { return strings.Compare(x.Evaluator, y.Evaluator) })
		if !reflect.DeepEqual(ca.Ratings[textKey], wantText) {
			t.Errorf("ratings of A's %s: got %+v, want %+v in evaluator order", textKey, ca.Ratings[textKey], wantText)
		}
		if rs, ok := ca.Ratings[choiceKey]; ok {
			t.Errorf("the rating of A's changed answer scores: %+v", rs)
		}
		if got.StaleRatings != 1 {
			t.Errorf("got %d stale ratings, want 1", got.StaleRatings)
		}
		if want := []scoring.Rating{{Evaluator: zed.UserID, Name: "zed"}}; !reflect.DeepEqual(cb.Ratings[choiceKey], want) {
			t.Errorf("the rating of B's cleared answer: got %+v, want %+v", cb.Ratings[choiceKey], want)
		}
		wantRated := map[string]bool{a.ID + "/" + textKey: true, a.ID + "/" + choiceKey: true}
		if !reflect.DeepEqual(got.RatedByCaller, wantRated) {
			t.Errorf("rated by the owner: got %v, want %v", got.RatedByCaller, wantRated)
		}
	})
}
