package store

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"time"

	"mspeval"
	"mspeval/questions"
)

// Row types mirror the tables. They carry gorm tags and never leave this package.

type workspaceRow struct {
	ID        string
	Name      string
	CreatedAt time.Time
	DateStyle string
	TimeZone  string
}

func (workspaceRow) TableName() string { return "workspaces" }

type userRow struct {
	ID           string
	Email        string
	Name         string
	PasswordHash string
	CreatedAt    time.Time
}

func (userRow) TableName() string { return "users" }

func (r userRow) toDomain() mspeval.User {
	return mspeval.User{ID: r.ID, Email: r.Email, Name: r.Name, CreatedAt: r.CreatedAt.UTC()}
}

type membershipRow struct {
	WorkspaceID string `gorm:"primaryKey"`
	UserID      string `gorm:"primaryKey"`
	Role        string
	CreatedAt   time.Time
	// NotifySubmissions: email this member when a candidate of an
	// evaluation they created submits.
	NotifySubmissions bool
}

func (membershipRow) TableName() string { return "memberships" }

type sessionRow struct {
	TokenHash   string `gorm:"primaryKey"`
	UserID      string
	WorkspaceID string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	// LastSeenAt is renewed as the session is used, at most every few minutes;
	// the session ends an idle time after it.
	LastSeenAt *time.Time
	ClientIP   string `gorm:"column:client_ip"`
	UserAgent  string
}

func (sessionRow) TableName() string { return "sessions" }

type memberInvitationRow struct {
	ID             string
	WorkspaceID    string
	Email          string
	Name           string
	Role           string
	InvitedBy      *string
	CreatedAccount bool
	CreatedAt      time.Time
}

func (memberInvitationRow) TableName() string { return "member_invitations" }

type apiTokenRow struct {
	ID          string
	WorkspaceID string
	UserID      string
	Name        string
	Role        string
	TokenHash   string
	Hint        string
	CreatedAt   time.Time
	ExpiresAt   *time.Time
	LastUsedAt  *time.Time
	RevokedAt   *time.Time
}

func (apiTokenRow) TableName() string { return "api_tokens" }

func (r apiTokenRow) toDomain() mspeval.APIToken {
	return mspeval.APIToken{
		ID: r.ID, Name: r.Name, Role: mspeval.Role(r.Role), Hint: r.Hint, CreatedBy: r.UserID,
		CreatedAt: r.CreatedAt.UTC(), ExpiresAt: utcPtr(r.ExpiresAt), LastUsedAt: utcPtr(r.LastUsedAt),
	}
}

type signinFailureRow struct {
	ID       int64 `gorm:"primaryKey;autoIncrement"`
	Email    string
	ClientIP string `gorm:"column:client_ip"`
	At       time.Time
}

func (signinFailureRow) TableName() string { return "signin_failures" }

type questionnaireVersionRow struct {
	Key         string `gorm:"primaryKey"`
	Version     int    `gorm:"primaryKey"`
	WorkspaceID *string
	Title       string
	Checksum    string
	Definition  string
	PublishedAt time.Time
}

func (questionnaireVersionRow) TableName() string { return "questionnaire_versions" }

type evaluationRow struct {
	ID                   string
	WorkspaceID          string
	Name                 string
	Description          string
	QuestionnaireKey     string
	QuestionnaireVersion int
	Weights              string
	DueDate              *string
	Status               string
	BlindRatings         bool
	TextScoring          bool
	LinkGraceDays        int
	CloseAtDue           bool
	ReminderDays         string
	ClosedAt             *time.Time
	CreatedBy            *string
	CreatedAt            time.Time
	UpdatedAt            time.Time

	// Filled by list queries, not columns.
	CandidateCount int `gorm:"->;-:migration"`
	SubmittedCount int `gorm:"->;-:migration"`
}

func (evaluationRow) TableName() string { return "evaluations" }

func (r evaluationRow) toDomain() mspeval.Evaluation {
	e := mspeval.Evaluation{
		ID: r.ID, Name: r.Name, Description: r.Description,
		QuestionnaireKey: r.QuestionnaireKey, QuestionnaireVersion: r.QuestionnaireVersion,
		Status: r.Status, BlindRatings: r.BlindRatings, TextScoring: r.TextScoring, LinkGraceDays: r.LinkGraceDays, CloseAtDue: r.CloseAtDue, ReminderDays: reminderDays(r.ReminderDays), ClosedAt: utcPtr(r.ClosedAt), CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		CandidateCount: r.CandidateCount, SubmittedCount: r.SubmittedCount,
	}
	_ = json.Unmarshal([]byte(r.Weights), &e.Weights)
	if r.DueDate != nil {
		e.DueDate = *r.DueDate
	}
	if r.CreatedBy != nil {
		e.CreatedBy = *r.CreatedBy
	}
	return e
}

