package store

import (
	"context"
	"encoding/json"
	"sort"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mspeval"
	"mspeval/questions"
)

// AnswerSet is a candidate's response with its answers.
type AnswerSet struct {
	Candidate mspeval.Candidate
	Answers   map[string]mspeval.StoredAnswer
}

// GetAnswers returns a candidate's response and answers.
func (s *Store) GetAnswers(ctx context.Context, c mspeval.Caller, candidateID string) (AnswerSet, error) {
	// One read transaction, so the status and the answers are of one moment.
	var out AnswerSet
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		row, err := getCandidate(tx, c, candidateID)
		if err != nil {
			return err
		}
		answers, err := loadAnswers(tx, row.ID)
		if err != nil {
			return err
		}
		out = AnswerSet{Candidate: row.toDomain(), Answers: answers}
		return nil
	})
	return out, translate(err)
}

// SaveAnswers stores answers typed in by the buyer's team (from a call or a
// document). The same rules apply as to a respondent: see saveAnswers.
func (s *Store) SaveAnswers(ctx context.Context, c mspeval.Caller, candidateID string, in map[string]*questions.Answer) (AnswerSet, error) {
	return s.editResponse(ctx, c, candidateID, func(tx *gorm.DB, row candidateRow) (AnswerSet, error) {
		return s.saveAnswers(tx, row, in, c.UserID)
	})
}

// SubmitAnswers submits a response on a candidate's behalf.
func (s *Store) SubmitAnswers(ctx context.Context, c mspeval.Caller, candidateID string) (AnswerSet, error) {
	return s.editResponse(ctx, c, candidateID, func(tx *gorm.DB, row candidateRow) (AnswerSet, error) {
		return s.submit(tx, row, c.UserID)
	})
}

// Reopen unlocks a submitted response so it can be changed and submitted again.
func (s *Store) Reopen(ctx context.Context, c mspeval.Caller, candidateID string) (AnswerSet, error) {
	return s.editResponse(ctx, c, candidateID, func(tx *gorm.DB, row candidateRow) (AnswerSet, error) {
		ch, err := row.toDomain().Response.Reopen()
		if err != nil {
			return AnswerSet{}, err
		}
		if err := s.applyResponse(tx, row.ID, ch); err != nil {
			return AnswerSet{}, err
		}
		if err := s.emit(tx, row.WorkspaceID, mspeval.EventResponseReopened, row.ID, row.ResponseRevision+1, row.ID,
			candidateEvent(row, map[string]any{"reopened_at": s.clock(), "reopened_by": c.UserID})); err != nil {
			return AnswerSet{}, err
		}
		if err := tx.Model(&invitationRow{}).Where("candidate_id = ?", row.ID).Update("submitted_at", nil).Error; err != nil {
			return AnswerSet{}, err
		}
		var out AnswerSet
		return out, reload(tx, row.ID, &out)
	})
}

// editResponse runs fn on a candidate of the caller's workspace in a write
// transaction.
func (s *Store) editResponse(ctx context.Context, c mspeval.Caller, candidateID string, fn func(tx *gorm.DB, row candidateRow) (AnswerSet, error)) (AnswerSet, error) {
	var out AnswerSet
	err := s.write(ctx, func(tx *gorm.DB) error {
		row, err := getCandidate(s.forUpdate(tx), c, candidateID)
		if err != nil {
			return err
		}
		if err := evaluationAcceptsChanges(tx, row.EvaluationID); err != nil {
			return err
		}
		out, err = fn(tx, row)
		return err
	})
	return out, err
}

// saveAnswers validates every given answer against its question and stores them
// all, or none, then reads the response back. See writeAnswers.
func (s *Store) saveAnswers(tx *gorm.DB, row candidateRow, in map[string]*questions.Answer, by string) (AnswerSet, error) {
	if _, _, err := s.writeAnswers(tx, row, in, by); err != nil {
		return AnswerSet{}, err
	}
	var out AnswerSet
	return out, reload(tx, row.ID, &out)
}

// writeAnswers validates every given answer against its question and stores
// them all, or none, and moves the response on (mspeval.Response.Save). A nil
// or empty answer clears that question. Questions not named keep their
// answers: drafts are saved piece by piece, in any order. It returns the
// change and the keys it saved, sorted, and reads nothing back.
func (s *Store) writeAnswers(tx *gorm.DB, row candidateRow, in map[string]*questions.Answer, by string) (mspeval.ResponseChange, []string, error) {
	change, err := row.toDomain().Response.Save(s.clock())
	if err != nil {
		return change, nil, err
	}
	q, err := s.questionnaire(row.QuestionnaireKey, row.QuestionnaireVersion)
	if err != nil {
		return change, nil, err
	}
	keys := make([]string, 0, len(in))
	for k := range in {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var fields []mspeval.FieldError
	for _, k := range keys {
		qq, ok := q.Question(k)
		if !ok {
			fields = append(fields, mspeval.FieldError{Field: "answers." + k, Message: "is not a question of this questionnaire"})
			continue
		}
		if in[k] == nil {
			continue
		}
		for _, p := range qq.Check(*in[k]) {
			fields = append(fields, mspeval.FieldError{Field: "answers." + k + "." + p.Part, Message: p.Message})
		}
	}
	if len(fields) > 0 {
		return change, nil, mspeval.Invalid("some answers are not valid; nothing was saved", fields...)
	}
	if len(keys) == 0 {
		return change, nil, mspeval.Invalid("no answers were given",
			mspeval.FieldError{Field: "answers", Message: "give at least one answer"})
	}

	now := s.clock()
	var upserts []answerRow
	var clears []string
	for _, k := range keys {
		a := in[k]
		if a == nil || a.IsEmpty() {
			clears = append(clears, k)
			continue
		}
		v, err := json.Marshal(a)
		if err != nil {
			return change, nil, err
		}
		upserts = append(upserts, answerRow{CandidateID: row.ID, QuestionKey: k, Value: string(v), UpdatedAt: now, UpdatedBy: by})
	}
	if len(upserts) > 0 {
		err := tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "candidate_id"}, {Name: "question_key"}},
			DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at", "updated_by"}),
		}).Create(&upserts).Error
		if err != nil {
			return change, nil, err
		}
	}
	if len(clears) > 0 {
		if err := tx.Where("candidate_id = ? AND question_key IN ?", row.ID, clears).Delete(&answerRow{}).Error; err != nil {
			return change, nil, err
		}
	}
	return change, keys, s.applyResponse(tx, row.ID, change)
}

