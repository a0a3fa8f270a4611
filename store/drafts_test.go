package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestWorkspaceQuestionnaires pins a workspace's own questionnaires through
// the store: clone, replace, publish, and use on an evaluation, with every
// other workspace kept out.
func TestWorkspaceQuestionnaires(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		acme := storetest.Account(t, s, "owner@acme.example", "Acme", mspeval.RoleOwner)
		other := storetest.Account(t, s, "owner@other.example", "Other", mspeval.RoleOwner)
		key := questions.WorkspaceKey(acme.WorkspaceID, "partner-selection")

		draft, err := s.CloneDraft(ctx, acme, store.CloneInput{FromKey: "partner-selection"})
		if err != nil {
			t.Fatalf("clone: %v", err)
		}
		t.Run("CloneOfABuiltinIsNamespacedAsVersionOne", func(t *testing.T) {
			if draft.Key != key || draft.Version != 1 || draft.Questionnaire.Key != key {
				t.Errorf("draft: got key %s version %d, want %s version 1", draft.Key, draft.Version, key)
			}
			if draft.BasedOn == nil || draft.BasedOn.Key != "partner-selection" || draft.BasedOn.Version != 2 {
				t.Errorf("based on: got %+v, want partner-selection version 2", draft.BasedOn)
			}
			builtin, _ := s.Catalog().Latest("partner-selection")
			if got, want := len(draft.Questionnaire.Questions()), len(builtin.Questions()); got != want {
				t.Errorf("questions: got %d, want %d", got, want)
			}
		})
		t.Run("ASecondDraftOfTheKeyIsAConflict", func(t *testing.T) {
			_, err := s.CloneDraft(ctx, acme, store.CloneInput{FromKey: "partner-selection"})
			if mspeval.ErrorCode(err) != mspeval.ECONFLICT || !strings.Contains(err.Error(), draft.ID) {
				t.Errorf("got %v, want a conflict naming draft %s", err, draft.ID)
			}
		})
		t.Run("AReplacementWithProblemsChangesNothing", func(t *testing.T) {
			doc := draftJSON(t, draft.Questionnaire, func(m map[string]any) {
				opt := path(m, "sections", 0, "questions", 0, "options", 0).(map[string]any)
				opt["score"] = 7
				dim := path(m, "sections", 0, "questions", 0, "dimensions", 0).(map[string]any)
				dim["weight"] = -1
			})
			_, err := s.ReplaceDraft(ctx, acme, draft.ID, doc, questions.FormatJSON, 0)
			var e *mspeval.Error
			if !errors.As(err, &e) || e.Code != mspeval.EINVALID {
				t.Fatalf("got %v, want invalid", err)
			}
			got := map[string]bool{}
			for _, f := range e.Fields {
				got[f.Field] = true
			}
			for _, want := range []string{"sections[0].questions[0].options[0].score", "sections[0].questions[0].dimensions[0].weight"} {
				if !got[want] {
					t.Errorf("no field error at %s: %+v", want, e.Fields)
				}
			}
			if len(e.Fields) != 2 {
				t.Errorf("got %d field errors, want 2: %+v", len(e.Fields), e.Fields)
			}
			again, err := s.GetDraft(ctx, acme, draft.ID)
			if err != nil || *again.Questionnaire.Sections[0].Questions[0].Options[0].Score == 7 {
				t.Errorf("the refused document was stored (%v)", err)
			}
		})

		// A valid change: a new title and a weight.
		doc := draftJSON(t, draft.Questionnaire, func(m map[string]any) {
			m["title"] = "Acme partner selection"
			dim := path(m, "sections", 0, "questions", 0, "dimensions", 0).(map[string]any)
			dim["weight"] = 3
		})
		if _, err := s.ReplaceDraft(ctx, acme, draft.ID, doc, questions.FormatJSON, 0); err != nil {
			t.Fatalf("replace: %v", err)
		}
		published, err := s.PublishDraft(ctx, acme, draft.ID, 0)
		if err != nil {
			t.Fatalf("publish: %v", err)
		}
		t.Run("PublishingMakesTheDraftAVersion", func(t *testing.T) {
			if published.Key != key || published.Version != 1 || published.Title != "Acme partner selection" {
				t.Errorf("published: got %s v%d %q", published.Key, published.Version, published.Title)
			}
			if _, err := s.GetDraft(ctx, acme, draft.ID); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("the draft outlives its publication: %v", err)
			}
			got, err := s.Questionnaire(ctx, acme, key, 0)
			if err != nil || got.Checksum != published.Checksum {
				t.Errorf("latest: got %v, %v", got, err)
			}
			versions, _ := s.WorkspaceVersions(ctx, acme)
			if len(versions) != 1 || versions[0].BasedOn == nil || versions[0].BasedOn.Key != "partner-selection" {
				t.Errorf("versions: got %+v", versions)
			}
		})
		t.Run("ANewDraftStartsFromThePublishedVersion", func(t *testing.T) {
			next, err := s.CloneDraft(ctx, acme, store.CloneInput{FromKey: key, FromVersion: 1})
			if err != nil {
				t.Fatal(err)
			}
			if next.Key != key || next.Version != 2 || next.BasedOn.Key != key || next.Questionnaire.Title != "Acme partner selection" {
				t.Errorf("next draft: got %s v%d from %+v", next.Key, next.Version, next.BasedOn)
			}
			if err := s.DeleteDraft(ctx, acme, next.ID); err != nil {
				t.Error(err)
			}
		})
		t.Run("EvaluationsUseThePublishedVersion", func(t *testing.T) {
			ev, err := s.CreateEvaluation(ctx, acme, store.EvaluationInput{Name: "Ours", QuestionnaireKey: key})
			if err != nil {
				t.Fatal(err)
			}
			cand, err := s.CreateCandidate(ctx, acme, ev.ID, store.CandidateInput{Name: "MSP"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.SaveAnswers(ctx, acme, cand.ID, storetest.CompleteAnswers(published)); err != nil {
				t.Fatalf("answers: %v", err)
			}
			if _, err := s.SubmitAnswers(ctx, acme, cand.ID); err != nil {
				t.Fatalf("submit: %v", err)
			}
			data, err := s.ScoringData(ctx, acme, ev.ID)
			if err != nil || data.Input.Questionnaire.Checksum != published.Checksum {
				t.Errorf("scoring data: %v", err)
			}
		})
		t.Run("AnotherWorkspaceSeesNothing", func(t *testing.T) {
			if _, err := s.Questionnaire(ctx, other, key, 1); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
				t.Errorf("version: got %v, want not found", err)
			}
			if _, err := s.CreateEvaluation(ctx, other, store.EvaluationInput{Name: "Theirs", QuestionnaireKey: key}); mspeval.ErrorCode(err) != mspeval.EINVALID {
				t.Errorf("evaluation on another workspace's questionnaire: got %v, want invalid", err)
			}
			if _, err := s.CloneDraft(ctx, other, store.CloneInput{FromKey: key}); mspeval.ErrorCode(err) != mspeval.EINVALID {
				t.Errorf("clone of another workspace's questionnaire: got %v, want invalid", err)
			}
			if versions, _ := s.WorkspaceVersions(ctx, other); len(versions) != 0 {
				t.Errorf("versions: got %+v", versions)
			}
		})
		t.Run("AFreshStoreReadsTheVersionFromTheDatabase", func(t *testing.T) {
			fresh := storetest.Open(t, dsn, nil)
			q, ok := fresh.Catalog().Get(key, 1)
			if !ok || q.Checksum != published.Checksum {
				t.Fatalf("lookup: got %v %v", q, ok)
			}
			if again, _ := fresh.Catalog().Get(key, 1); again != q {
				t.Error("the version was parsed twice")
			}
		})
		t.Run("AVersionChangedInTheDatabaseIsRefused", func(t *testing.T) {
			storetest.Exec(t, dsn, "UPDATE questionnaire_versions SET definition = definition || '# edited' WHERE key = '"+key+"'")
			fresh := storetest.Open(t, dsn, nil)
			if _, ok := fresh.Catalog().Get(key, 1); ok {
				t.Error("a changed version was read")
			}
			if _, err := fresh.Questionnaire(ctx, acme, key, 1); mspeval.ErrorCode(err) != mspeval.EINTERNAL {
				t.Errorf("got %v, want an internal error", err)
			}
		})
	})
}

