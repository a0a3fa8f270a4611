package app

import (
	"context"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// QuestionnaireVersions lists the published versions of the workspace's own
// questionnaires, with when each was published and what it was cloned from,
// by key then version. The built-ins are the catalog's.
func (s *Service) QuestionnaireVersions(ctx context.Context, c mspeval.Caller) ([]store.VersionInfo, error) {
	return allowed(c, mspeval.ReadWorkspace, func() ([]store.VersionInfo, error) { return s.store.WorkspaceVersions(ctx, c) })
}

// DraftChanges says what publishing a draft would change: the draft against
// the latest published version of its own key, or, before the first one,
// against the version it was cloned from. ok is false when there is nothing
// to compare it with (an import that was never published).
func (s *Service) DraftChanges(ctx context.Context, c mspeval.Caller, id string) (diff questions.Diff, ok bool, err error) {
	d, err := s.GetDraft(ctx, c, id)
	if err != nil {
		return questions.Diff{}, false, err
	}
	from, err := s.Questionnaire(ctx, c, d.Key, 0)
	if mspeval.ErrorCode(err) == mspeval.ENOTFOUND && d.BasedOn != nil {
		from, err = s.Questionnaire(ctx, c, d.BasedOn.Key, d.BasedOn.Version)
	}
	switch {
	case mspeval.ErrorCode(err) == mspeval.ENOTFOUND:
		return questions.Diff{}, false, nil
	case err != nil:
		return questions.Diff{}, false, err
	}
	return questions.Compare(from, d.Questionnaire), true, nil
}
