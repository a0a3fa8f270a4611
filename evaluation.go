package mspeval

import (
	"time"

	"mspeval/questions"
)

// Evaluation statuses.
const (
	EvaluationOpen   = "open"
	EvaluationClosed = "closed"
)

// Evaluation is a workspace's decision project, bound to one questionnaire version.
type Evaluation struct {
	ID                   string             `json:"id"`
	Name                 string             `json:"name"`
	Description          string             `json:"description"`
	QuestionnaireKey     string             `json:"questionnaire_key"`
	QuestionnaireVersion int                `json:"questionnaire_version"`
	Weights              map[string]float64 `json:"weights"`
	// DueDate is a calendar date, YYYY-MM-DD, or empty.
	DueDate string `json:"due_date,omitempty"`
	Status  string `json:"status"`
	// BlindRatings hides other evaluators' ratings of an answer from an
	// evaluator until they have rated it themselves.
	BlindRatings bool `json:"blind_ratings"`
	// TextScoring gives unrated answers a provisional score from what their text
	// says (the suggested rating); off, unrated text is unscored and options
	// score alone. Evaluators' ratings always win.
	TextScoring bool `json:"text_scoring"`
	// LinkGraceDays: a link works until the due date plus this many days.
	LinkGraceDays int `json:"link_grace_days"`
	// CloseAtDue closes the evaluation by itself once its due date has passed.
	CloseAtDue bool `json:"close_at_due"`
	// ReminderDays are the days before the due date on which the links not
	// yet submitted get a reminder (empty: none).
	ReminderDays []int      `json:"reminder_days"`
	ClosedAt     *time.Time `json:"closed_at"`
	CreatedBy    string     `json:"created_by,omitempty"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`

	CandidateCount int `json:"candidate_count"`
	SubmittedCount int `json:"submitted_count"`
}

// Response statuses.
const (
	ResponseNotStarted = "not_started"
	ResponseInProgress = "in_progress"
	ResponseSubmitted  = "submitted"
)

// Candidate is one MSP in an evaluation, with the state of its response.
type Candidate struct {
	ID           string    `json:"id"`
	EvaluationID string    `json:"evaluation_id"`
	Name         string    `json:"name"`
	ContactName  string    `json:"contact_name"`
	ContactEmail string    `json:"contact_email"`
	Website      string    `json:"website"`
	Notes        string    `json:"notes"`
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
	Response     Response  `json:"response"`
}

// Response is the state of a candidate's answers. It records the questionnaire
// version it answers, which never changes once published.
type Response struct {
	QuestionnaireKey     string     `json:"questionnaire_key"`
	QuestionnaireVersion int        `json:"questionnaire_version"`
	Status               string     `json:"status"`
	Revision             int        `json:"revision"`
	StartedAt            *time.Time `json:"started_at"`
	AnsweredAt           *time.Time `json:"answered_at"`
	SubmittedAt          *time.Time `json:"submitted_at"`
	// SubmittedBy is "respondent" or the ID of the user who submitted for the candidate.
	SubmittedBy string     `json:"submitted_by,omitempty"`
	ReopenedAt  *time.Time `json:"reopened_at"`
}

// StoredAnswer is an answer with who saved it and when.
type StoredAnswer struct {
	questions.Answer
	UpdatedAt time.Time `json:"updated_at"`
	// UpdatedBy is "respondent" or a user ID.
	UpdatedBy string `json:"updated_by"`
}

// ByRespondent marks answers and submissions made through an invitation link.
const ByRespondent = "respondent"

// Invitation statuses, as derived by Invitation.StatusAt.
const (
	InvitationSent       = "sent"
	InvitationOpened     = "opened"
	InvitationInProgress = "in_progress"
	InvitationSubmitted  = "submitted"
	InvitationExpired    = "expired"
	InvitationRevoked    = "revoked"
)

// DefaultInvitationTTL is how long a link works unless the editor says otherwise.
const DefaultInvitationTTL = 30 * 24 * time.Hour

// Invitation is a single-candidate link. Only the hash of its token is stored.
type Invitation struct {
	ID          string     `json:"id"`
	CandidateID string     `json:"candidate_id"`
	CreatedBy   string     `json:"created_by,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	ExpiresAt   time.Time  `json:"expires_at"`
	RevokedAt   *time.Time `json:"revoked_at"`
	OpenedAt    *time.Time `json:"opened_at"`
	StartedAt   *time.Time `json:"started_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
	LastSeenAt  *time.Time `json:"last_seen_at"`
	Status      string     `json:"status"`
}