func TestImportDraft(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		acme := storetest.Account(t, s, "owner@acme.example", "Acme", mspeval.RoleOwner)
		builtin, _ := s.Catalog().Get("co-managed-readiness", 1)
		file, err := questions.Export(builtin)
		if err != nil {
			t.Fatal(err)
		}
		t.Run("AMalformedFileStoresNothing", func(t *testing.T) {
			broken := strings.Replace(string(file), "title: ", "titel: ", 1)
			broken = strings.Replace(broken, "score: 4", "score: 9", 1)
			_, err := s.ImportDraft(ctx, acme, []byte(broken), questions.FormatYAML)
			var e *mspeval.Error
			if !errors.As(err, &e) || e.Code != mspeval.EINVALID || len(e.Fields) < 3 {
				t.Fatalf("got %v, want invalid with the unknown field, the empty title and the score", err)
			}
			if drafts, _ := s.ListDrafts(ctx, acme); len(drafts) != 0 {
				t.Errorf("drafts: got %d, want none", len(drafts))
			}
		})
		t.Run("AnImportIsNamespacedAndVersionedHere", func(t *testing.T) {
			d, err := s.ImportDraft(ctx, acme, file, questions.FormatYAML)
			if err != nil {
				t.Fatal(err)
			}
			if d.Key != questions.WorkspaceKey(acme.WorkspaceID, "co-managed-readiness") || d.Version != 1 || d.BasedOn != nil {
				t.Errorf("draft: got %s v%d based on %+v", d.Key, d.Version, d.BasedOn)
			}
		})
	})
}

// draftJSON is a questionnaire's API form after edit changes it.
func draftJSON(t *testing.T, q *questions.Questionnaire, edit func(map[string]any)) []byte {
	t.Helper()
	b, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	edit(m)
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// path walks a decoded JSON value by field names and list positions.
func path(v any, steps ...any) any {
	for _, s := range steps {
		switch k := s.(type) {
		case string:
			v = v.(map[string]any)[k]
		case int:
			v = v.([]any)[k]
		}
	}
	return v
}
