package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mspeval"
	"mspeval/questions"
)

// Evidence files: at most one file per file question of a response, its
// bytes in evidence_files and its description (questions.FileRef) in the
// question's answer row. Both are written in one transaction, so a response
// never describes a file that is not there, and a replaced file is swapped
// whole: a reader sees the old file or the new one. Like every other answer,
// a file changes only while the response is open (mspeval.Response.Save).
//
// Every read is keyed by a candidate found through the caller's workspace
// (getCandidate) or through a respondent's link (readLink), and by nothing
// the request names besides the question.

type evidenceFileRow struct {
	ID          string
	WorkspaceID string
	CandidateID string
	QuestionKey string
	Name        string
	MediaType   string
	Size        int64
	SHA256      string `gorm:"column:sha256"`
	Content     []byte
	UploadedAt  time.Time
	UploadedBy  string
}

func (evidenceFileRow) TableName() string { return "evidence_files" }

func (r evidenceFileRow) toDomain() mspeval.EvidenceFile {
	return mspeval.EvidenceFile{CandidateID: r.CandidateID, QuestionKey: r.QuestionKey, Name: r.Name, Type: r.MediaType,
		Size: r.Size, SHA256: r.SHA256, UploadedAt: r.UploadedAt.UTC(), UploadedBy: r.UploadedBy}
}

// fileColumns are the columns of a file without its bytes.
var fileColumns = []string{"id", "workspace_id", "candidate_id", "question_key", "name", "media_type", "size", "sha256",
	"uploaded_at", "uploaded_by"}

// NewFile is a checked file to attach: its kind was found from its content,
// its name cleaned and its size checked against the question (app.CheckFile).
type NewFile struct {
	QuestionKey string
	Name        string
	Type        string
	SHA256      string
	Data        []byte
}

// AttachRespondentFile attaches a file through a link, replacing the
// question's file if it has one.
func (s *Store) AttachRespondentFile(ctx context.Context, secret string, f NewFile) (mspeval.FileChange, error) {
	return s.changeRespondentFile(ctx, secret, func(tx *gorm.DB, cand candidateRow) (mspeval.FileChange, error) {
		return s.attachFile(tx, cand, f, mspeval.ByRespondent)
	})
}

// RemoveRespondentFile removes a question's file through a link.
func (s *Store) RemoveRespondentFile(ctx context.Context, secret, questionKey string) (mspeval.FileChange, error) {
	return s.changeRespondentFile(ctx, secret, func(tx *gorm.DB, cand candidateRow) (mspeval.FileChange, error) {
		return s.removeFile(tx, cand, questionKey)
	})
}

// AttachFile attaches a file for a candidate of the caller's workspace (the
// buyer's team adds a document the candidate sent), replacing the question's
// file if it has one.
func (s *Store) AttachFile(ctx context.Context, c mspeval.Caller, candidateID string, f NewFile) (mspeval.FileChange, error) {
	var out mspeval.FileChange
	_, err := s.editResponse(ctx, c, candidateID, func(tx *gorm.DB, row candidateRow) (AnswerSet, error) {
		var err error
		out, err = s.attachFile(tx, row, f, c.UserID)
		return AnswerSet{}, err
	})
	return out, err
}

// RemoveFile removes a question's file of a candidate of the caller's workspace.
func (s *Store) RemoveFile(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) (mspeval.FileChange, error) {
	var out mspeval.FileChange
	_, err := s.editResponse(ctx, c, candidateID, func(tx *gorm.DB, row candidateRow) (AnswerSet, error) {
		var err error
		out, err = s.removeFile(tx, row, questionKey)
		return AnswerSet{}, err
	})
	return out, err
}

// changeRespondentFile runs fn on a working link's candidate in a write
// transaction, and records the respondent's progress on the link as a save
// does. What the respondent gets back names no candidate and no member.
func (s *Store) changeRespondentFile(ctx context.Context, secret string, fn func(tx *gorm.DB, cand candidateRow) (mspeval.FileChange, error)) (mspeval.FileChange, error) {
	var out mspeval.FileChange
	err := s.write(ctx, func(tx *gorm.DB) error {
		l, err := s.readLink(tx, secret, true)
		if err != nil {
			return err
		}
		if l.EvaluationStatus == mspeval.EvaluationClosed {
			return errEvaluationClosed
		}
		if out, err = fn(tx, l.Candidate); err != nil {
			return err
		}
		now := s.clock()
		seen := map[string]any{"last_seen_at": now}
		if l.InvOpenedAt == nil {
			seen["opened_at"] = now
		}
		if l.InvStartedAt == nil {
			seen["started_at"] = now
		}
		return tx.Model(&invitationRow{}).Where("id = ?", l.InvitationID).Updates(seen).Error
	})
	if out.File != nil {
		out.File.CandidateID, out.File.UploadedBy = "", ""
	}
	return out, err
}