// StatusAt derives the invitation's status at a moment: revoked and expired links
// stop working; otherwise the furthest step the respondent reached.
func (inv *Invitation) StatusAt(now time.Time) string {
	switch {
	case inv.RevokedAt != nil:
		return InvitationRevoked
	case inv.SubmittedAt != nil:
		// The buyer wants to see that it was answered, even once the link stops.
		return InvitationSubmitted
	case inv.expired(now):
		return InvitationExpired
	case inv.StartedAt != nil:
		return InvitationInProgress
	case inv.OpenedAt != nil:
		return InvitationOpened
	}
	return InvitationSent
}

// expired reports whether the link's lifetime is over at now.
func (inv *Invitation) expired(now time.Time) bool { return !now.Before(inv.ExpiresAt) }

// RespondentForm is everything a respondent's link shows: who is asking, by when,
// the questions without evaluator material, and the draft. Nothing about scores,
// ratings, signals or other candidates is in it.
type RespondentForm struct {
	Evaluation struct {
		Name    string `json:"name"`
		DueDate string `json:"due_date,omitempty"`
		// Closed: the evaluation takes no more answers; the form is read-only.
		Closed bool `json:"closed"`
	} `json:"evaluation"`
	RequestedBy struct {
		Workspace string `json:"workspace"`
		Name      string `json:"name,omitempty"`
	} `json:"requested_by"`
	Candidate struct {
		Name string `json:"name"`
	} `json:"candidate"`
	Invitation struct {
		ExpiresAt time.Time `json:"expires_at"`
	} `json:"invitation"`
	Response struct {
		Status      string     `json:"status"`
		Revision    int        `json:"revision"`
		SubmittedAt *time.Time `json:"submitted_at"`
	} `json:"response"`
	Questionnaire questions.RespondentQuestionnaire `json:"questionnaire"`
	Answers       map[string]questions.Answer       `json:"answers"`
}

// RespondentDraft is what a respondent gets back after saving or submitting.
type RespondentDraft struct {
	Status      string     `json:"status"`
	Revision    int        `json:"revision"`
	SavedAt     *time.Time `json:"saved_at"`
	SubmittedAt *time.Time `json:"submitted_at"`
	// Saved are the keys an autosave stored or cleared.
	Saved []string `json:"saved,omitempty"`
	// Answers are the response's answers after a submission; an autosave
	// leaves them out (the form has them).
	Answers map[string]questions.Answer `json:"answers,omitempty"`
	// Progress is how many required questions the answers complete, of all.
	Progress Progress `json:"progress"`
}

// Progress counts a response's required questions and the completed ones.
type Progress struct {
	Done  int `json:"done"`
	Total int `json:"total"`
}

// Page asks for one page of a list. Lists are ordered by creation (newest first
// for evaluations, oldest first for candidates and invitations).
type Page struct {
	Limit  int
	Cursor string
}

// Page limits.
const (
	DefaultPageLimit = 50
	MaxPageLimit     = 200
)

// Rating is one evaluator's 0-4 score of one answer, with a note.
type Rating struct {
	QuestionKey   string `json:"question_key"`
	EvaluatorID   string `json:"evaluator_id"`
	EvaluatorName string `json:"evaluator_name"`
	Score         int    `json:"score"`
	Note          string `json:"note"`
	// Stale marks a rating given to an answer that changed since (after a
	// reopen): it stops counting until its evaluator rates the answer again.
	Stale     bool      `json:"stale"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// RatingSummary is what one caller may see of an answer's ratings. Under blind
// ratings an evaluator who has not rated the answer sees only how many others
// did; owners still see the consensus and the spread.
type RatingSummary struct {
	QuestionKey  string   `json:"question_key"`
	Mine         *Rating  `json:"mine"`
	Ratings      []Rating `json:"ratings"`
	Count        int      `json:"count"`
	Hidden       bool     `json:"hidden"`
	Consensus    *float64 `json:"consensus"`
	Spread       *float64 `json:"spread"`
	Disagreement bool     `json:"disagreement"`
}

// LinkExpiry is when a new link stops working by default: at the end of the
// due date (UTC) plus the grace period, never before the due date; without a
// due date, DefaultInvitationTTL from now.
func (e Evaluation) LinkExpiry(now time.Time) time.Time {
	due, err := time.Parse("2006-01-02", e.DueDate)
	if e.DueDate == "" || err != nil {
		return now.Add(DefaultInvitationTTL)
	}
	end := due.AddDate(0, 0, 1+max(0, e.LinkGraceDays))
	if end.Before(now.Add(24 * time.Hour)) {
		// A due date long past: the link still gets a day to be opened.
		return now.Add(24 * time.Hour)
	}
	return end
}
