package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mspeval"
)

// Invitation lifetimes an editor may choose.
const (
	MinInvitationTTL = time.Hour
	MaxInvitationTTL = 365 * 24 * time.Hour
)

// CreateInvitation creates a link for a candidate. The returned secret is the only
// copy: the database keeps its hash.
func (s *Store) CreateInvitation(ctx context.Context, c mspeval.Caller, candidateID string, expiresAt *time.Time) (mspeval.Invitation, string, error) {
	return s.SendInvitation(ctx, c, candidateID, InvitationOptions{ExpiresAt: expiresAt})
}

// InvitationOptions shape a new link.
type InvitationOptions struct {
	// ExpiresAt overrides the evaluation's default (its due date plus grace).
	ExpiresAt *time.Time
	// Email, when set, queues an email with the link to this address, in the
	// same transaction; Name is the person it greets.
	Email, Name string
}

// SendInvitation creates a link and, with an address, queues the email that
// carries it (and the invitation.sent event). An address that opted out of the
// workspace's email is refused.
func (s *Store) SendInvitation(ctx context.Context, c mspeval.Caller, candidateID string, o InvitationOptions) (mspeval.Invitation, string, error) {
	now := s.clock()
	var exp time.Time
	if o.ExpiresAt != nil {
		exp = o.ExpiresAt.UTC().Truncate(time.Microsecond)
		if exp.Sub(now) < MinInvitationTTL || exp.Sub(now) > MaxInvitationTTL {
			return mspeval.Invitation{}, "", mspeval.Invalid("the expiry is out of range",
				mspeval.FieldError{Field: "expires_at", Message: "must be between one hour and one year from now"})
		}
	}
	email := strings.TrimSpace(o.Email)
	if email != "" && !validEmail(email) {
		return mspeval.Invitation{}, "", mspeval.Invalid("the address is not valid", mspeval.FieldError{Field: "email", Message: "is not an email address"})
	}
	if fields := checkText("name", o.Name, 0, 200); len(fields) > 0 {
		return mspeval.Invitation{}, "", mspeval.Invalid("the name is not valid", fields...)
	}
	secret := mspeval.NewSecret("msr_")
	var row invitationRow
	var cand candidateRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		var err error
		cand, err = getCandidate(tx, c, candidateID)
		if err != nil {
			return err
		}
		ev, err := getEvaluation(tx, c, cand.EvaluationID)
		if err != nil {
			return err
		}
		if err := ev.toDomain().AcceptsChanges(); err != nil {
			return err
		}
		if exp.IsZero() {
			exp = ev.toDomain().LinkExpiry(now).Truncate(time.Microsecond)
		}
		row = invitationRow{
			ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, CandidateID: cand.ID, Email: strings.ToLower(email), MailSecret: mailSecret(email, secret),
			TokenHash: mspeval.HashSecret(secret), CreatedBy: &c.UserID, CreatedAt: now, ExpiresAt: exp,
		}
		if err := tx.Create(&row).Error; err != nil {
			return err
		}
		if email == "" {
			return nil
		}
		return s.queueInvitationEmail(tx, c, ev, cand, row, secret, o.Name, mspeval.TopicInvitation)
	})
	if err != nil {
		return mspeval.Invitation{}, "", err
	}
	return row.toDomain(now, cand.ResponseStatus), secret, nil
}

// queueInvitationEmail writes the email that carries a link (or reminds of it).
func (s *Store) queueInvitationEmail(tx *gorm.DB, c mspeval.Caller, ev evaluationRow, cand candidateRow, inv invitationRow, secret, name, topic string) error {
	var n int64
	if err := tx.Table("email_optouts").Where("workspace_id = ? AND email = ?", c.WorkspaceID, inv.Email).Count(&n).Error; err != nil {
		return err
	}
	if n > 0 {
		return mspeval.Invalid("this address asked not to be emailed by this workspace",
			mspeval.FieldError{Field: "email", Message: "opted out of this workspace's email; send the link another way"})
	}
	var ws workspaceRow
	if err := tx.Where("id = ?", c.WorkspaceID).Take(&ws).Error; err != nil {
		return err
	}
	var requester userRow
	if c.UserID != "" {
		_ = tx.Select("name").Where("id = ?", c.UserID).Take(&requester).Error
	}
	if name == "" {
		name = cand.ContactName
	}
	msg := mspeval.InvitationEmail{To: inv.Email, ToName: name, CandidateName: cand.Name, RequesterName: requester.Name,
		Workspace: ws.Name, EvaluationName: ev.Name, Secret: secret, Reminder: topic == mspeval.TopicReminder,
		Resume: topic == mspeval.TopicResume, DateStyle: mspeval.DateStyle(ws.DateStyle)}
	if ev.DueDate != nil {
		msg.DueDate = *ev.DueDate
	}
	payload, err := json.Marshal(msg)
	if err != nil {
		return err
	}
	key := fmt.Sprintf("%s:%s:%s", topic, inv.ID, s.clock().Format("2006-01-02"))
	if err := s.enqueue(tx, mspeval.OutboxItem{WorkspaceID: c.WorkspaceID, Kind: mspeval.OutboxEmail, Topic: topic,
		CandidateID: cand.ID, InvitationID: inv.ID, Recipient: inv.Email, Payload: payload, IdempotencyKey: key}); err != nil {
		return err
	}
	if topic != mspeval.TopicInvitation {
		return nil
	}
	return s.emit(tx, c.WorkspaceID, mspeval.EventInvitationSent, inv.ID, 1, cand.ID,
		candidateEvent(cand, map[string]any{"invitation_id": inv.ID, "email": inv.Email, "expires_at": inv.ExpiresAt}))
}