// fileQuestion returns a candidate's question that takes a file.
func (s *Store) fileQuestion(cand candidateRow, key string) (*questions.Questionnaire, *questions.Question, error) {
	q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
	if err != nil {
		return nil, nil, err
	}
	qq, ok := q.Question(key)
	if !ok {
		return nil, nil, mspeval.Errorf(mspeval.ENOTFOUND, "question %q not found in this questionnaire", key)
	}
	if qq.Type != questions.TypeFile {
		return nil, nil, mspeval.Invalid("this question takes no file",
			mspeval.FieldError{Field: "answers." + key + ".file", Message: fmt.Sprintf("question %q is not a file question", key)})
	}
	return q, qq, nil
}

func (s *Store) attachFile(tx *gorm.DB, cand candidateRow, f NewFile, by string) (mspeval.FileChange, error) {
	change, err := cand.toDomain().Response.Save(s.clock())
	if err != nil {
		return mspeval.FileChange{}, err
	}
	q, _, err := s.fileQuestion(cand, f.QuestionKey)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	if len(f.Data) == 0 {
		return mspeval.FileChange{}, mspeval.Invalid("the file is empty",
			mspeval.FieldError{Field: "answers." + f.QuestionKey + ".file", Message: "is empty"})
	}
	now := s.clock()
	row := evidenceFileRow{ID: mspeval.NewID(now), WorkspaceID: cand.WorkspaceID, CandidateID: cand.ID, QuestionKey: f.QuestionKey,
		Name: f.Name, MediaType: f.Type, Size: int64(len(f.Data)), SHA256: f.SHA256, Content: f.Data, UploadedAt: now, UploadedBy: by}
	if err := tx.Where("candidate_id = ? AND question_key = ?", cand.ID, f.QuestionKey).Delete(&evidenceFileRow{}).Error; err != nil {
		return mspeval.FileChange{}, err
	}
	if err := tx.Create(&row).Error; err != nil {
		return mspeval.FileChange{}, err
	}
	a := questions.Answer{File: &questions.FileRef{Name: row.Name, Type: row.MediaType, Size: row.Size, SHA256: row.SHA256}}
	value, err := json.Marshal(a)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	err = tx.Clauses(clause.OnConflict{
		Columns:   []clause.Column{{Name: "candidate_id"}, {Name: "question_key"}},
		DoUpdates: clause.AssignmentColumns([]string{"value", "updated_at", "updated_by"}),
	}).Create(&answerRow{CandidateID: cand.ID, QuestionKey: f.QuestionKey, Value: string(value), UpdatedAt: now, UpdatedBy: by}).Error
	if err != nil {
		return mspeval.FileChange{}, err
	}
	file := row.toDomain()
	return s.fileChanged(tx, cand, q, change, &file)
}

func (s *Store) removeFile(tx *gorm.DB, cand candidateRow, key string) (mspeval.FileChange, error) {
	change, err := cand.toDomain().Response.Save(s.clock())
	if err != nil {
		return mspeval.FileChange{}, err
	}
	q, _, err := s.fileQuestion(cand, key)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	res := tx.Where("candidate_id = ? AND question_key = ?", cand.ID, key).Delete(&evidenceFileRow{})
	if res.Error != nil {
		return mspeval.FileChange{}, res.Error
	}
	if res.RowsAffected == 0 {
		return mspeval.FileChange{}, mspeval.Errorf(mspeval.ENOTFOUND, "no file is attached to question %q", key)
	}
	if err := tx.Where("candidate_id = ? AND question_key = ?", cand.ID, key).Delete(&answerRow{}).Error; err != nil {
		return mspeval.FileChange{}, err
	}
	return s.fileChanged(tx, cand, q, change, nil)
}

