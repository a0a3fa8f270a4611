package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// fileRespondent is a candidate answering a questionnaire with a file
// question, through a link.
type fileRespondent struct {
	s      *store.Store
	owner  mspeval.Caller
	cand   mspeval.Candidate
	secret string
}

func newFileRespondent(t *testing.T, s *store.Store, owner mspeval.Caller, key, name string) fileRespondent {
	t.Helper()
	ctx := context.Background()
	ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Partner 2027 " + name, QuestionnaireKey: key})
	if err != nil {
		t.Fatal(err)
	}
	cand, err := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: name})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := s.CreateInvitation(ctx, owner, cand.ID, nil)
	if err != nil {
		t.Fatal(err)
	}
	return fileRespondent{s: s, owner: owner, cand: cand, secret: secret}
}

func pdfFile(body string) store.NewFile {
	data := []byte("%PDF-1.7\n" + body + "\n%%EOF\n")
	return store.NewFile{QuestionKey: storetest.FileQuestion, Name: "exit plan.pdf", Type: "application/pdf", SHA256: "sha-" + body, Data: data}
}

func TestEvidenceFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@acme.example", "Acme", mspeval.RoleOwner)
		key := storetest.FileQuestionnaire(t, s, owner, nil)
		a := newFileRespondent(t, s, owner, key, "Alpha IT")
		b := newFileRespondent(t, s, owner, key, "Beta IT")

		first := pdfFile("first")
		ch, err := s.AttachRespondentFile(ctx, a.secret, first)
		if err != nil {
			t.Fatalf("attach: %v", err)
		}
		t.Run("AnAttachedFileAnswersTheQuestion", func(t *testing.T) {
			if ch.File == nil || ch.File.Name != "exit plan.pdf" || ch.File.Size != int64(len(first.Data)) || ch.Status != mspeval.ResponseInProgress {
				t.Errorf("change: got %+v", ch)
			}
			if ch.File.CandidateID != "" || ch.File.UploadedBy != "" {
				t.Errorf("a respondent is told the candidate %q and the uploader %q", ch.File.CandidateID, ch.File.UploadedBy)
			}
			set, err := s.GetAnswers(ctx, owner, a.cand.ID)
			if err != nil {
				t.Fatal(err)
			}
			got := set.Answers[storetest.FileQuestion].File
			want := &questions.FileRef{Name: "exit plan.pdf", Type: "application/pdf", Size: int64(len(first.Data)), SHA256: "sha-first"}
			if got == nil || *got != *want {
				t.Errorf("the answer's file: got %+v, want %+v", got, want)
			}
		})
		t.Run("AReplacementSwapsTheFileWhole", func(t *testing.T) {
			second := pdfFile("second, longer")
			second.Name = "exit plan v2.pdf"
			if _, err := s.AttachRespondentFile(ctx, a.secret, second); err != nil {
				t.Fatalf("replace: %v", err)
			}
			files, err := s.CandidateFiles(ctx, owner, a.cand.ID)
			if err != nil || len(files) != 1 || files[0].Name != "exit plan v2.pdf" || files[0].UploadedBy != mspeval.ByRespondent {
				t.Fatalf("files after the replacement: got %+v (%v), want the second alone", files, err)
			}
			got, err := s.CandidateFile(ctx, owner, a.cand.ID, storetest.FileQuestion)
			if err != nil || !bytes.Equal(got.Data, second.Data) {
				t.Errorf("download: got %q (%v), want the second file's bytes", got.Data, err)
			}
			mine, err := s.RespondentFile(ctx, a.secret, storetest.FileQuestion)
			if err != nil || !bytes.Equal(mine.Data, second.Data) || mine.CandidateID != "" {
				t.Errorf("the respondent's own download: got %+v (%v)", mine.EvidenceFile, err)
			}
		})
		t.Run("NobodyElseReachesIt", func(t *testing.T) {
			other := storetest.Account(t, s, "owner@other.example", "Other", mspeval.RoleOwner)
			if _, err := s.CandidateFile(ctx, other, a.cand.ID, storetest.FileQuestion); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("another workspace's download: got %v, want not found", err)
			}
			if _, err := s.CandidateFiles(ctx, other, a.cand.ID); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("another workspace's list: got %v, want not found", err)
			}
			if _, err := s.RespondentFile(ctx, b.secret, storetest.FileQuestion); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("another candidate's link: got %v, want not found", err)
			}
			if _, err := s.RespondentFile(ctx, a.secret, "no\x00such"); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("a key that is no question: got %v, want not found", err)
			}
		})
		t.Run("OnlyAFileQuestionTakesAFile", func(t *testing.T) {
			wrong := pdfFile("x")
			wrong.QuestionKey = "role_alongside_internal_it"
			if _, err := s.AttachRespondentFile(ctx, b.secret, wrong); mspeval.ErrorCode(err) != mspeval.EINVALID {
				t.Errorf("a choice question: got %v, want invalid", err)
			}
			wrong.QuestionKey = "nope"
			if _, err := s.AttachRespondentFile(ctx, b.secret, wrong); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("an unknown question: got %v, want not found", err)
			}
		})
		t.Run("ClearingTheAnswerRemovesTheFile", func(t *testing.T) {
			if _, err := s.AttachRespondentFile(ctx, b.secret, pdfFile("b")); err != nil {
				t.Fatal(err)
			}
			if _, err := s.RespondentSave(ctx, b.secret, map[string]*questions.Answer{storetest.FileQuestion: nil}); err != nil {
				t.Fatalf("clear: %v", err)
			}
			if _, err := s.RespondentFile(ctx, b.secret, storetest.FileQuestion); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("after clearing the answer: got %v, want no file", err)
			}
		})
		t.Run("RemovalOpensTheQuestionAgain", func(t *testing.T) {
			if _, err := s.AttachRespondentFile(ctx, b.secret, pdfFile("b")); err != nil {
				t.Fatal(err)
			}
			ch, err := s.RemoveRespondentFile(ctx, b.secret, storetest.FileQuestion)
			if err != nil || ch.File != nil {
				t.Fatalf("remove: got %+v, %v", ch, err)
			}
			set, _ := s.GetAnswers(ctx, owner, b.cand.ID)
			if _, ok := set.Answers[storetest.FileQuestion]; ok {
				t.Error("the answer outlived its file")
			}
			if _, err := s.RemoveRespondentFile(ctx, b.secret, storetest.FileQuestion); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("a second removal: got %v, want not found", err)
			}
		})
		t.Run("SubmittedResponseIsLocked", func(t *testing.T) {
			q, err := s.Questionnaire(ctx, owner, key, 0)
			if err != nil {
				t.Fatal(err)
			}
			answers := storetest.CompleteAnswers(q)
			delete(answers, storetest.FileQuestion)
			if _, err := s.RespondentSave(ctx, a.secret, answers); err != nil {
				t.Fatalf("save: %v", err)
			}
			if _, err := s.RespondentSubmit(ctx, a.secret); err != nil {
				t.Fatalf("submit with the file attached: %v", err)
			}
			if _, err := s.AttachRespondentFile(ctx, a.secret, pdfFile("late")); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
				t.Errorf("a replacement after submitting: got %v, want conflict", err)
			}
			if _, err := s.RemoveRespondentFile(ctx, a.secret, storetest.FileQuestion); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
				t.Errorf("a removal after submitting: got %v, want conflict", err)
			}
			if _, err := s.AttachFile(ctx, owner, a.cand.ID, pdfFile("late")); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
				t.Errorf("a member's replacement after submitting: got %v, want conflict", err)
			}
			if got, err := s.RespondentFile(ctx, a.secret, storetest.FileQuestion); err != nil || !bytes.Contains(got.Data, []byte("second")) {
				t.Errorf("the submitted file: got %v, want it kept", err)
			}
		})
		t.Run("ARequiredFileIsMissingUntilAttached", func(t *testing.T) {
			c := newFileRespondent(t, s, owner, key, "Gamma IT")
			q, err := s.Questionnaire(ctx, owner, key, 0)
			if err != nil {
				t.Fatal(err)
			}
			answers := storetest.CompleteAnswers(q)
			delete(answers, storetest.FileQuestion)
			if _, err := s.RespondentSave(ctx, c.secret, answers); err != nil {
				t.Fatal(err)
			}
			_, err = s.RespondentSubmit(ctx, c.secret)
			var e *mspeval.Error
			if !errors.As(err, &e) || e.Code != mspeval.EINVALID || len(e.Fields) != 1 || e.Fields[0].Field != "answers."+storetest.FileQuestion {
				t.Fatalf("submit without the file: got %v, want the file question named", err)
			}
			if _, err := s.AttachFile(ctx, owner, c.cand.ID, pdfFile("by a member")); err != nil {
				t.Fatalf("a member attaches: %v", err)
			}
			files, _ := s.CandidateFiles(ctx, owner, c.cand.ID)
			if len(files) != 1 || files[0].UploadedBy != owner.UserID {
				t.Errorf("uploader: got %+v, want the member", files)
			}
			if _, err := s.RespondentSubmit(ctx, c.secret); err != nil {
				t.Errorf("submit with the file: %v", err)
			}
		})
	})
}
