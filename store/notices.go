package store

import (
	"context"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"mspeval"
)

// SetNotifySubmissions turns the caller's submission emails on or off in the
// caller's workspace.
func (s *Store) SetNotifySubmissions(ctx context.Context, c mspeval.Caller, on bool) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		return tx.Model(&membershipRow{}).Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, c.UserID).
			Update("notify_submissions", on).Error
	})
}

// NotifySubmissions says whether the caller gets submission emails.
func (s *Store) NotifySubmissions(ctx context.Context, c mspeval.Caller) (bool, error) {
	var m membershipRow
	err := s.read(ctx).Where("workspace_id = ? AND user_id = ?", c.WorkspaceID, c.UserID).Take(&m).Error
	return m.NotifySubmissions, translate(err)
}

// queueSubmissionNotice emails the member who created a candidate's
// evaluation, when they asked to be told, that the candidate submitted.
func (s *Store) queueSubmissionNotice(tx *gorm.DB, cand candidateRow, by string) error {
	var ev evaluationRow
	if err := tx.Select("id, name, created_by").Where("id = ?", cand.EvaluationID).Take(&ev).Error; err != nil || ev.CreatedBy == nil {
		return err
	}
	var u struct {
		Email, Name string
	}
	err := tx.Table("users").Select("users.email, users.name").
		Joins("JOIN memberships ON memberships.user_id = users.id").
		Where("users.id = ? AND memberships.workspace_id = ? AND memberships.notify_submissions", *ev.CreatedBy, cand.WorkspaceID).
		Limit(1).Scan(&u).Error
	if err != nil || u.Email == "" || by == *ev.CreatedBy {
		return err // nobody asked, or they submitted it themselves
	}
	payload, err := json.Marshal(mspeval.SubmissionNotice{To: u.Email, ToName: u.Name, CandidateID: cand.ID,
		CandidateName: cand.Name, EvaluationName: ev.Name})
	if err != nil {
		return err
	}
	return s.enqueue(tx, mspeval.OutboxItem{WorkspaceID: cand.WorkspaceID, Kind: mspeval.OutboxEmail, Topic: mspeval.TopicNotice,
		CandidateID: cand.ID, Recipient: u.Email, Payload: payload,
		IdempotencyKey: fmt.Sprintf("%s:%s:%d", mspeval.TopicNotice, cand.ID, cand.ResponseRevision+1)})
}
