// Package app is mspeval's use-case layer: the one place that decides who may
// see and do what, and when. The REST API, the web UI and the command line call
// it, and nothing else, for every business decision: permissions, visibility
// under blind ratings, what-if weights, assembling a comparison, a candidate's
// score and a report. The state rules themselves are plain functions of the
// domain package (mspeval.Response, mspeval.Invitation, mspeval.Caller.May);
// the store only reads and writes rows.
//
// It imports no HTTP framework: handlers bind their input, call one method here
// and render what comes back, turning errors into statuses with mspeval.Status.
package app

import (
	"cmp"
	"net/netip"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
	"mspeval/store"
)

// Service runs the use cases over one store.
type Service struct {
	store *store.Store
	// signals remembers phrase-rule matches between comparisons, for the API
	// and the pages alike: a text matched for one is matched for both.
	signals *scoring.SignalCache
	now     func() time.Time
	// mail says whether email is configured; without it nothing is emailed and
	// links are copied by hand.
	mail bool
	// webhookAllow: private address ranges endpoints may use.
	webhookAllow []netip.Prefix
	// uploads holds a token for each file upload being read (HoldUpload).
	uploads chan struct{}
}

// Options tune a Service; the zero value is fine.
type Options struct {
	// Now is the clock for report dates; time.Now when nil.
	Now func() time.Time
	// MailEnabled is true when SMTP is configured (MSPEVAL_SMTP_URL and
	// MSPEVAL_MAIL_FROM).
	MailEnabled bool
	// WebhookAllow lists the private ranges webhook endpoints may be in.
	WebhookAllow []netip.Prefix
	// UploadSlots is how many file uploads are read at once (HoldUpload);
	// DefaultUploadSlots when 0 or less.
	UploadSlots int
}

// New returns the use cases over s.
func New(s *store.Store, o Options) *Service {
	svc := &Service{store: s, signals: scoring.NewSignalCache(0), now: o.Now, mail: o.MailEnabled,
		webhookAllow: o.WebhookAllow, uploads: make(chan struct{}, cmp.Or(max(o.UploadSlots, 0), DefaultUploadSlots))}
	if svc.now == nil {
		svc.now = time.Now
	}
	return svc
}

// Catalog returns the published questionnaires.
func (s *Service) Catalog() *questions.Catalog { return s.store.Catalog() }

// MailEnabled reports whether the service can send email.
func (s *Service) MailEnabled() bool { return s.mail }

// allowed runs fn when the caller may do a.
func allowed[T any](c mspeval.Caller, a mspeval.Action, fn func() (T, error)) (T, error) {
	if err := c.May(a); err != nil {
		var zero T
		return zero, err
	}
	return fn()
}
