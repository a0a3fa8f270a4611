package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"mspeval"
	"mspeval/questions"
)

// The respondent's autosave is the busiest write of the service: a form saves
// every few seconds while someone types. It takes the statements the rule
// needs and no more: one read of the link with its response and evaluation,
// the upsert, the response's revision, the link's progress only when it moved
// (or once a minute for last_seen_at), and one read of the answers for the
// progress the form shows.

// linkState is a link with its candidate's response and its evaluation's
// status, read in one statement.
type linkState struct {
	Candidate        candidateRow `gorm:"embedded"`
	InvitationID     string
	InvExpiresAt     time.Time
	InvRevokedAt     *time.Time
	InvOpenedAt      *time.Time
	InvStartedAt     *time.Time
	InvLastSeenAt    *time.Time
	EvaluationStatus string
}

// seenEvery is how stale a link's last_seen_at may get before a save refreshes it.
const seenEvery = time.Minute

// readLink reads a working link's state; with lock, on PostgreSQL, it locks
// the candidate row for the rest of the transaction (SQLite's write
// transactions run one at a time already).
func (s *Store) readLink(tx *gorm.DB, secret string, lock bool) (linkState, error) {
	var l linkState
	sql := "SELECT c.*, i.id AS invitation_id, i.expires_at AS inv_expires_at, i.revoked_at AS inv_revoked_at, " +
		"i.opened_at AS inv_opened_at, i.started_at AS inv_started_at, i.last_seen_at AS inv_last_seen_at, " +
		"e.status AS evaluation_status " +
		"FROM invitations i JOIN candidates c ON c.id = i.candidate_id JOIN evaluations e ON e.id = c.evaluation_id " +
		"WHERE i.token_hash = ?"
	if lock && s.dialect == Postgres {
		sql += " FOR UPDATE OF c"
	}
	res := tx.Raw(sql, mspeval.HashSecret(secret)).Scan(&l)
	if res.Error != nil {
		return l, res.Error
	}
	if res.RowsAffected == 0 {
		return l, mspeval.Errorf(mspeval.ENOTFOUND, "this link is not valid; check that it was copied whole")
	}
	inv := mspeval.Invitation{ExpiresAt: l.InvExpiresAt, RevokedAt: l.InvRevokedAt}
	if err := inv.Usable(s.clock()); err != nil {
		return l, err
	}
	return l, nil
}

// RespondentSave saves part of a draft through a link and answers with the
// new revision, the keys saved and the progress.
func (s *Store) RespondentSave(ctx context.Context, secret string, in map[string]*questions.Answer) (mspeval.RespondentDraft, error) {
	var d mspeval.RespondentDraft
	err := s.groupWrite(ctx, func(tx *gorm.DB) error {
		l, err := s.readLink(tx, secret, true)
		if err != nil {
			return err
		}
		if l.EvaluationStatus == mspeval.EvaluationClosed {
			return errEvaluationClosed
		}
		change, keys, err := s.writeAnswers(tx, l.Candidate, in, mspeval.ByRespondent)
		if err != nil {
			return err
		}
		now := s.clock()
		seen := map[string]any{}
		if l.InvOpenedAt == nil {
			seen["opened_at"] = now
		}
		if l.InvStartedAt == nil {
			seen["started_at"] = now
		}
		if l.InvLastSeenAt == nil || now.Sub(*l.InvLastSeenAt) >= seenEvery || len(seen) > 0 {
			seen["last_seen_at"] = now
			if err := tx.Model(&invitationRow{}).Where("id = ?", l.InvitationID).Updates(seen).Error; err != nil {
				return err
			}
		}
		stored, err := loadAnswers(tx, l.Candidate.ID)
		if err != nil {
			return err
		}
		q, err := s.questionnaire(l.Candidate.QuestionnaireKey, l.Candidate.QuestionnaireVersion)
		if err != nil {
			return err
		}
		d = mspeval.RespondentDraft{Status: change.Status, Revision: l.Candidate.ResponseRevision + 1, SavedAt: change.AnsweredAt,
			Saved: keys}
		d.Progress.Done, d.Progress.Total = q.Progress(plainAnswers(stored))
		return nil
	})
	return d, err
}

// errEvaluationClosed is what a respondent hears when the evaluation closed.
var errEvaluationClosed = mspeval.Errorf(mspeval.ECONFLICT, "this evaluation is closed, so answers can no longer be changed or submitted; "+
	"ask the person who sent the link if you need it reopened")

// RespondentQuestionnaire returns the questionnaire a working link answers,
// read-only: a form posted without JavaScript is read against it before the
// save, without recording an opening.
func (s *Store) RespondentQuestionnaire(ctx context.Context, secret string) (*questions.Questionnaire, error) {
	var l linkState
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		var err error
		l, err = s.readLink(tx, secret, false)
		return err
	})
	if err != nil {
		return nil, err
	}
	return s.questionnaire(l.Candidate.QuestionnaireKey, l.Candidate.QuestionnaireVersion)
}
