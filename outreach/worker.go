// Package outreach runs what leaves the service: the outbox worker that sends
// emails and webhook deliveries, and the scheduler that closes evaluations at
// their due date. Both run inside `mspeval serve`; their state is in the
// database (the outbox and the evaluations), so a restart loses nothing.
package outreach

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"mspeval"
	"mspeval/mail"
	"mspeval/store"
)

// Config tunes the worker; zero values take the defaults.
type Config struct {
	// BaseURL is the service's public address: links and unsubscribe
	// addresses start with it.
	BaseURL string
	// Batch is how many messages one lease takes (default 20); Lease how long
	// a worker may hold them (default 2 minutes); Poll how often it looks for
	// due messages when idle (default 2 seconds).
	Batch int
	Lease time.Duration
	Poll  time.Duration
	// Owner names this worker in leases (default: a random ID).
	Owner string
}

// Worker sends what the outbox holds.
type Worker struct {
	store *store.Store
	mail  mail.Sender // nil: email is off, and email messages wait
	hooks Poster      // nil: webhooks are off
	cfg   Config
	log   *slog.Logger
	now   func() time.Time
}

// New returns a worker. mailer or hooks may be nil.
func New(s *store.Store, mailer mail.Sender, hooks Poster, cfg Config, log *slog.Logger) *Worker {
	if cfg.Batch <= 0 {
		cfg.Batch = 20
	}
	if cfg.Lease <= 0 {
		cfg.Lease = 2 * time.Minute
	}
	if cfg.Poll <= 0 {
		cfg.Poll = 2 * time.Second
	}
	if cfg.Owner == "" {
		cfg.Owner = "worker-" + mspeval.NewID(time.Now())
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	return &Worker{store: s, mail: mailer, hooks: hooks, cfg: cfg, log: log, now: time.Now}
}

// SetClock replaces the clock, for tests.
func (w *Worker) SetClock(now func() time.Time) { w.now = now }

// Run sends until ctx ends, then finishes what it holds (each message has its
// own short timeout) or gives it back.
func (w *Worker) Run(ctx context.Context) {
	t := time.NewTicker(w.cfg.Poll)
	defer t.Stop()
	for {
		n, err := w.RunOnce(ctx)
		if err != nil && ctx.Err() == nil {
			w.log.Error("outbox", "err", err)
		}
		if n > 0 && ctx.Err() == nil {
			continue // more may be due
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// RunOnce leases one batch of due messages and sends them, a few at a time.
// It returns how many it attempted.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	if ctx.Err() != nil {
		return 0, nil
	}
	items, err := w.store.LeaseOutbox(context.WithoutCancel(ctx), w.cfg.Owner, w.cfg.Batch, w.cfg.Lease)
	if err != nil || len(items) == 0 {
		return 0, err
	}
	var (
		wg       sync.WaitGroup
		mu       sync.Mutex
		released []string
	)
	sem := make(chan struct{}, 4)
	for _, it := range items {
		if ctx.Err() != nil {
			mu.Lock()
			released = append(released, it.ID)
			mu.Unlock()
			continue
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(it mspeval.OutboxItem) {
			defer wg.Done()
			defer func() { <-sem }()
			res := w.send(it)
			if err := w.store.FinishOutbox(context.WithoutCancel(ctx), it.ID, w.cfg.Owner, res); err != nil {
				w.log.Error("outbox: recording an attempt", "id", it.ID, "err", err)
			}
		}(it)
	}
	wg.Wait()
	if err := w.store.ReleaseOutbox(context.WithoutCancel(ctx), w.cfg.Owner, released); err != nil {
		return len(items), err
	}
	return len(items) - len(released), nil
}

// send makes one attempt and says what became of it.
func (w *Worker) send(it mspeval.OutboxItem) store.OutboxResult {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	start := w.now()
	var res store.OutboxResult
	switch it.Kind {
	case mspeval.OutboxEmail:
		res = w.sendEmail(ctx, it)
	case mspeval.OutboxWebhook:
		res = w.deliver(ctx, it)
	default:
		res = store.OutboxResult{State: store.OutboxFailed, Error: "unknown kind " + it.Kind}
	}
	if res.Latency == 0 {
		res.Latency = w.now().Sub(start)
	}
	if res.State == store.OutboxQueued && it.Attempts >= MaxAttempts {
		res.State = store.OutboxFailed
		res.Error = fmt.Sprintf("gave up after %d attempts: %s", it.Attempts, res.Error)
	}
	return res
}

// MaxAttempts is how often a message is tried before it is marked failed.
const MaxAttempts = 8

// retryAt spaces attempts out: 30 s, 2 min, 10 min, 1 h, 3 h, 6 h, 12 h.
func (w *Worker) retryAt(attempt int) time.Time {
	steps := []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour}
	i := min(max(attempt-1, 0), len(steps)-1)
	return w.now().Add(steps[i])
}

func (w *Worker) sendEmail(ctx context.Context, it mspeval.OutboxItem) store.OutboxResult {
	if w.mail == nil {
		// Email was turned off after this was queued: keep it for when it is on.
		return store.OutboxResult{State: store.OutboxQueued, RetryAt: w.now().Add(time.Hour), Error: "email is off: set MSPEVAL_SMTP_URL and MSPEVAL_MAIL_FROM"}
	}
	if it.Topic == mspeval.TopicNotice {
		return w.sendNotice(ctx, it)
	}
	var p mspeval.InvitationEmail
	if err := json.Unmarshal(it.Payload, &p); err != nil || p.Secret == "" {
		return store.OutboxResult{State: store.OutboxFailed, Error: "the message cannot be written again: its link is no longer kept"}
	}
	link := w.cfg.BaseURL + "/r/" + p.Secret
	view := mail.InvitationView{CandidateName: p.CandidateName, ContactName: p.ToName, RequesterName: p.RequesterName,
		Workspace: p.Workspace, EvaluationName: p.EvaluationName, DueDate: dueIn(p), Link: link,
		UnsubscribeURL: link + "/unsubscribe", Reminder: p.Reminder, Resume: p.Resume}
	res := w.mailResult(it, w.mail.Send(ctx, mail.InvitationMessage(view, p.To, it.ID)))
	if res.State == store.OutboxSent {
		// The link's secret leaves the outbox with the sent message.
		p.Secret = ""
		res.Payload, _ = json.Marshal(p)
	}
	return res
}

// mailResult says what became of an attempt to send an email: sent; bounced
// when the receiving side refused it for good; failed when it could not even
// be written (a bad address); otherwise queued for another try.
func (w *Worker) mailResult(it mspeval.OutboxItem, err error) store.OutboxResult {
	var me *mail.Error
	switch {
	case err == nil:
		return store.OutboxResult{State: store.OutboxSent}
	case errors.As(err, &me) && me.Stage == mail.StageCompose:
		return store.OutboxResult{State: store.OutboxFailed, Error: err.Error()}
	case mail.Permanent(err):
		return store.OutboxResult{State: store.OutboxBounced, Error: err.Error()}
	default:
		return store.OutboxResult{State: store.OutboxQueued, RetryAt: w.retryAt(it.Attempts), Error: err.Error()}
	}
}

// sendNotice tells a member that a candidate submitted, with the way to the
// review page.
func (w *Worker) sendNotice(ctx context.Context, it mspeval.OutboxItem) store.OutboxResult {
	var p mspeval.SubmissionNotice
	if err := json.Unmarshal(it.Payload, &p); err != nil {
		return store.OutboxResult{State: store.OutboxFailed, Error: "the notice cannot be read: " + err.Error()}
	}
	review := w.cfg.BaseURL + "/candidates/" + p.CandidateID + "/review"
	subject := fmt.Sprintf("%s submitted their answers for %s", oneLine(p.CandidateName), oneLine(p.EvaluationName))
	text := fmt.Sprintf("%s submitted their answers for %s.\n\nReview and rate them here:\n%s\n\n"+
		"You get this email because you asked to be told of submissions (mspeval settings).\n", oneLine(p.CandidateName), oneLine(p.EvaluationName), review)
	return w.mailResult(it, w.mail.Send(ctx, mail.Message{To: p.To, ToName: p.ToName, Subject: subject, Text: text, ID: it.ID}))
}

// oneLine keeps a user-supplied name on one line of a subject or a body.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// dueIn writes a message's due date the way its workspace writes dates.
func dueIn(p mspeval.InvitationEmail) string {
	if p.DueDate == "" {
		return ""
	}
	return mspeval.Dates{Style: p.DateStyle}.DayOf(p.DueDate)
}