// submit locks a complete response; it lists every required question still open.
func (s *Store) submit(tx *gorm.DB, row candidateRow, by string) (AnswerSet, error) {
	if row.ResponseStatus == mspeval.ResponseSubmitted {
		// Locked: no need to read the answers to say so.
		_, err := row.toDomain().Response.Submit(s.clock(), by, nil)
		return AnswerSet{}, err
	}
	q, err := s.questionnaire(row.QuestionnaireKey, row.QuestionnaireVersion)
	if err != nil {
		return AnswerSet{}, err
	}
	stored, err := loadAnswers(tx, row.ID)
	if err != nil {
		return AnswerSet{}, err
	}
	plain := make(map[string]questions.Answer, len(stored))
	for k, a := range stored {
		plain[k] = a.Answer
	}
	var fields []mspeval.FieldError
	for _, k := range q.MissingRequired(plain) {
		msg := "is required"
		if qq, _ := q.Question(k); qq != nil && qq.Text != nil && qq.Text.Required {
			msg = "is required: choose an option and write your answer"
		}
		fields = append(fields, mspeval.FieldError{Field: "answers." + k, Message: msg})
	}
	now := s.clock()
	change, err := row.toDomain().Response.Submit(now, by, fields)
	if err != nil {
		return AnswerSet{}, err
	}
	if err := s.applyResponse(tx, row.ID, change); err != nil {
		return AnswerSet{}, err
	}
	if err := s.queueSubmissionNotice(tx, row, by); err != nil {
		return AnswerSet{}, err
	}
	if err := s.emit(tx, row.WorkspaceID, mspeval.EventResponseSubmitted, row.ID, row.ResponseRevision+1, row.ID,
		candidateEvent(row, map[string]any{"submitted_at": now, "submitted_by": by})); err != nil {
		return AnswerSet{}, err
	}
	if err := s.recordLeadResult(tx, row, q, plain, now); err != nil {
		return AnswerSet{}, err
	}
	// Whoever submits, every live link of the candidate now shows the response
	// as submitted (and read-only).
	if err := tx.Model(&invitationRow{}).Where("candidate_id = ? AND revoked_at IS NULL AND submitted_at IS NULL", row.ID).
		Updates(map[string]any{"submitted_at": now, "mail_secret": ""}).Error; err != nil {
		return AnswerSet{}, err
	}
	var out AnswerSet
	return out, reload(tx, row.ID, &out)
}

func loadAnswers(db *gorm.DB, candidateID string) (map[string]mspeval.StoredAnswer, error) {
	var rows []answerRow
	if err := db.Where("candidate_id = ?", candidateID).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]mspeval.StoredAnswer, len(rows))
	for _, r := range rows {
		a, err := r.toDomain()
		if err != nil {
			return nil, mspeval.Internal(err)
		}
		out[r.QuestionKey] = a
	}
	return out, nil
}

func reload(tx *gorm.DB, candidateID string, out *AnswerSet) error {
	var row candidateRow
	if err := tx.Where("id = ?", candidateID).Take(&row).Error; err != nil {
		return err
	}
	answers, err := loadAnswers(tx, candidateID)
	if err != nil {
		return err
	}
	*out = AnswerSet{Candidate: row.toDomain(), Answers: answers}
	return nil
}

// applyResponse writes a state transition decided by mspeval.Response, raising
// the revision.
func (s *Store) applyResponse(tx *gorm.DB, candidateID string, ch mspeval.ResponseChange) error {
	now := s.clock()
	changes := map[string]any{"response_status": ch.Status, "response_revision": gorm.Expr("response_revision + 1"), "updated_at": now}
	if ch.StartedAt != nil {
		changes["started_at"] = *ch.StartedAt
	}
	if ch.SubmittedAt != nil {
		changes["submitted_at"], changes["submitted_by"] = *ch.SubmittedAt, ch.SubmittedBy
	}
	if ch.Reopened {
		changes["submitted_at"], changes["submitted_by"], changes["reopened_at"] = nil, "", now
	}
	if ch.AnsweredAt != nil {
		changes["answered_at"] = *ch.AnsweredAt
	}
	return tx.Model(&candidateRow{}).Where("id = ?", candidateID).Updates(changes).Error
}

// candidateEvent is the data of an event about a candidate's response.
func candidateEvent(row candidateRow, more map[string]any) map[string]any {
	data := map[string]any{"candidate_id": row.ID, "candidate_name": row.Name, "evaluation_id": row.EvaluationID,
		"contact_email": row.ContactEmail}
	for k, v := range more {
		data[k] = v
	}
	return data
}
