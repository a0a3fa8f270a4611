package store

import (
	"context"
	"time"

	"gorm.io/gorm"

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
	now := s.clock()
	var exp time.Time
	if expiresAt != nil {
		exp = expiresAt.UTC().Truncate(time.Microsecond)
		if exp.Sub(now) < MinInvitationTTL || exp.Sub(now) > MaxInvitationTTL {
			return mspeval.Invitation{}, "", mspeval.Invalid("the expiry is out of range",
				mspeval.FieldError{Field: "expires_at", Message: "must be between one hour and one year from now"})
		}
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
			ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, CandidateID: cand.ID,
			TokenHash: mspeval.HashSecret(secret), CreatedBy: &c.UserID, CreatedAt: now, ExpiresAt: exp,
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return mspeval.Invitation{}, "", err
	}
	return row.toDomain(now, cand.ResponseStatus), secret, nil
}

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
		return tx.Model(&invitationRow{}).Where("id = ?", id).Update("revoked_at", s.clock()).Error
	})
}

// EvaluationInvitations returns the invitations of every candidate of an
// evaluation in one query, by candidate ID, oldest first.
func (s *Store) EvaluationInvitations(ctx context.Context, c mspeval.Caller, evaluationID string) (map[string][]mspeval.Invitation, error) {
	db := s.read(ctx)
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
}
