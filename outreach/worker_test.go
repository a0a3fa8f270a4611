package outreach_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"mspeval"
	"mspeval/mail"
	"mspeval/mail/mailtest"
	"mspeval/outreach"
	"mspeval/store"
	"mspeval/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }

var quiet = slog.New(slog.NewTextHandler(io.Discard, nil))

type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time          { c.mu.Lock(); defer c.mu.Unlock(); return c.now }
func (c *clock) Advance(d time.Duration) { c.mu.Lock(); c.now = c.now.Add(d); c.mu.Unlock() }

// setup makes a workspace with n candidates whose links are emailed.
func setup(t testing.TB, dsn string, clk *clock, n int) (*store.Store, []string) {
	s, addrs, _, _ := setupWith(t, dsn, clk, n)
	return s, addrs
}

func setupWith(t testing.TB, dsn string, clk *clock, n int) (*store.Store, []string, mspeval.Caller, []string) {
	t.Helper()
	s := storetest.Open(t, dsn, clk.Now)
	ctx := context.Background()
	owner := storetest.Account(t, s, "dana@acme.example", "Acme Logistics", mspeval.RoleOwner)
	ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Co-managed partner 2027", QuestionnaireKey: "partner-selection", DueDate: "2027-03-15"})
	if err != nil {
		t.Fatal(err)
	}
	var addrs, ids []string
	for i := 0; i < n; i++ {
		cand, err := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: fmt.Sprintf("Équipe %d IT", i), ContactName: "Μαρία"})
		if err != nil {
			t.Fatal(err)
		}
		addr := fmt.Sprintf("sales%d@msp%d.example", i, i)
		if _, _, err := s.SendInvitation(ctx, owner, cand.ID, store.InvitationOptions{Email: addr}); err != nil {
			t.Fatal(err)
		}
		addrs = append(addrs, addr)
		ids = append(ids, cand.ID)
	}
	return s, addrs, owner, ids
}

func newWorker(t testing.TB, s *store.Store, srv *mailtest.Server, clk *clock) *outreach.Worker {
	t.Helper()
	cfg, err := mail.ParseConfig(srv.URL(), "mspeval <noreply@acme.example>")
	if err != nil {
		t.Fatal(err)
	}
	sender, err := mail.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	w := outreach.New(s, sender, nil, outreach.Config{BaseURL: "https://mspeval.acme.example", Batch: 5}, quiet)
	w.SetClock(clk.Now)
	return w
}

// drain runs the worker until nothing is due.
func drain(t *testing.T, w *outreach.Worker) {
	t.Helper()
	for i := 0; i < 100; i++ {
		n, err := w.RunOnce(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			return
		}
	}
	t.Fatal("the outbox never emptied")
}

// TestInvitationEmailsAreDeliveredOnce: every queued invitation reaches a real
// SMTP server once, with the link, the encoded names and the unsubscribe
// headers; the outbox records it sent and forgets the link's secret.
func TestInvitationEmailsAreDeliveredOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
		s, addrs := setup(t, dsn, clk, 12)
		srv := mailtest.NewServer(t)
		w := newWorker(t, s, srv, clk)
		drain(t, w)
		got := srv.Wait(t, len(addrs), 5*time.Second)
		if len(got) != len(addrs) {
			t.Fatalf("delivered %d messages, want %d", len(got), len(addrs))
		}
		seen := map[string]int{}
		for _, m := range got {
			seen[m.To[0]]++
			p, err := m.Parse()
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(p.Text, "https://mspeval.acme.example/r/msr_") || !strings.Contains(p.HTML, "https://mspeval.acme.example/r/msr_") {
				t.Errorf("the message carries no link: %q", p.Text)
			}
			if !strings.Contains(p.Subject, "Équipe") || p.To[0].Name != "Μαρία" {
				t.Errorf("names: subject %q, to %q", p.Subject, p.To[0].Name)
			}
			if !strings.Contains(p.Text, "15 March 2027") {
				t.Errorf("the due date is missing: %q", p.Text)
			}
			if p.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" || !strings.Contains(p.Header.Get("List-Unsubscribe"), "/unsubscribe") {
				t.Errorf("unsubscribe headers: %v", p.Header)
			}
		}
		for _, a := range addrs {
			if seen[a] != 1 {
				t.Errorf("%s got %d messages, want 1", a, seen[a])
			}
		}
		// Nothing left to send, and nothing is sent twice.
		drain(t, w)
		if n := len(srv.Messages()); n != len(addrs) {
			t.Errorf("after a second run: %d messages, want %d", n, len(addrs))
		}
	})
}