type candidateRow struct {
	ID                   string
	WorkspaceID          string
	EvaluationID         string
	Name                 string
	ContactName          string
	ContactEmail         string
	Website              string
	Notes                string
	CreatedAt            time.Time
	UpdatedAt            time.Time
	QuestionnaireKey     string
	QuestionnaireVersion int
	ResponseStatus       string
	ResponseRevision     int
	StartedAt            *time.Time
	AnsweredAt           *time.Time
	SubmittedAt          *time.Time
	SubmittedBy          string
	ReopenedAt           *time.Time
	// RatingsRevision rises with every change to the candidate's ratings.
	RatingsRevision int
}

func (candidateRow) TableName() string { return "candidates" }

func (r candidateRow) toDomain() mspeval.Candidate {
	return mspeval.Candidate{
		ID: r.ID, EvaluationID: r.EvaluationID, Name: r.Name, ContactName: r.ContactName,
		ContactEmail: r.ContactEmail, Website: r.Website, Notes: r.Notes,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Response: mspeval.Response{
			QuestionnaireKey: r.QuestionnaireKey, QuestionnaireVersion: r.QuestionnaireVersion,
			Status: r.ResponseStatus, Revision: r.ResponseRevision,
			StartedAt: utcPtr(r.StartedAt), AnsweredAt: utcPtr(r.AnsweredAt),
			SubmittedAt: utcPtr(r.SubmittedAt), SubmittedBy: r.SubmittedBy, ReopenedAt: utcPtr(r.ReopenedAt),
		},
	}
}

type answerRow struct {
	CandidateID string `gorm:"primaryKey"`
	QuestionKey string `gorm:"primaryKey"`
	Value       string
	UpdatedAt   time.Time
	UpdatedBy   string
}

func (answerRow) TableName() string { return "answers" }

func (r answerRow) toDomain() (mspeval.StoredAnswer, error) {
	var a questions.Answer
	if err := json.Unmarshal([]byte(r.Value), &a); err != nil {
		return mspeval.StoredAnswer{}, err
	}
	return mspeval.StoredAnswer{Answer: a, UpdatedAt: r.UpdatedAt.UTC(), UpdatedBy: r.UpdatedBy}, nil
}

type invitationRow struct {
	ID          string
	WorkspaceID string
	CandidateID string
	TokenHash   string
	CreatedBy   *string
	CreatedAt   time.Time
	ExpiresAt   time.Time
	RevokedAt   *time.Time
	OpenedAt    *time.Time
	StartedAt   *time.Time
	SubmittedAt *time.Time
	LastSeenAt  *time.Time
	Email       string
	// MailSecret is the link of an emailed invitation while reminders may
	// need it; LastRemindedAt is when the last reminder was queued.
	MailSecret     string
	LastRemindedAt *time.Time
}

func (invitationRow) TableName() string { return "invitations" }

// toDomain derives the status at now; responseStatus is the candidate's, so that
// a response submitted by an editor shows as submitted on its links too.
func (r invitationRow) toDomain(now time.Time, responseStatus string) mspeval.Invitation {
	inv := mspeval.Invitation{
		ID: r.ID, CandidateID: r.CandidateID, CreatedAt: r.CreatedAt.UTC(), ExpiresAt: r.ExpiresAt.UTC(),
		RevokedAt: utcPtr(r.RevokedAt), OpenedAt: utcPtr(r.OpenedAt), StartedAt: utcPtr(r.StartedAt),
		SubmittedAt: utcPtr(r.SubmittedAt), LastSeenAt: utcPtr(r.LastSeenAt),
	}
	if r.CreatedBy != nil {
		inv.CreatedBy = *r.CreatedBy
	}
	inv.Status = inv.StatusAt(now)
	if responseStatus == mspeval.ResponseSubmitted && inv.Status != mspeval.InvitationRevoked && inv.Status != mspeval.InvitationExpired {
		inv.Status = mspeval.InvitationSubmitted
	}
	return inv
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

type ratingRow struct {
	CandidateID string `gorm:"primaryKey"`
	QuestionKey string `gorm:"primaryKey"`
	EvaluatorID string `gorm:"primaryKey"`
	Score       int
	Note        string
	AnswerHash  string
	CreatedAt   time.Time
	UpdatedAt   time.Time

	EvaluatorName string `gorm:"->;-:migration"`
	// AnswerValue is the answer's current value, joined in by loadRatings.
	AnswerValue *string `gorm:"->;-:migration"`
}

func (ratingRow) TableName() string { return "ratings" }

func (r ratingRow) toDomain() mspeval.Rating {
	return mspeval.Rating{QuestionKey: r.QuestionKey, EvaluatorID: r.EvaluatorID, EvaluatorName: r.EvaluatorName,
		Score: r.Score, Note: r.Note, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		Stale: r.AnswerHash != "" && r.AnswerValue != nil && answerHash(*r.AnswerValue) != r.AnswerHash}
}

// answerHash identifies an answer's value, so that a rating knows whether the
// answer it rated has changed since.
func answerHash(value string) string {
	sum := sha256.Sum256([]byte(value))
	return hex.EncodeToString(sum[:])
}

// reminderDays reads a stored reminder schedule; it was checked when saved.
func reminderDays(v string) []int {
	days, _ := ParseReminderDays(v)
	if days == nil {
		days = []int{}
	}
	return days
}
