package store_test

import (
	"context"
	"testing"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

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
		answers := storetest.CompleteAnswers(q)
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
	})
}
