package mspeval

import "time"

// Outbox message kinds.
const (
	OutboxEmail   = "email"
	OutboxWebhook = "webhook"
)

// Webhook events.
const (
	EventInvitationSent    = "invitation.sent"
	EventInvitationOpened  = "invitation.opened"
	EventResponseSubmitted = "response.submitted"
	EventResponseReopened  = "response.reopened"
	EventEvaluationClosed  = "evaluation.closed"
	// EventLeadSubmitted: a campaign's respondent submitted; the data has
	// their contact, source, tier and scores.
	EventLeadSubmitted = "lead.submitted"
	// EventLeadSalesReady: a campaign's respondent asked to talk.
	EventLeadSalesReady = "lead.sales_ready"
)

// WebhookEvents lists the events an endpoint may subscribe to.
var WebhookEvents = []string{EventInvitationSent, EventInvitationOpened, EventResponseSubmitted, EventResponseReopened, EventEvaluationClosed,
	EventLeadSubmitted, EventLeadSalesReady}

// OutboxItem is one email or webhook delivery, written in the same transaction
// as the change that causes it and sent by the outbox worker.
type OutboxItem struct {
	ID           string     `json:"id"`
	WorkspaceID  string     `json:"-"`
	Kind         string     `json:"kind"`
	Topic        string     `json:"topic"`
	CandidateID  string     `json:"candidate_id,omitempty"`
	InvitationID string     `json:"invitation_id,omitempty"`
	EndpointID   string     `json:"endpoint_id,omitempty"`
	Recipient    string     `json:"recipient,omitempty"`
	Payload      []byte     `json:"-"`
	State        string     `json:"state"`
	Attempts     int        `json:"attempts"`
	LastError    string     `json:"last_error,omitempty"`
	StatusCode   *int       `json:"status_code,omitempty"`
	LatencyMs    *int       `json:"latency_ms,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	SentAt       *time.Time `json:"sent_at,omitempty"`
	// NextAttemptAt is when a queued message is (next) tried.
	NextAttemptAt time.Time `json:"next_attempt_at"`
	// IdempotencyKey makes a message unique: the same change never queues it twice.
	IdempotencyKey string `json:"-"`
}

// WebhookEndpoint is an HTTPS address that receives a workspace's events,
// signed as the Standard Webhooks specification says. Its secrets never leave
// the service except once, when created or rotated.
type WebhookEndpoint struct {
	ID        string    `json:"id"`
	URL       string    `json:"url"`
	Events    []string  `json:"events"`
	CreatedBy string    `json:"created_by,omitempty"`
	CreatedAt time.Time `json:"created_at"`
}

// Email topics.
const (
	TopicInvitation = "invitation"
	TopicReminder   = "reminder"
	// TopicNotice tells a member that a candidate submitted.
	TopicNotice = "notice"
	// TopicResume carries a lead's private link, to the address they gave on
	// a campaign's public link.
	TopicResume = "resume"
)

// SubmissionNotice is what the outbox keeps to tell a member that a
// candidate of their evaluation submitted.
type SubmissionNotice struct {
	To             string `json:"to"`
	ToName         string `json:"to_name"`
	CandidateID    string `json:"candidate_id"`
	CandidateName  string `json:"candidate_name"`
	EvaluationName string `json:"evaluation_name"`
}

// InvitationEmail is what the outbox keeps to write an invitation or a
// reminder. Secret is the link's token: the worker puts it behind the service's
// address, and drops it from the outbox once the email is sent.
type InvitationEmail struct {
	To             string `json:"to"`
	ToName         string `json:"to_name"`
	CandidateName  string `json:"candidate_name"`
	RequesterName  string `json:"requester_name"`
	Workspace      string `json:"workspace"`
	EvaluationName string `json:"evaluation_name"`
	DueDate        string `json:"due_date,omitempty"`
	// DateStyle is how the workspace writes dates, kept with the message so
	// that a retry says what the first try said.
	DateStyle DateStyle `json:"date_style,omitempty"`
	Secret    string    `json:"secret,omitempty"`
	Reminder  bool      `json:"reminder"`
	Resume    bool      `json:"resume,omitempty"`
}
