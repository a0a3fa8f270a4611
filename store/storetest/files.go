package storetest

import (
	"context"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// FileQuestion is the key of the file question FileQuestionnaire adds.
const FileQuestion = "exit_plan_file"

// FileQuestionnaire publishes in the caller's workspace its own version of
// partner-selection with one more question, a required file question
// (FileQuestion) with the given settings (nil for the defaults), at the end
// of the first section, and returns the version's key. The caller must be an
// editor or owner.
func FileQuestionnaire(t testing.TB, s *store.Store, c mspeval.Caller, spec *questions.FileSpec) string {
	t.Helper()
	ctx := context.Background()
	draft, err := s.CloneDraft(ctx, c, store.CloneInput{FromKey: "partner-selection", Key: "with-files"})
	if err != nil {
		t.Fatalf("clone: %v", err)
	}
	q := draft.Questionnaire
	sec := &q.Sections[0]
	sec.Questions = append(sec.Questions, questions.Question{
		Key: FileQuestion, Prompt: "Attach your exit plan: how we would take everything back, step by step.",
		Type: questions.TypeFile, Required: true, File: spec,
		Help:       "A PDF or Word document is best; a spreadsheet of steps works too.",
		Dimensions: []questions.DimensionWeight{{Dimension: "dependency_risk", Weight: 2}},
		Guidance: questions.Guidance{ListenFor: "A plan the client can run without the MSP.",
			Anchors: map[int]string{0: "No plan.", 1: "A promise.", 2: "An outline.", 3: "A plan with owners.", 4: "A tested plan with owners and dates."}},
	})
	text, err := questions.Encode(q)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	if _, err := s.ReplaceDraft(ctx, c, draft.ID, text, questions.FormatYAML, 0); err != nil {
		t.Fatalf("replace the draft: %v", err)
	}
	published, err := s.PublishDraft(ctx, c, draft.ID, 0)
	if err != nil {
		t.Fatalf("publish: %v", err)
	}
	return published.Key
}
