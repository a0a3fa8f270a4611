package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestOutboxEventsAreQueuedWithTheChange: submitting, reopening and opening a
// link queue one delivery per subscribed endpoint, once, in the same
// transaction; an endpoint of another workspace gets nothing.
func TestOutboxEventsAreQueuedWithTheChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		other := storetest.Account(t, s, "owner@other.example", "Other", mspeval.RoleOwner)
		hook, err := s.CreateWebhook(ctx, owner, store.WebhookInput{URL: "https://crm.example/hook", Secret: "whsec_x",
			Events: []string{mspeval.EventResponseSubmitted, mspeval.EventInvitationOpened}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateWebhook(ctx, other, store.WebhookInput{URL: "https://other.example/hook", Secret: "whsec_y",
			Events: mspeval.WebhookEvents}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateWebhook(ctx, owner, store.WebhookInput{URL: "https://crm.example/x", Secret: "s", Events: []string{"lead.won"}}); mspeval.ErrorCode(err) != mspeval.EINVALID {
			t.Errorf("an unknown event: got %v, want invalid", err)
		}
		ev, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
		cand, _ := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "MSP"})
		_, secret, err := s.CreateInvitation(ctx, owner, cand.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		q, _ := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		if _, err := s.RespondentForm(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RespondentForm(ctx, secret); err != nil { // opened once only
			t.Fatal(err)
		}
		if _, err := s.RespondentSave(ctx, secret, storetest.CompleteAnswers(q)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.RespondentSubmit(ctx, secret); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Reopen(ctx, owner, cand.ID); err != nil { // not subscribed
			t.Fatal(err)
		}
		got, err := s.WebhookDeliveries(ctx, owner, hook.ID)
		if err != nil {
			t.Fatal(err)
		}
		topics := map[string]int{}
		for _, d := range got {
			topics[d.Topic]++
		}
		if len(got) != 2 || topics[mspeval.EventInvitationOpened] != 1 || topics[mspeval.EventResponseSubmitted] != 1 {
			t.Errorf("deliveries: got %v, want one invitation.opened and one response.submitted", topics)
		}
	})
}

// TestOutboxLeasesEachMessageOnce: workers leasing at the same time never get
// the same message; a message whose lease ran out is taken over, and only the
// lease's owner can record what became of it.
func TestOutboxLeasesEachMessageOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Now().UTC()
		var mu sync.Mutex
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		s := storetest.Open(t, dsn, clock)
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		if _, err := s.CreateWebhook(ctx, owner, store.WebhookInput{URL: "https://crm.example/hook", Secret: "whsec_x",
			Events: []string{mspeval.EventEvaluationClosed}}); err != nil {
			t.Fatal(err)
		}
		const n = 40
		closed := mspeval.EvaluationClosed
		for i := 0; i < n; i++ {
			ev, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: fmt.Sprint("E", i), QuestionnaireKey: "partner-selection"})
			if _, err := s.UpdateEvaluation(ctx, owner, ev.ID, store.EvaluationPatch{Status: &closed}); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]string{}
		var wg sync.WaitGroup
		for w := 0; w < 4; w++ {
			wg.Add(1)
			go func(worker string) {
				defer wg.Done()
				for {
					items, err := s.LeaseOutbox(ctx, worker, 3, time.Minute)
					if err != nil {
						t.Error(err)
						return
					}
					if len(items) == 0 {
						return
					}
					mu.Lock()
					for _, it := range items {
						if prev, ok := seen[it.ID]; ok {
							t.Errorf("message %s leased by %s and %s", it.ID, prev, worker)
						}
						seen[it.ID] = worker
					}
					mu.Unlock()
				}
			}(fmt.Sprint("worker-", w))
		}
		wg.Wait()
		if len(seen) != n {
			t.Fatalf("leased %d messages, want %d", len(seen), n)
		}
		var id, holder string
		for k, v := range seen {
			id, holder = k, v
			break
		}
		if err := s.FinishOutbox(ctx, id, "intruder", store.OutboxResult{State: store.OutboxSent}); err != nil {
			t.Fatal(err)
		}
		// After the lease runs out, another worker takes the messages over.
		mu.Lock()
		now = now.Add(2 * time.Minute)
		mu.Unlock()
		again, err := s.LeaseOutbox(ctx, "late-worker", 100, time.Minute)
		if err != nil {
			t.Fatal(err)
		}
		if len(again) != n {
			t.Errorf("after the leases expired: %d messages taken over, want %d (the intruder recorded nothing)", len(again), n)
		}
		if err := s.FinishOutbox(ctx, id, holder, store.OutboxResult{State: store.OutboxSent}); err != nil {
			t.Fatal(err)
		}
		for _, it := range again {
			if it.ID == id && it.Attempts != 2 {
				t.Errorf("attempts after a takeover: got %d, want 2", it.Attempts)
			}
		}
	})
}
