package store_test

import (
	"context"
	"strings"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestDraftSavesNeverReplaceAnotherUnseen pins the draft's revision: every
// save raises it, and a save or a publication made from an older revision is
// refused (EPRECONDITION) naming who saved in between, with nothing changed;
// revision 0 still means any revision.
func TestDraftSavesNeverReplaceAnotherUnseen(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@acme.example", "Acme", mspeval.RoleOwner)
		dana := storetest.Account(t, s, "dana@acme.example", "Dana's own", mspeval.RoleOwner)
		dana.WorkspaceID, dana.Role = owner.WorkspaceID, mspeval.RoleEditor

		draft, err := s.CloneDraft(ctx, owner, store.CloneInput{FromKey: "partner-selection"})
		if err != nil {
			t.Fatal(err)
		}
		if draft.Revision != 1 {
			t.Errorf("a new draft: revision %d, want 1", draft.Revision)
		}
		titled := func(title string) []byte {
			return draftJSON(t, draft.Questionnaire, func(m map[string]any) { m["title"] = title })
		}

		// Dana saves from revision 1; the owner, who also opened revision 1,
		// saves after her.
		saved, err := s.ReplaceDraft(ctx, dana, draft.ID, titled("Dana's title"), questions.FormatJSON, 1)
		if err != nil || saved.Revision != 2 {
			t.Fatalf("a save from the current revision: got revision %d, %v; want 2", saved.Revision, err)
		}
		_, err = s.ReplaceDraft(ctx, owner, draft.ID, titled("The owner's title"), questions.FormatJSON, 1)
		if mspeval.ErrorCode(err) != mspeval.EPRECONDITION || mspeval.Status(err) != 412 ||
			!strings.Contains(err.Error(), "dana") || !strings.Contains(err.Error(), "revision 2") {
			t.Errorf("a save from an older revision: got %v, want precondition_failed naming dana and revision 2", err)
		}
		if got, _ := s.GetDraft(ctx, owner, draft.ID); got.Title != "Dana's title" || got.Revision != 2 {
			t.Errorf("after the refused save: title %q, revision %d; want Dana's, 2", got.Title, got.Revision)
		}

		// The same person in another tab is told it was them.
		if _, err := s.ReplaceDraft(ctx, dana, draft.ID, titled("Again"), questions.FormatJSON, 1); !strings.Contains(mspeval.ErrorMessage(err), "you elsewhere (in another tab") {
			t.Errorf("one's own earlier save: got %v, want it to say it was you", err)
		}

		if _, err := s.PublishDraft(ctx, owner, draft.ID, 1); mspeval.ErrorCode(err) != mspeval.EPRECONDITION {
			t.Errorf("publishing from an older revision: got %v, want precondition_failed", err)
		}
		if _, err := s.GetDraft(ctx, owner, draft.ID); err != nil {
			t.Errorf("the draft after a refused publication: %v", err)
		}

		// Revision 0 is any: the API without If-Match, as before.
		saved, err = s.ReplaceDraft(ctx, owner, draft.ID, titled("The owner's title"), questions.FormatJSON, 0)
		if err != nil || saved.Revision != 3 {
			t.Fatalf("a save of any revision: got revision %d, %v; want 3", saved.Revision, err)
		}
		q, err := s.PublishDraft(ctx, owner, draft.ID, 3)
		if err != nil || q.Title != "The owner's title" {
			t.Fatalf("publishing the current revision: got %v, %v", q, err)
		}
	})
}
