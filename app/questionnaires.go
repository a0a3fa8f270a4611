package app

import (
	"context"
	"fmt"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// EditQuestionnaires is what changes a workspace's own questionnaires (drafts,
// imports, publishing): the editors' right, as for evaluations, since a
// questionnaire is part of setting one up. The policy table can give it an
// action of its own when the two need to part.
const EditQuestionnaires = mspeval.EditEvaluations

// Where a questionnaire comes from.
const (
	OriginBuiltin   = "builtin"
	OriginWorkspace = "workspace"
)

// QuestionnaireSummary is one questionnaire in the list, with its versions.
type QuestionnaireSummary struct {
	Key string
	// LocalKey is the key without the workspace's namespace (the built-ins' is their key).
	LocalKey    string
	Title       string
	Description string
	Origin      string
	Latest      int
	Versions    []int
}

// ListQuestionnaires lists the questionnaires the workspace may use: the
// built-ins, then its own published ones. Another workspace's never appear.
func (s *Service) ListQuestionnaires(ctx context.Context, c mspeval.Caller) ([]QuestionnaireSummary, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, err
	}
	var out []QuestionnaireSummary
	add := func(key, origin string, version int) {
		if n := len(out); n > 0 && out[n-1].Key == key {
			out[n-1].Latest = version
			out[n-1].Versions = append(out[n-1].Versions, version)
			return
		}
		out = append(out, QuestionnaireSummary{Key: key, LocalKey: questions.LocalKey(key), Origin: origin,
			Latest: version, Versions: []int{version}})
	}
	for _, q := range s.Catalog().All() {
		add(q.Key, OriginBuiltin, q.Version)
	}
	own, err := s.store.WorkspaceVersions(ctx, c)
	if err != nil {
		return nil, err
	}
	for _, v := range own {
		add(v.Key, OriginWorkspace, v.Version)
	}
	// Title and description are the latest version's (parsed once, cached).
	for i := range out {
		q, err := s.store.Questionnaire(ctx, c, out[i].Key, out[i].Latest)
		if err != nil {
			return nil, err
		}
		out[i].Title, out[i].Description = q.Title, q.Description
	}
	return out, nil
}

// Questionnaire returns a built-in version or one of the workspace's own
// published versions; version 0 is the latest.
func (s *Service) Questionnaire(ctx context.Context, c mspeval.Caller, key string, version int) (*questions.Questionnaire, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (*questions.Questionnaire, error) {
		return s.store.Questionnaire(ctx, c, key, version)
	})
}

// ExportQuestionnaire writes a published version as a file in the built-in
// files' format, under its local key, and names the file.
func (s *Service) ExportQuestionnaire(ctx context.Context, c mspeval.Caller, key string, version int) ([]byte, string, error) {
	q, err := s.Questionnaire(ctx, c, key, version)
	if err != nil {
		return nil, "", err
	}
	return exportFile(q)
}

func exportFile(q *questions.Questionnaire) ([]byte, string, error) {
	data, err := questions.Export(q)
	if err != nil {
		return nil, "", mspeval.Internal(err)
	}
	return data, fmt.Sprintf("%s.v%d.yaml", questions.LocalKey(q.Key), q.Version), nil
}

// CompareQuestionnaires compares two versions the workspace may use: two
// versions of one questionnaire, or a workspace's version and the built-in it
// was cloned from. Version 0 is the latest.
func (s *Service) CompareQuestionnaires(ctx context.Context, c mspeval.Caller, from, to questions.VersionRef) (questions.Diff, error) {
	a, err := s.Questionnaire(ctx, c, from.Key, from.Version)
	if err != nil {
		return questions.Diff{}, err
	}
	b, err := s.Questionnaire(ctx, c, to.Key, to.Version)
	if err != nil {
		return questions.Diff{}, err
	}
	return questions.Compare(a, b), nil
}

// ListDrafts lists the workspace's drafts.
func (s *Service) ListDrafts(ctx context.Context, c mspeval.Caller) ([]store.Draft, error) {
	return allowed(c, mspeval.ReadWorkspace, func() ([]store.Draft, error) { return s.store.ListDrafts(ctx, c) })
}

// GetDraft returns a draft with its document.
func (s *Service) GetDraft(ctx context.Context, c mspeval.Caller, id string) (store.Draft, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (store.Draft, error) { return s.store.GetDraft(ctx, c, id) })
}

// ExportDraft writes a draft as a file, as ExportQuestionnaire does a version.
func (s *Service) ExportDraft(ctx context.Context, c mspeval.Caller, id string) ([]byte, string, error) {
	d, err := s.GetDraft(ctx, c, id)
	if err != nil {
		return nil, "", err
	}
	return exportFile(d.Questionnaire)
}

// CloneDraft starts a draft from a built-in or one of the workspace's own
// published versions.
func (s *Service) CloneDraft(ctx context.Context, c mspeval.Caller, in store.CloneInput) (store.Draft, error) {
	return allowed(c, EditQuestionnaires, func() (store.Draft, error) { return s.store.CloneDraft(ctx, c, in) })
}

// ImportDraft makes a draft of a questionnaire file; a file with problems
// stores nothing.
func (s *Service) ImportDraft(ctx context.Context, c mspeval.Caller, data []byte, f questions.Format) (store.Draft, error) {
	return allowed(c, EditQuestionnaires, func() (store.Draft, error) { return s.store.ImportDraft(ctx, c, data, f) })
}

// ReplaceDraft replaces a draft's document whole.
func (s *Service) ReplaceDraft(ctx context.Context, c mspeval.Caller, id string, data []byte, f questions.Format, ifRevision int) (store.Draft, error) {
	return allowed(c, EditQuestionnaires, func() (store.Draft, error) { return s.store.ReplaceDraft(ctx, c, id, data, f, ifRevision) })
}

// DeleteDraft deletes a draft.
func (s *Service) DeleteDraft(ctx context.Context, c mspeval.Caller, id string) error {
	if err := c.May(EditQuestionnaires); err != nil {
		return err
	}
	return s.store.DeleteDraft(ctx, c, id)
}

// PublishDraft makes a draft the next published version of its questionnaire.
func (s *Service) PublishDraft(ctx context.Context, c mspeval.Caller, id string, ifRevision int) (*questions.Questionnaire, error) {
	return allowed(c, EditQuestionnaires, func() (*questions.Questionnaire, error) { return s.store.PublishDraft(ctx, c, id, ifRevision) })
}
