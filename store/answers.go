package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"sort"
	"strconv"
	"time"
	"unicode/utf8"

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
		if err := clearFiles(tx, q, row.ID, clears); err != nil {
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

// loadAnswers reads a candidate's answers. Every autosave reads them back, so
// it scans the rows itself rather than through gorm's reflection.
func loadAnswers(db *gorm.DB, candidateID string) (map[string]mspeval.StoredAnswer, error) {
	rows, err := db.Raw("SELECT question_key, value, updated_at, updated_by FROM answers WHERE candidate_id = ?", candidateID).Rows()
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	out := map[string]mspeval.StoredAnswer{}
	var value sql.RawBytes
	for rows.Next() {
		var key, by string
		var at time.Time
		if err := rows.Scan(&key, &value, &at, &by); err != nil {
			return nil, translate(err)
		}
		a, err := decodeAnswer(value)
		if err != nil {
			return nil, mspeval.Internal(err)
		}
		out[key] = mspeval.StoredAnswer{Answer: a, UpdatedAt: at.UTC(), UpdatedBy: by}
	}
	if err := rows.Err(); err != nil {
		return nil, translate(err)
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

// decodeAnswer reads a stored answer value. Every value is written by
// json.Marshal of a questions.Answer (writeAnswers), so a reader of exactly
// that form does the work in a fraction of encoding/json's time, which a
// comparison of 200 candidates pays for thousands of answers; any other form
// goes to encoding/json, whose result is the reference.
func decodeAnswer(data []byte) (questions.Answer, error) {
	if a, ok := decodeMarshalledAnswer(data); ok {
		return a, nil
	}
	var a questions.Answer
	err := json.Unmarshal(data, &a)
	return a, err
}

// decodeMarshalledAnswer reads {"choice":…,"choices":[…],"scale":…,"text":…}
// with the fields in that order, each at most once and none null, and no
// space: the form json.Marshal writes. It reports false for anything else.
func decodeMarshalledAnswer(data []byte) (questions.Answer, bool) {
	var a questions.Answer
	r := answerReader{data: data}
	if !r.byte('{') {
		return a, false
	}
	fields := 0
	field := func(name string) bool {
		key := `"` + name + `":`
		if fields > 0 {
			key = "," + key
		}
		if !r.prefix(key) {
			return false
		}
		fields++
		return true
	}
	if field("choice") {
		s, ok := r.string()
		if !ok {
			return a, false
		}
		a.Choice = &s
	}
	if field("choices") {
		if !r.byte('[') {
			return a, false
		}
		for {
			s, ok := r.string()
			if !ok {
				return a, false
			}
			a.Choices = append(a.Choices, s)
			if r.byte(']') {
				break
			}
			if !r.byte(',') {
				return a, false
			}
		}
	}
	if field("scale") {
		n, ok := r.int()
		if !ok {
			return a, false
		}
		a.Scale = &n
	}
	if field("text") {
		s, ok := r.string()
		if !ok {
			return a, false
		}
		a.Text = &s
	}
	return a, r.byte('}') && r.at == len(r.data)
}

// answerReader walks a JSON text for decodeMarshalledAnswer.
type answerReader struct {
	data []byte
	at   int
}

func (r *answerReader) peek(c byte) bool { return r.at < len(r.data) && r.data[r.at] == c }

func (r *answerReader) byte(c byte) bool {
	if r.peek(c) {
		r.at++
		return true
	}
	return false
}

func (r *answerReader) prefix(p string) bool {
	if len(r.data)-r.at >= len(p) && string(r.data[r.at:r.at+len(p)]) == p {
		r.at += len(p)
		return true
	}
	return false
}

// string reads a JSON string. One with an escape is handed to encoding/json.
func (r *answerReader) string() (string, bool) {
	if !r.byte('"') {
		return "", false
	}
	start, escaped := r.at, false
	for ; r.at < len(r.data); r.at++ {
		switch c := r.data[r.at]; {
		case c == '\\':
			escaped = true
			r.at++ // the escaped character, which may be a quote
		case c == '"':
			raw := r.data[start:r.at]
			r.at++
			if escaped {
				var s string
				err := json.Unmarshal(r.data[start-1:r.at], &s)
				return s, err == nil
			}
			if !utf8.Valid(raw) {
				// encoding/json replaces bad bytes; leave that to it.
				return "", false
			}
			return string(raw), true
		case c < ' ':
			return "", false
		}
	}
	return "", false
}

// int reads a whole number as json.Marshal writes one.
func (r *answerReader) int() (int, bool) {
	start := r.at
	r.byte('-')
	digits := r.at
	for r.at < len(r.data) && r.data[r.at] >= '0' && r.data[r.at] <= '9' {
		r.at++
	}
	if r.at == digits || (r.data[digits] == '0' && r.at-digits > 1) {
		return 0, false
	}
	n, err := strconv.Atoi(string(r.data[start:r.at]))
	return n, err == nil
}