// fileChanged moves the response on and says where it stands.
func (s *Store) fileChanged(tx *gorm.DB, cand candidateRow, q *questions.Questionnaire, change mspeval.ResponseChange,
	file *mspeval.EvidenceFile) (mspeval.FileChange, error) {
	if err := s.applyResponse(tx, cand.ID, change); err != nil {
		return mspeval.FileChange{}, err
	}
	stored, err := loadAnswers(tx, cand.ID)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	out := mspeval.FileChange{File: file, Status: change.Status, Revision: cand.ResponseRevision + 1, SavedAt: change.AnsweredAt}
	out.Progress.Done, out.Progress.Total = q.Progress(plainAnswers(stored))
	return out, nil
}

// clearFiles deletes the files of the given questions of a candidate, when
// an answer save clears them: a file question's answer and its file go
// together.
func clearFiles(tx *gorm.DB, q *questions.Questionnaire, candidateID string, keys []string) error {
	var files []string
	for _, k := range keys {
		if qq, ok := q.Question(k); ok && qq.Type == questions.TypeFile {
			files = append(files, k)
		}
	}
	if len(files) == 0 {
		return nil
	}
	return tx.Where("candidate_id = ? AND question_key IN ?", candidateID, files).Delete(&evidenceFileRow{}).Error
}

// CandidateFiles lists the files of a candidate of the caller's workspace,
// in question order.
func (s *Store) CandidateFiles(ctx context.Context, c mspeval.Caller, candidateID string) ([]mspeval.EvidenceFile, error) {
	return snapshotValue(s, ctx, func(tx *gorm.DB) ([]mspeval.EvidenceFile, error) {
		cand, err := getCandidate(tx, c, candidateID)
		if err != nil {
			return nil, err
		}
		var rows []evidenceFileRow
		if err := tx.Select(fileColumns).Where("workspace_id = ? AND candidate_id = ?", c.WorkspaceID, cand.ID).
			Find(&rows).Error; err != nil {
			return nil, err
		}
		q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
		if err != nil {
			return nil, err
		}
		byKey := map[string]evidenceFileRow{}
		for _, r := range rows {
			byKey[r.QuestionKey] = r
		}
		out := make([]mspeval.EvidenceFile, 0, len(rows))
		for _, qq := range q.Questions() {
			if r, ok := byKey[qq.Key]; ok {
				out = append(out, r.toDomain())
			}
		}
		return out, nil
	})
}

// CandidateFile returns a question's file of a candidate of the caller's
// workspace, with its bytes.
func (s *Store) CandidateFile(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) (mspeval.FileContent, error) {
	return snapshotValue(s, ctx, func(tx *gorm.DB) (mspeval.FileContent, error) {
		cand, err := getCandidate(tx, c, candidateID)
		if err != nil {
			return mspeval.FileContent{}, err
		}
		return s.readFile(tx, cand, questionKey)
	})
}

// RespondentFile returns a question's file of a link's own response, with its
// bytes; the link must still work.
func (s *Store) RespondentFile(ctx context.Context, secret, questionKey string) (mspeval.FileContent, error) {
	f, err := snapshotValue(s, ctx, func(tx *gorm.DB) (mspeval.FileContent, error) {
		l, err := s.readLink(tx, secret, false)
		if err != nil {
			return mspeval.FileContent{}, err
		}
		return s.readFile(tx, l.Candidate, questionKey)
	})
	f.CandidateID, f.UploadedBy = "", ""
	return f, err
}

// readFile reads a question's file of a candidate, found already through a
// workspace or a link. A key that is no question of the candidate's
// questionnaire is not looked up at all.
func (s *Store) readFile(tx *gorm.DB, cand candidateRow, questionKey string) (mspeval.FileContent, error) {
	q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
	if err != nil {
		return mspeval.FileContent{}, err
	}
	if _, ok := q.Question(questionKey); !ok {
		return mspeval.FileContent{}, mspeval.Errorf(mspeval.ENOTFOUND, "question %q not found in this questionnaire", questionKey)
	}
	var row evidenceFileRow
	err = tx.Where("workspace_id = ? AND candidate_id = ? AND question_key = ?", cand.WorkspaceID, cand.ID, questionKey).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return mspeval.FileContent{}, mspeval.Errorf(mspeval.ENOTFOUND, "no file is attached to question %q", questionKey)
	}
	if err != nil {
		return mspeval.FileContent{}, err
	}
	return mspeval.FileContent{EvidenceFile: row.toDomain(), Data: row.Content}, nil
}
