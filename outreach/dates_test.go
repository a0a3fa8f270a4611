package outreach_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/mail/mailtest"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestEmailsWriteTheDueDateInTheWorkspaceStyle: a workspace that writes dates
// month first gets its invitations' due date written that way.
func TestEmailsWriteTheDueDateInTheWorkspaceStyle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
		s := storetest.Open(t, dsn, clk.Now)
		ctx := context.Background()
		owner := storetest.Account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
		style, zone := "month-day", "America/Chicago"
		if _, err := s.SetWorkspace(ctx, owner, store.WorkspaceInput{DateStyle: &style, TimeZone: &zone}); err != nil {
			t.Fatal(err)
		}
		ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Partner 2027", QuestionnaireKey: "partner-selection", DueDate: "2027-03-15"})
		if err != nil {
			t.Fatal(err)
		}
		cand, err := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Northwind IT"})
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.SendInvitation(ctx, owner, cand.ID, store.InvitationOptions{Email: "sales@northwind.example"}); err != nil {
			t.Fatal(err)
		}
		srv := mailtest.NewServer(t)
		drain(t, newWorker(t, s, srv, clk))
		got := srv.Wait(t, 1, 5*time.Second)
		if len(got) != 1 {
			t.Fatalf("delivered %d messages, want 1", len(got))
		}
		p, err := got[0].Parse()
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(p.Text, "March 15, 2027") || strings.Contains(p.Text, "15 March 2027") {
			t.Errorf("the due date is not in the workspace's style (March 15, 2027): %q", p.Text)
		}
	})
}