// TestAnSMTPOutageLosesNothing: the server goes down mid-batch; every message
// is delivered once it is back, and the outbox says what happened meanwhile.
func TestAnSMTPOutageLosesNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
		s, addrs := setup(t, dsn, clk, 10)
		srv := mailtest.NewServer(t)
		w := newWorker(t, s, srv, clk)
		if _, err := w.RunOnce(context.Background()); err != nil { // the first batch of 5 goes through
			t.Fatal(err)
		}
		srv.Stop()
		drain(t, w) // the rest fails and waits for a retry
		if n := len(srv.Messages()); n != 5 {
			t.Fatalf("before the outage ended: %d delivered, want 5", n)
		}
		srv.Start(t)
		clk.Advance(time.Minute) // past the first retry
		drain(t, w)
		got := srv.Wait(t, len(addrs), 5*time.Second)
		seen := map[string]int{}
		for _, m := range got {
			seen[m.To[0]]++
		}
		for _, a := range addrs {
			if seen[a] != 1 {
				t.Errorf("%s got %d messages, want exactly 1", a, seen[a])
			}
		}
	})
}

// TestAPermanentRefusalIsABounce: a 550 from the server marks the message
// bounced with the server's words, and it is not tried again.
func TestAPermanentRefusalIsABounce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
		s, addrs, owner, ids := setupWith(t, dsn, clk, 2)
		srv := mailtest.NewServer(t)
		srv.Reject(addrs[0], 550, "5.1.1 mailbox unavailable")
		w := newWorker(t, s, srv, clk)
		drain(t, w)
		clk.Advance(24 * time.Hour)
		drain(t, w)
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("delivered %d, want 1", n)
		}
		msgs, err := s.CandidateMessages(context.Background(), owner, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if len(msgs) != 1 || msgs[0].State != store.OutboxBounced || !strings.Contains(msgs[0].LastError, "mailbox unavailable") || msgs[0].Attempts != 1 {
			t.Errorf("the refused message: %+v, want bounced once with the server's words", msgs)
		}
	})
}

// TestEvaluationsCloseAtTheirDueDate: an evaluation that asked to close at its
// due date closes once the date is over, and only then; one that did not ask
// stays open.
func TestEvaluationsCloseAtTheirDueDate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 3, 15, 22, 0, 0, 0, time.UTC)}
		s := storetest.Open(t, dsn, clk.Now)
		ctx := context.Background()
		owner := storetest.Account(t, s, "dana@acme.example", "Acme", mspeval.RoleOwner)
		closing, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Closes", QuestionnaireKey: "partner-selection", DueDate: "2027-03-15", CloseAtDue: true})
		staying, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Stays", QuestionnaireKey: "partner-selection", DueDate: "2027-03-15"})
		if n, err := s.CloseDueEvaluations(ctx); err != nil || n != 0 {
			t.Fatalf("on the due date itself: closed %d (%v), want 0", n, err)
		}
		clk.Advance(3 * time.Hour) // 16 March, 01:00 UTC
		if n, err := s.CloseDueEvaluations(ctx); err != nil || n != 1 {
			t.Fatalf("the day after: closed %d (%v), want 1", n, err)
		}
		if n, _ := s.CloseDueEvaluations(ctx); n != 0 {
			t.Errorf("a second run closed %d more", n)
		}
		for id, want := range map[string]string{closing.ID: mspeval.EvaluationClosed, staying.ID: mspeval.EvaluationOpen} {
			ev, err := s.GetEvaluation(ctx, owner, id)
			if err != nil || ev.Status != want {
				t.Errorf("%s: status %q (%v), want %q", ev.Name, ev.Status, err, want)
			}
		}
	})
}

// TestTwoWorkersSendEachMessageOnce: two workers (two instances of the
// service) drain one outbox at the same time; every recipient gets exactly one
// message. On PostgreSQL the leases use SKIP LOCKED; on SQLite the one writer.
func TestTwoWorkersSendEachMessageOnce(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
		s, addrs := setup(t, dsn, clk, 50)
		srv := mailtest.NewServer(t)
		var wg sync.WaitGroup
		for i := 0; i < 2; i++ {
			w := newWorker(t, s, srv, clk)
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					n, err := w.RunOnce(context.Background())
					if err != nil {
						t.Error(err)
						return
					}
					if n == 0 {
						return
					}
				}
			}()
		}
		wg.Wait()
		got := srv.Wait(t, len(addrs), 10*time.Second)
		seen := map[string]int{}
		for _, m := range got {
			seen[m.To[0]]++
		}
		for _, a := range addrs {
			if seen[a] != 1 {
				t.Errorf("%s got %d messages, want exactly 1", a, seen[a])
			}
		}
	})
}

