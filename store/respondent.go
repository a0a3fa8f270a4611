package store

import (
	"context"
	"errors"

	"gorm.io/gorm"

	"mspeval"
	"mspeval/questions"
)

// The respondent's methods take the link's secret instead of a Caller. The
// secret resolves to one invitation, and through it to one candidate: every
// query below is keyed by that candidate and nothing else.

// resolveInvitation finds the invitation behind a secret and checks it still
// works, locking its candidate for the write transaction it runs in.
func (s *Store) resolveInvitation(tx *gorm.DB, secret string) (invitationRow, candidateRow, error) {
	return s.findInvitation(s.forUpdate(tx), tx, secret)
}

// peekInvitation is resolveInvitation for a read-only snapshot: no lock
// (PostgreSQL refuses one in a read-only transaction).
func (s *Store) peekInvitation(tx *gorm.DB, secret string) (invitationRow, candidateRow, error) {
	return s.findInvitation(tx, tx, secret)
}

// findInvitation reads the invitation behind a secret with tx and its
// candidate with candidates (tx, locking or not).
func (s *Store) findInvitation(candidates, tx *gorm.DB, secret string) (invitationRow, candidateRow, error) {
	var inv invitationRow
	var cand candidateRow
	err := tx.Where("token_hash = ?", mspeval.HashSecret(secret)).Take(&inv).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return inv, cand, mspeval.Errorf(mspeval.ENOTFOUND, "this link is not valid; check that it was copied whole")
	}
	if err != nil {
		return inv, cand, err
	}
	now := s.clock()
	link := inv.toDomain(now, "")
	if err := link.Usable(now); err != nil {
		return inv, cand, err
	}
	if err := candidates.Where("id = ?", inv.CandidateID).Take(&cand).Error; err != nil {
		return inv, cand, err
	}
	return inv, cand, nil
}

// RespondentForm opens a link: the questionnaire as the respondent sees it and the
// draft. The first opening is recorded.
func (s *Store) RespondentForm(ctx context.Context, secret string) (mspeval.RespondentForm, error) {
	var form mspeval.RespondentForm
	err := s.write(ctx, func(tx *gorm.DB) error {
		inv, cand, err := s.resolveInvitation(tx, secret)
		if err != nil {
			return err
		}
		now := s.clock()
		changes := map[string]any{"last_seen_at": now}
		if inv.OpenedAt == nil {
			changes["opened_at"] = now
			if err := s.emit(tx, cand.WorkspaceID, mspeval.EventInvitationOpened, inv.ID, 1, cand.ID,
				candidateEvent(cand, map[string]any{"invitation_id": inv.ID, "opened_at": now})); err != nil {
				return err
			}
		}
		if err := tx.Model(&invitationRow{}).Where("id = ?", inv.ID).Updates(changes).Error; err != nil {
			return err
		}
		var ev evaluationRow
		if err := tx.Select("name, due_date, workspace_id, status").Where("id = ?", cand.EvaluationID).Take(&ev).Error; err != nil {
			return err
		}
		var ws workspaceRow
		if err := tx.Where("id = ?", cand.WorkspaceID).Take(&ws).Error; err != nil {
			return err
		}
		q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
		if err != nil {
			return err
		}
		form.Evaluation.Name = ev.Name
		form.Evaluation.Closed = ev.Status == mspeval.EvaluationClosed
		if ev.DueDate != nil {
			form.Evaluation.DueDate = *ev.DueDate
		}
		form.RequestedBy.Workspace = ws.Name
		if inv.CreatedBy != nil {
			var u userRow
			if err := tx.Select("name").Where("id = ?", *inv.CreatedBy).Take(&u).Error; err == nil {
				form.RequestedBy.Name = u.Name
			}
		}
		form.Candidate.Name = cand.Name
		form.Invitation.ExpiresAt = inv.ExpiresAt.UTC()
		form.Questionnaire = q.RespondentView()
		answers, err := loadAnswers(tx, cand.ID)
		if err != nil {
			return err
		}
		form.Answers = plainAnswers(answers)
		form.Response.Status = cand.ResponseStatus
		form.Response.Revision = cand.ResponseRevision
		form.Response.SubmittedAt = utcPtr(cand.SubmittedAt)
		return nil
	})
	return form, err
}

func (s *Store) draftOf(set AnswerSet) (mspeval.RespondentDraft, error) {
	r := set.Candidate.Response
	d := mspeval.RespondentDraft{Status: r.Status, Revision: r.Revision, SavedAt: r.AnsweredAt,
		SubmittedAt: r.SubmittedAt, Answers: plainAnswers(set.Answers)}
	q, err := s.questionnaire(r.QuestionnaireKey, r.QuestionnaireVersion)
	if err != nil {
		return d, err
	}
	d.Progress.Done, d.Progress.Total = q.Progress(d.Answers)
	return d, nil
}

// RespondentSubmit submits the response through a link; it is then locked.
func (s *Store) RespondentSubmit(ctx context.Context, secret string) (mspeval.RespondentDraft, error) {
	return s.respond(ctx, secret, func(tx *gorm.DB, cand candidateRow) (AnswerSet, error) {
		return s.submit(tx, cand, mspeval.ByRespondent)
	})
}

// respond runs fn on the link's candidate and records the respondent's progress
// on the invitation, in one transaction.
func (s *Store) respond(ctx context.Context, secret string, fn func(tx *gorm.DB, cand candidateRow) (AnswerSet, error)) (mspeval.RespondentDraft, error) {
	var out AnswerSet
	err := s.write(ctx, func(tx *gorm.DB) error {
		inv, cand, err := s.resolveInvitation(tx, secret)
		if err != nil {
			return err
		}
		if err := evaluationAcceptsChanges(tx, cand.EvaluationID); err != nil {
			return errEvaluationClosed
		}
		if out, err = fn(tx, cand); err != nil {
			return err
		}
		now := s.clock()
		changes := map[string]any{"last_seen_at": now}
		if inv.OpenedAt == nil {
			changes["opened_at"] = now
		}
		if inv.StartedAt == nil {
			changes["started_at"] = now
		}
		return tx.Model(&invitationRow{}).Where("id = ?", inv.ID).Updates(changes).Error
	})
	if err != nil {
		return mspeval.RespondentDraft{}, err
	}
	return s.draftOf(out)
}

func plainAnswers(in map[string]mspeval.StoredAnswer) map[string]questions.Answer {
	out := make(map[string]questions.Answer, len(in))
	for k, a := range in {
		out[k] = a.Answer
	}
	return out
}