// OptOut records that an address wants no more email from the workspace of a
// link, for the one-click unsubscribe (RFC 8058). It works with any link the
// address was sent, whether or not the link still works.
func (s *Store) OptOut(ctx context.Context, secret string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		var inv invitationRow
		if err := tx.Where("token_hash = ?", mspeval.HashSecret(secret)).Take(&inv).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return mspeval.Errorf(mspeval.ENOTFOUND, "this link is not valid")
			}
			return err
		}
		if inv.Email == "" {
			return mspeval.Errorf(mspeval.ENOTFOUND, "this link was not sent by email")
		}
		return tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&emailOptOutRow{
			WorkspaceID: inv.WorkspaceID, Email: inv.Email, CreatedAt: s.clock()}).Error
	})
}

type emailOptOutRow struct {
	WorkspaceID string
	Email       string
	CreatedAt   time.Time
}

func (emailOptOutRow) TableName() string { return "email_optouts" }

// ListInvitations lists a candidate's invitations, oldest first.
func (s *Store) ListInvitations(ctx context.Context, c mspeval.Caller, candidateID string, p mspeval.Page) ([]mspeval.Invitation, string, error) {
	db := s.read(ctx)
	cand, err := getCandidate(db, c, candidateID)
	if err != nil {
		return nil, "", err
	}
	q, limit, err := paginate(db.Where("candidate_id = ? AND workspace_id = ?", candidateID, c.WorkspaceID), "invitations", p, false)
	if err != nil {
		return nil, "", err
	}
	var rows []invitationRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", translate(err)
	}
	now := s.clock()
	out, next := pageOf(rows, limit, func(r invitationRow) string { return r.ID }, func(r invitationRow) mspeval.Invitation { return r.toDomain(now, cand.ResponseStatus) })
	return out, next, nil
}

// RevokeInvitation stops a link from working. Revoking twice is harmless.
func (s *Store) RevokeInvitation(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		var row invitationRow
		if err := tx.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Take(&row).Error; err != nil {
			if err == gorm.ErrRecordNotFound {
				return mspeval.NotFound("invitation")
			}
			return err
		}
		if row.RevokedAt != nil {
			return nil
		}
		return tx.Model(&invitationRow{}).Where("id = ?", id).Updates(map[string]any{"revoked_at": s.clock(), "mail_secret": ""}).Error
	})
}

// EvaluationInvitations returns the invitations of every candidate of an
// evaluation in one query, by candidate ID, oldest first.
func (s *Store) EvaluationInvitations(ctx context.Context, c mspeval.Caller, evaluationID string) (map[string][]mspeval.Invitation, error) {
	return snapshotValue(s, ctx, func(db *gorm.DB) (map[string][]mspeval.Invitation, error) {
		if _, err := getEvaluation(db, c, evaluationID); err != nil {
			return nil, err
		}
		var cands []candidateRow
		if err := db.Select("id, response_status").Where("evaluation_id = ? AND workspace_id = ?", evaluationID, c.WorkspaceID).
			Find(&cands).Error; err != nil {
			return nil, translate(err)
		}
		status := make(map[string]string, len(cands))
		ids := make([]string, len(cands))
		for i, cd := range cands {
			status[cd.ID], ids[i] = cd.ResponseStatus, cd.ID
		}
		var rows []invitationRow
		if len(ids) > 0 {
			if err := db.Where("candidate_id IN ?", ids).Order("id").Find(&rows).Error; err != nil {
				return nil, translate(err)
			}
		}
		now := s.clock()
		out := map[string][]mspeval.Invitation{}
		for _, r := range rows {
			out[r.CandidateID] = append(out[r.CandidateID], r.toDomain(now, status[r.CandidateID]))
		}
		return out, nil
	})
}

// mailSecret is what an invitation keeps of its link: nothing, unless it was
// emailed, when reminders need to quote it.
func mailSecret(email, secret string) string {
	if email == "" {
		return ""
	}
	return secret
}
