package demo_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"mspeval"
	"mspeval/demo"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

func TestDemoLoadsOnEveryDialect(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		s := storetest.Open(t, dsn, nil)
		res, err := demo.Load(context.Background(), s, time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC))
		if err != nil {
			t.Fatalf("demo: %v", err)
		}
		cands, _, err := s.ListCandidates(context.Background(), res.Caller, res.EvaluationID, mspeval.Page{})
		if err != nil {
			t.Fatal(err)
		}
		f, _ := demo.Parse()
		if len(cands) != len(f.Candidates) {
			t.Fatalf("candidates: got %d, want %d", len(cands), len(f.Candidates))
		}
		for i, c := range cands {
			want := mspeval.ResponseInProgress
			if f.Candidates[i].Submitted {
				want = mspeval.ResponseSubmitted
			}
			if c.Name != f.Candidates[i].Name || c.Response.Status != want {
				t.Errorf("candidate %d: got %s %s, want %s %s", i, c.Name, c.Response.Status, f.Candidates[i].Name, want)
			}
		}
		ev, err := s.GetEvaluation(context.Background(), res.Caller, res.EvaluationID)
		if err != nil || ev.DueDate != "2026-12-22" {
			t.Errorf("due date: got %q (%v), want 2026-12-22", ev.DueDate, err)
		}
	})
}

// The README's walk-through submits examples/complete-answers.json; it must
// stay a complete, valid response to the built-in questionnaire.
func TestREADMEExampleAnswersAreComplete(t *testing.T) {
	c, err := questions.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	q, _ := c.Latest("partner-selection")
	for _, file := range []string{"../examples/complete-answers.json", "../examples/first-answers.json"} {
		raw, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		var body struct{ Answers map[string]questions.Answer }
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		for k, a := range body.Answers {
			qq, ok := q.Question(k)
			if !ok {
				t.Errorf("%s: %s is not a question", file, k)
				continue
			}
			if p := qq.Check(a); len(p) > 0 {
				t.Errorf("%s: %s: %+v", file, k, p)
			}
		}
		if file == "../examples/complete-answers.json" {
			if missing := q.MissingRequired(body.Answers); len(missing) > 0 {
				t.Errorf("%s misses required answers: %v", file, missing)
			}
		}
	}
}

// TestRestartingWithTheDemoReplacesItsLink: a second load prints a new link
// for the draft and withdraws the first one, and says so.
func TestRestartingWithTheDemoReplacesItsLink(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	first, err := demo.Load(ctx, s, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	second, err := demo.Load(ctx, s, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if second.Created || second.Replaced != 1 || second.DraftLink == first.DraftLink {
		t.Fatalf("second load: created %v, replaced %d, same link %v", second.Created, second.Replaced, second.DraftLink == first.DraftLink)
	}
	if _, err := s.RespondentForm(ctx, first.DraftLink); mspeval.ErrorCode(err) != mspeval.EGONE {
		t.Errorf("the first link after a restart: got %v, want gone", err)
	}
	if _, err := s.RespondentForm(ctx, second.DraftLink); err != nil {
		t.Errorf("the new link: %v", err)
	}
}
