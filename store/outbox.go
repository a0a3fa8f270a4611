package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mspeval"
)

// Outbox states.
const (
	OutboxQueued  = "queued"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
	OutboxBounced = "bounced"
)

type outboxRow struct {
	ID             string
	WorkspaceID    string
	Kind           string
	Topic          string
	CandidateID    *string
	InvitationID   *string
	EndpointID     *string
	Recipient      string
	Payload        string
	IdempotencyKey string
	State          string
	Attempts       int
	NextAttemptAt  time.Time
	LeaseOwner     string
	LeaseUntil     *time.Time
	LastError      string
	StatusCode     *int
	LatencyMs      *int
	CreatedAt      time.Time
	SentAt         *time.Time
}

func (outboxRow) TableName() string { return "outbox" }

func (r outboxRow) toDomain() mspeval.OutboxItem {
	it := mspeval.OutboxItem{ID: r.ID, WorkspaceID: r.WorkspaceID, Kind: r.Kind, Topic: r.Topic, Recipient: r.Recipient,
		Payload: []byte(r.Payload), State: r.State, Attempts: r.Attempts, LastError: r.LastError,
		StatusCode: r.StatusCode, LatencyMs: r.LatencyMs, CreatedAt: r.CreatedAt.UTC(), SentAt: utcPtr(r.SentAt),
		NextAttemptAt: r.NextAttemptAt.UTC()}
	for _, p := range []struct {
		src *string
		dst *string
	}{{r.CandidateID, &it.CandidateID}, {r.InvitationID, &it.InvitationID}, {r.EndpointID, &it.EndpointID}} {
		if p.src != nil {
			*p.dst = *p.src
		}
	}
	return it
}

// enqueue writes a message to the outbox inside the caller's transaction, so
// that it exists exactly when the change that causes it does. A second message
// with the same idempotency key is dropped.
func (s *Store) enqueue(tx *gorm.DB, it mspeval.OutboxItem) error {
	now := s.clock()
	row := outboxRow{ID: mspeval.NewID(now), WorkspaceID: it.WorkspaceID, Kind: it.Kind, Topic: it.Topic,
		CandidateID: nonEmpty(it.CandidateID), InvitationID: nonEmpty(it.InvitationID), EndpointID: nonEmpty(it.EndpointID),
		Recipient: it.Recipient, Payload: string(it.Payload), IdempotencyKey: it.IdempotencyKey, State: OutboxQueued,
		NextAttemptAt: now, CreatedAt: now}
	return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "idempotency_key"}}, DoNothing: true}).Create(&row).Error
}

// LeaseOutbox takes up to n messages that are due, for owner, until the lease
// runs out: queued ones, and sending ones whose lease expired (their sender
// died). On PostgreSQL the rows are locked with SKIP LOCKED, so two instances
// never lease the same message; on SQLite the single writer does the same.
func (s *Store) LeaseOutbox(ctx context.Context, owner string, n int, lease time.Duration) ([]mspeval.OutboxItem, error) {
	var rows []outboxRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		now := s.clock()
		q := tx.Where("next_attempt_at <= ? AND (state = ? OR (state = ? AND lease_until < ?))", now, OutboxQueued, OutboxSending, now).
			Order("next_attempt_at, id").Limit(n)
		if s.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		if err := q.Find(&rows).Error; err != nil || len(rows) == 0 {
			return err
		}
		ids := make([]string, len(rows))
		until := now.Add(lease)
		for i := range rows {
			ids[i] = rows[i].ID
			rows[i].State, rows[i].LeaseOwner, rows[i].LeaseUntil = OutboxSending, owner, &until
			rows[i].Attempts++
		}
		return tx.Model(&outboxRow{}).Where("id IN ?", ids).Updates(map[string]any{
			"state": OutboxSending, "lease_owner": owner, "lease_until": until, "attempts": gorm.Expr("attempts + 1"),
		}).Error
	})
	out := make([]mspeval.OutboxItem, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, err
}

// OutboxResult is what became of one attempt to send a message.
type OutboxResult struct {
	// State is OutboxSent, OutboxFailed or OutboxBounced (final), or
	// OutboxQueued to try again at RetryAt.
	State      string
	RetryAt    time.Time
	Error      string
	StatusCode *int
	Latency    time.Duration
	// Payload, when set, replaces the stored payload (a sent email's link is
	// not kept).
	Payload []byte
}

// FinishOutbox records an attempt. Only the lease's owner may: a message
// whose lease expired and was taken over is not recorded twice.
func (s *Store) FinishOutbox(ctx context.Context, id, owner string, r OutboxResult) error {
	now := s.clock()
	ms := int(r.Latency / time.Millisecond)
	changes := map[string]any{"state": r.State, "lease_owner": "", "lease_until": nil, "last_error": truncate(r.Error, 2000),
		"status_code": r.StatusCode, "latency_ms": &ms}
	switch r.State {
	case OutboxSent:
		changes["sent_at"] = now
	case OutboxQueued:
		changes["next_attempt_at"] = r.RetryAt.UTC()
	}
	if r.Payload != nil {
		changes["payload"] = string(r.Payload)
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		return tx.Model(&outboxRow{}).Where("id = ? AND lease_owner = ? AND state = ?", id, owner, OutboxSending).Updates(changes).Error
	})
}

// ReleaseOutbox gives back leased messages that were not attempted (the
// worker is shutting down), so another worker can take them at once.
func (s *Store) ReleaseOutbox(ctx context.Context, owner string, ids []string) error {
	if len(ids) == 0 {
		return nil
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		return tx.Model(&outboxRow{}).Where("id IN ? AND lease_owner = ? AND state = ?", ids, owner, OutboxSending).
			Updates(map[string]any{"state": OutboxQueued, "lease_owner": "", "lease_until": nil,
				"attempts": gorm.Expr("attempts - 1")}).Error
	})
}

// CandidateMessages lists what the outbox holds for a candidate, newest first:
// each email with its state and the server's words when it failed.
func (s *Store) CandidateMessages(ctx context.Context, c mspeval.Caller, candidateID string) ([]mspeval.OutboxItem, error) {
	db := s.read(ctx)
	cand, err := getCandidate(db, c, candidateID)
	if err != nil {
		return nil, err
	}
	var rows []outboxRow
	if err := db.Where("candidate_id = ? AND workspace_id = ?", cand.ID, c.WorkspaceID).Order("id DESC").Limit(100).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]mspeval.OutboxItem, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
		out[i].Payload = nil // it may hold the link's secret
	}
	return out, nil
}

// EvaluationEmails returns, per candidate of an evaluation, its emails newest
// first (at most a few each), in one query.
func (s *Store) EvaluationEmails(ctx context.Context, c mspeval.Caller, evaluationID string) (map[string][]mspeval.OutboxItem, error) {
	var rows []outboxRow
	err := s.read(ctx).Table("outbox").Select("outbox.*").
		Joins("JOIN candidates ON candidates.id = outbox.candidate_id").
		Where("candidates.evaluation_id = ? AND outbox.workspace_id = ? AND outbox.kind = ?", evaluationID, c.WorkspaceID, mspeval.OutboxEmail).
		Order("outbox.id DESC").Limit(1000).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := map[string][]mspeval.OutboxItem{}
	for _, r := range rows {
		it := r.toDomain()
		it.Payload = nil
		if len(out[it.CandidateID]) < 3 {
			out[it.CandidateID] = append(out[it.CandidateID], it)
		}
	}
	return out, nil
}
