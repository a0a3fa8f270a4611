package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"mspeval"
)

// Reads that only the reports need: when each rating was given, the history
// of a candidate's links, and the date style behind a respondent's link. Each
// is scoped to the caller's workspace, or to the link's own.

// RatingTime is when one evaluator last rated one answer.
type RatingTime struct {
	CandidateID   string
	QuestionKey   string
	EvaluatorID   string
	EvaluatorName string
	RatedAt       time.Time
}

// RatingTimes lists, for every rating of an evaluation's answers, who gave
// it and when it was last changed.
func (s *Store) RatingTimes(ctx context.Context, c mspeval.Caller, evaluationID string) ([]RatingTime, error) {
	return snapshotValue(s, ctx, func(db *gorm.DB) ([]RatingTime, error) {
		if _, err := getEvaluation(db, c, evaluationID); err != nil {
			return nil, err
		}
		var rows []struct {
			CandidateID, QuestionKey, EvaluatorID, Name, Email string
			UpdatedAt                                          time.Time
		}
		err := db.Table("ratings").
			Select("ratings.candidate_id, ratings.question_key, ratings.evaluator_id, users.name, users.email, ratings.updated_at").
			Joins("JOIN candidates ON candidates.id = ratings.candidate_id").
			Joins("JOIN users ON users.id = ratings.evaluator_id").
			Where("candidates.evaluation_id = ? AND candidates.workspace_id = ?", evaluationID, c.WorkspaceID).
			Order("ratings.candidate_id, ratings.evaluator_id, ratings.question_key").
			Scan(&rows).Error
		if err != nil {
			return nil, translate(err)
		}
		out := make([]RatingTime, len(rows))
		for i, r := range rows {
			name := r.Name
			if name == "" {
				name = r.Email
			}
			out[i] = RatingTime{CandidateID: r.CandidateID, QuestionKey: r.QuestionKey, EvaluatorID: r.EvaluatorID,
				EvaluatorName: name, RatedAt: r.UpdatedAt.UTC()}
		}
		return out, nil
	})
}

// LinkRecord is one of a candidate's links with what became of it.
type LinkRecord struct {
	mspeval.Invitation
	// CreatedByName names the user who made the link; "" when not known.
	CreatedByName string
	// Emails carried the link or reminded of it, oldest first.
	Emails []LinkEmail
}

// LinkEmail is one email with a link, as the outbox holds it.
type LinkEmail struct {
	Topic     string // mspeval.TopicInvitation, TopicReminder or TopicResume
	Recipient string
	State     string // OutboxQueued, OutboxSending, OutboxSent, OutboxFailed or OutboxBounced
	QueuedAt  time.Time
	SentAt    *time.Time
}

// LinkHistory lists a candidate's links, oldest first, each with who made it
// and the emails that carried it.
func (s *Store) LinkHistory(ctx context.Context, c mspeval.Caller, candidateID string) ([]LinkRecord, error) {
	return snapshotValue(s, ctx, func(db *gorm.DB) ([]LinkRecord, error) {
		cand, err := getCandidate(db, c, candidateID)
		if err != nil {
			return nil, err
		}
		var invs []invitationRow
		if err := db.Where("candidate_id = ? AND workspace_id = ?", cand.ID, c.WorkspaceID).Order("created_at, id").
			Find(&invs).Error; err != nil {
			return nil, translate(err)
		}
		if len(invs) == 0 {
			return []LinkRecord{}, nil
		}
		var mails []outboxRow
		if err := db.Where("candidate_id = ? AND workspace_id = ? AND kind = ? AND invitation_id IS NOT NULL",
			cand.ID, c.WorkspaceID, mspeval.OutboxEmail).Order("created_at, id").Find(&mails).Error; err != nil {
			return nil, translate(err)
		}
		var userIDs []string
		for _, r := range invs {
			if r.CreatedBy != nil {
				userIDs = append(userIDs, *r.CreatedBy)
			}
		}
		names := map[string]string{}
		if len(userIDs) > 0 {
			var users []userRow
			if err := db.Select("id, name, email").Where("id IN ?", userIDs).Find(&users).Error; err != nil {
				return nil, translate(err)
			}
			for _, u := range users {
				names[u.ID] = u.Name
				if u.Name == "" {
					names[u.ID] = u.Email
				}
			}
		}
		now := s.clock()
		out := make([]LinkRecord, len(invs))
		index := map[string]int{}
		for i, r := range invs {
			out[i] = LinkRecord{Invitation: r.toDomain(now, cand.ResponseStatus), Emails: []LinkEmail{}}
			if r.CreatedBy != nil {
				out[i].CreatedByName = names[*r.CreatedBy]
			}
			index[r.ID] = i
		}
		for _, m := range mails {
			i, ok := index[*m.InvitationID]
			if !ok {
				continue
			}
			out[i].Emails = append(out[i].Emails, LinkEmail{Topic: m.Topic, Recipient: m.Recipient, State: m.State,
				QueuedAt: m.CreatedAt.UTC(), SentAt: utcPtr(m.SentAt)})
		}
		return out, nil
	})
}

// LinkDates is how the workspace behind a respondent's link writes dates.
func (s *Store) LinkDates(ctx context.Context, secret string) (mspeval.Dates, error) {
	var w workspaceRow
	err := s.read(ctx).Table("workspaces").Select("workspaces.*").
		Joins("JOIN invitations ON invitations.workspace_id = workspaces.id").
		Where("invitations.token_hash = ?", mspeval.HashSecret(secret)).Take(&w).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return mspeval.DefaultDates(), mspeval.Errorf(mspeval.ENOTFOUND, "this link is not valid; check that it was copied whole")
	}
	if err != nil {
		return mspeval.DefaultDates(), translate(err)
	}
	return w.toDomain().Dates(), nil
}
