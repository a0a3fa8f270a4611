package app

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// Evidence files (questions.TypeFile): a respondent attaches, replaces and
// removes a question's file through their link until they submit; the
// buyer's team may do the same for a candidate (a document the candidate
// emailed). Members of the workspace list and download them; a link
// downloads its own response's files and nobody else's. A file is checked
// against its question before anything is stored (CheckFile): its kind from
// its content, its size against the question's limit.
//
// A handler asks for the question first (RespondentFileQuestion,
// CandidateFileQuestion), so that it reads a body only up to the question's
// limit and only for a question that takes a file.

// RespondentFileQuestion returns the question of a link's questionnaire a
// file may be attached to.
func (s *Service) RespondentFileQuestion(ctx context.Context, secret, key string) (*questions.Question, error) {
	q, err := s.store.RespondentQuestionnaire(ctx, secret)
	if err != nil {
		return nil, err
	}
	return fileQuestionOf(q, key)
}

// AttachRespondentFile checks a file and attaches it to a question through a
// link, replacing the question's file if it had one.
func (s *Service) AttachRespondentFile(ctx context.Context, secret, key, name string, data []byte) (mspeval.FileChange, error) {
	qq, err := s.RespondentFileQuestion(ctx, secret, key)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	f, err := CheckFile(qq, name, data)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	return s.store.AttachRespondentFile(ctx, secret, f)
}

// RemoveRespondentFile removes a question's file through a link.
func (s *Service) RemoveRespondentFile(ctx context.Context, secret, key string) (mspeval.FileChange, error) {
	return s.store.RemoveRespondentFile(ctx, secret, key)
}

// RespondentFile returns a question's file of the link's own response.
func (s *Service) RespondentFile(ctx context.Context, secret, key string) (mspeval.FileContent, error) {
	return s.store.RespondentFile(ctx, secret, key)
}

// CandidateFileQuestion returns the question of a candidate's questionnaire
// a member may attach a file to.
func (s *Service) CandidateFileQuestion(ctx context.Context, c mspeval.Caller, candidateID, key string) (*questions.Question, error) {
	if err := c.May(mspeval.EditCandidates); err != nil {
		return nil, err
	}
	cand, err := s.store.GetCandidate(ctx, c, candidateID)
	if err != nil {
		return nil, err
	}
	q, ok := s.Catalog().Get(cand.Response.QuestionnaireKey, cand.Response.QuestionnaireVersion)
	if !ok {
		return nil, mspeval.Internal(fmt.Errorf("questionnaire %s version %d is not available",
			cand.Response.QuestionnaireKey, cand.Response.QuestionnaireVersion))
	}
	return fileQuestionOf(q, key)
}

// AttachFile checks a file and attaches it to a candidate's question on the
// candidate's behalf.
func (s *Service) AttachFile(ctx context.Context, c mspeval.Caller, candidateID, key, name string, data []byte) (mspeval.FileChange, error) {
	qq, err := s.CandidateFileQuestion(ctx, c, candidateID, key)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	f, err := CheckFile(qq, name, data)
	if err != nil {
		return mspeval.FileChange{}, err
	}
	return s.store.AttachFile(ctx, c, candidateID, f)
}

// RemoveFile removes a candidate's file on the candidate's behalf.
func (s *Service) RemoveFile(ctx context.Context, c mspeval.Caller, candidateID, key string) (mspeval.FileChange, error) {
	return allowed(c, mspeval.EditCandidates, func() (mspeval.FileChange, error) {
		return s.store.RemoveFile(ctx, c, candidateID, key)
	})
}

// CandidateFiles lists a candidate's files, in question order.
func (s *Service) CandidateFiles(ctx context.Context, c mspeval.Caller, candidateID string) ([]mspeval.EvidenceFile, error) {
	return allowed(c, mspeval.ReadWorkspace, func() ([]mspeval.EvidenceFile, error) {
		return s.store.CandidateFiles(ctx, c, candidateID)
	})
}

// CandidateFile returns one of a candidate's files with its bytes.
func (s *Service) CandidateFile(ctx context.Context, c mspeval.Caller, candidateID, key string) (mspeval.FileContent, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (mspeval.FileContent, error) {
		return s.store.CandidateFile(ctx, c, candidateID, key)
	})
}

// CheckFile checks a file against its question and makes it ready to store:
// its kind found from the content and accepted by the question, its size
// within the question's limit, its name cleaned (CleanFileName). Errors name
// the question's field, answers.<key>.file: 413 for a file too large, 415
// for content of another kind, 422 for content that is not what it starts
// as (a damaged image, a ZIP of no office file, text that is not a table).
func CheckFile(qq *questions.Question, name string, data []byte) (store.NewFile, error) {
	kind, err := checkFile(qq, data)
	if err != nil {
		return store.NewFile{}, err
	}
	sum := sha256.Sum256(data)
	return store.NewFile{QuestionKey: qq.Key, Name: CleanFileName(name, qq.Key, kind), Type: kind.MediaType(),
		SHA256: hex.EncodeToString(sum[:]), Data: data}, nil
}

// FileTooLarge is the error for a body over a question's limit, for a handler
// that stops reading at the limit.
func FileTooLarge(qq *questions.Question) error { return tooLarge(qq) }

func fileQuestionOf(q *questions.Questionnaire, key string) (*questions.Question, error) {
	qq, ok := q.Question(key)
	if !ok {
		return nil, mspeval.Errorf(mspeval.ENOTFOUND, "question %q not found in this questionnaire", key)
	}
	if qq.Type != questions.TypeFile {
		return nil, mspeval.Invalid("this question takes no file",
			mspeval.FieldError{Field: "answers." + key + ".file", Message: fmt.Sprintf("question %q is not a file question", key)})
	}
	return qq, nil
}
