package app_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
	"mspeval/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

// TestRespondentResults: a prospect who submitted a readiness questionnaire
// gets their profile with tiers and next steps, and nothing an evaluator sees;
// before submitting they get none; a partner-selection response has none.
func TestRespondentResults(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		svc := app.New(s, app.Options{})
		owner := storetest.Account(t, s, "sales@msp.example", "Northwind MSP", mspeval.RoleOwner)
		link := func(key string) string {
			ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Readiness", QuestionnaireKey: key})
			if err != nil {
				t.Fatal(err)
			}
			cand, _ := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Prospect Ltd"})
			_, secret, err := s.CreateInvitation(ctx, owner, cand.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			q, _ := s.Catalog().Latest(key)
			if _, err := s.RespondentSave(ctx, secret, storetest.CompleteAnswers(q)); err != nil {
				t.Fatal(err)
			}
			return secret
		}
		secret := link("co-managed-readiness")
		if _, err := svc.RespondentResults(ctx, secret); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
			t.Errorf("before submitting: got %v, want a conflict", err)
		}
		if _, err := s.RespondentSubmit(ctx, secret); err != nil {
			t.Fatal(err)
		}
		got, err := svc.RespondentResults(ctx, secret)
		if err != nil {
			t.Fatal(err)
		}
		r := got.Results
		if r.Overall.Tier == nil || r.Overall.Tier.Label == "" || r.Overall.Tier.Text == "" || len(r.Dimensions) != 3 || len(r.NextSteps) == 0 || got.Workspace != "Northwind MSP" {
			t.Errorf("the results: %+v", got)
		}
		b, _ := json.Marshal(got)
		for _, secretWord := range []string{"listen_for", "red_flags", "anchors", "option_score", "min_score", "weight"} {
			if strings.Contains(string(b), secretWord) {
				t.Errorf("the prospect's results carry %q: %s", secretWord, b)
			}
		}
		other := link("partner-selection")
		if _, err := s.RespondentSubmit(ctx, other); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.RespondentResults(ctx, other); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("a partner-selection response: got %v, want no results", err)
		}
	})
}