// TestRemindersOnSchedule: on the reminder days before the due date, every
// emailed link that is not submitted gets one reminder a day; the submitted
// candidate gets none; "remind now" does not remind twice in a day; the
// reminder reaches the SMTP server with its link.
func TestRemindersOnSchedule(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)} // due 15 March; reminders 7, 3 and 1 days before
		s, addrs, owner, ids := setupWith(t, dsn, clk, 3)
		srv := mailtest.NewServer(t)
		w := newWorker(t, s, srv, clk)
		drain(t, w)
		srv.Wait(t, 3, 5*time.Second)
		ctx := context.Background()
		q, _ := s.Catalog().Latest("partner-selection")
		if _, err := s.SaveAnswers(ctx, owner, ids[2], storetest.CompleteAnswers(q)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SubmitAnswers(ctx, owner, ids[2]); err != nil {
			t.Fatal(err)
		}
		expect := func(day string, want int) {
			t.Helper()
			n, err := s.SendDueReminders(ctx)
			if err != nil || n != want {
				t.Errorf("%s: %d reminders (%v), want %d", day, n, err, want)
			}
		}
		expect("1 March", 0)
		clk.Advance(7 * 24 * time.Hour) // 8 March: 7 days before
		expect("8 March", 2)
		expect("8 March again", 0)
		if n, err := s.RemindNow(ctx, owner, "", ids[0]); err != nil || n != 0 {
			t.Errorf("remind now, already reminded today: %d (%v), want 0", n, err)
		}
		clk.Advance(24 * time.Hour) // 9 March: not a reminder day
		expect("9 March", 0)
		if n, err := s.RemindNow(ctx, owner, "", ids[0]); err != nil || n != 1 {
			t.Errorf("remind now on 9 March: %d (%v), want 1", n, err)
		}
		clk.Advance(3 * 24 * time.Hour) // 12 March: 3 days before
		expect("12 March", 2)
		drain(t, w)
		got := srv.Wait(t, 3+5, 5*time.Second)
		for _, m := range got[3:] {
			if m.To[0] == addrs[2] {
				t.Errorf("the candidate that submitted got a reminder")
			}
			p, _ := m.Parse()
			if !strings.Contains(p.Text, "/r/msr_") || !strings.Contains(strings.ToLower(p.Subject), "remind") {
				t.Errorf("a reminder without its link or saying what it is: %q / %q", p.Subject, p.Text)
			}
		}
	})
}

// TestSubmissionNotice: a member who asked is emailed when a candidate of an
// evaluation they created submits; one who did not ask is not.
func TestSubmissionNotice(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)}
		s, _, owner, ids := setupWith(t, dsn, clk, 2)
		ctx := context.Background()
		srv := mailtest.NewServer(t)
		w := newWorker(t, s, srv, clk)
		drain(t, w)
		srv.Wait(t, 2, 5*time.Second)
		srv.Clear()
		q, _ := s.Catalog().Latest("partner-selection")
		submit := func(id string) {
			t.Helper()
			_, secret, err := s.CreateInvitation(ctx, owner, id, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.RespondentSave(ctx, secret, storetest.CompleteAnswers(q)); err != nil {
				t.Fatal(err)
			}
			if _, err := s.RespondentSubmit(ctx, secret); err != nil {
				t.Fatal(err)
			}
		}
		submit(ids[0]) // not asked yet
		if err := s.SetNotifySubmissions(ctx, owner, true); err != nil {
			t.Fatal(err)
		}
		submit(ids[1])
		drain(t, w)
		got := srv.Wait(t, 1, 5*time.Second)
		time.Sleep(100 * time.Millisecond)
		if n := len(srv.Messages()); n != 1 {
			t.Fatalf("notices: %d, want 1", n)
		}
		p, _ := got[0].Parse()
		if got[0].To[0] != "dana@acme.example" || !strings.Contains(p.Subject, "submitted") || !strings.Contains(p.Text, "/candidates/"+ids[1]+"/review") {
			t.Errorf("the notice: to %v, subject %q, text %q", got[0].To, p.Subject, p.Text)
		}
	})
}

// TestOneReminderADayPerRecipient: a recipient who holds links for two
// candidates gets one reminder a day, not two.
func TestOneReminderADayPerRecipient(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		clk := &clock{now: time.Date(2027, 3, 8, 9, 0, 0, 0, time.UTC)} // 7 days before the due date
		s, _, owner, ids := setupWith(t, dsn, clk, 2)
		ctx := context.Background()
		if _, _, err := s.SendInvitation(ctx, owner, ids[1], store.InvitationOptions{Email: "sales0@msp0.example"}); err != nil {
			t.Fatal(err)
		}
		n, err := s.SendDueReminders(ctx)
		if err != nil || n != 2 {
			t.Fatalf("reminders: %d (%v), want 2: one for each of the two addresses", n, err)
		}
	})
}
