package store_test

import (
	"context"
	"testing"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

func ptr[T any](v T) *T { return &v }

func TestRespondentPath(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Partner 2027", QuestionnaireKey: "partner-selection"})
		if err != nil {
			t.Fatalf("create evaluation: %v", err)
		}
		cand, err := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Société Générale IT"})
		if err != nil {
			t.Fatalf("create candidate: %v", err)
		}
		inv, secret, err := s.CreateInvitation(ctx, owner, cand.ID, nil)
		if err != nil {
			t.Fatalf("create invitation: %v", err)
		}
		if inv.Status != mspeval.InvitationSent {
			t.Errorf("status: got %s, want sent", inv.Status)
		}
		form, err := s.RespondentForm(ctx, secret)
		if err != nil {
			t.Fatalf("open form: %v", err)
		}
		if form.Candidate.Name != cand.Name || form.RequestedBy.Workspace != "Acme" {
			t.Errorf("form: got %+v", form)
		}
		if _, err := s.RespondentSubmit(ctx, secret); mspeval.ErrorCode(err) != mspeval.EINVALID {
			t.Fatalf("submit of an empty draft: got %v, want invalid", err)
		}
		q, _ := s.Catalog().Latest("partner-selection")
		answers := map[string]*questions.Answer{}
		for _, qq := range q.Questions() {
			if !qq.Required {
				continue
			}
			answers[qq.Key] = completeAnswer(qq)
		}
		d, err := s.RespondentSave(ctx, secret, answers)
		if err != nil {
			t.Fatalf("save: %v", err)
		}
		if d.Status != mspeval.ResponseInProgress {
			t.Errorf("status after save: got %s", d.Status)
		}
		d, err = s.RespondentSubmit(ctx, secret)
		if err != nil {
			t.Fatalf("submit: %v", err)
		}
		if d.Status != mspeval.ResponseSubmitted {
			t.Errorf("status after submit: got %s", d.Status)
		}
		if _, err := s.RespondentSave(ctx, secret, answers); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
			t.Errorf("save after submit: got %v, want conflict", err)
		}
		invs, _, err := s.ListInvitations(ctx, owner, cand.ID, mspeval.Page{})
		if err != nil || len(invs) != 1 || invs[0].Status != mspeval.InvitationSubmitted {
			t.Errorf("invitations after submit: %+v %v", invs, err)
		}
		_ = time.Now
	})
}

func completeAnswer(qq *questions.Question) *questions.Answer {
	a := &questions.Answer{}
	switch qq.Type {
	case questions.TypeText:
		a.Text = ptr("We document everything in your wiki.")
	case questions.TypeSingleChoice, questions.TypeYesNo:
		a.Choice = ptr(qq.Options[0].Key)
	case questions.TypeMultipleChoice:
		a.Choices = []string{qq.Options[0].Key}
	case questions.TypeScale:
		a.Scale = ptr(qq.Scale.Min)
	}
	if qq.Text != nil {
		a.Text = ptr("Here is how we work, with an example.")
	}
	return a
}
