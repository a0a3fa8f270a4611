package store

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"mspeval"
	"mspeval/questions"
)

// Draft is a workspace's questionnaire being edited: the document that will be
// published as Key and Version. A draft always passes the loader's rules: a
// change that breaks one is refused whole, with every problem named.
type Draft struct {
	ID string
	// Key is the namespaced key it publishes under (questions.WorkspaceKey).
	Key string
	// Version is the version it publishes as: the next of its key.
	Version int
	Title   string
	// BasedOn is the published version it was cloned from; nil for an import.
	BasedOn *questions.VersionRef
	// Revision counts the draft's saves, from 1 when it is made: a save or
	// a publication that names the revision it started from is refused when
	// another save came in between (ReplaceDraft, PublishDraft).
	Revision  int
	CreatedAt time.Time
	UpdatedAt time.Time
	// Questionnaire is the document, checked; nil in a list.
	Questionnaire *questions.Questionnaire
}

type draftRow struct {
	ID             string
	WorkspaceID    string
	Key            string
	Version        int
	Title          string
	BasedOnKey     *string
	BasedOnVersion *int
	Definition     string
	CreatedBy      *string
	UpdatedBy      *string
	Revision       int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (draftRow) TableName() string { return "questionnaire_drafts" }

func (r draftRow) toDraft() Draft {
	return Draft{ID: r.ID, Key: r.Key, Version: r.Version, Title: r.Title, BasedOn: refOf(r.BasedOnKey, r.BasedOnVersion),
		Revision: r.Revision, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// CloneInput starts a draft from a published version.
type CloneInput struct {
	FromKey string
	// FromVersion 0 is the latest.
	FromVersion int
	// Key is the draft's own key, without the workspace's namespace; empty, the
	// source's. A key the workspace has published continues it: the draft is
	// its next version.
	Key string
}

// ListDrafts lists the workspace's drafts, oldest first, without their documents.
func (s *Store) ListDrafts(ctx context.Context, c mspeval.Caller) ([]Draft, error) {
	var rows []draftRow
	err := s.read(ctx).Omit("definition").Where("workspace_id = ?", c.WorkspaceID).Order("id").Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]Draft, len(rows))
	for i, r := range rows {
		out[i] = r.toDraft()
	}
	return out, nil
}

// GetDraft returns one draft of the workspace with its document.
func (s *Store) GetDraft(ctx context.Context, c mspeval.Caller, id string) (Draft, error) {
	row, err := getDraft(s.read(ctx), c, id)
	if err != nil {
		return Draft{}, err
	}
	return draftOf(row)
}

func getDraft(db *gorm.DB, c mspeval.Caller, id string) (draftRow, error) {
	var row draftRow
	err := db.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return row, mspeval.NotFound("questionnaire draft")
	}
	return row, translate(err)
}

// draftOf reads a draft's document back.
func draftOf(row draftRow) (Draft, error) {
	q, err := questions.Parse(row.Key, []byte(row.Definition))
	if err != nil {
		// Stored drafts passed the rules when they were saved; a release with
		// stricter rules can still refuse one. Say what to fix.
		return Draft{}, invalidDocument(err)
	}
	d := row.toDraft()
	d.Questionnaire = q
	return d, nil
}

// CloneDraft starts a draft from a built-in or one of the workspace's own
// published versions.
func (s *Store) CloneDraft(ctx context.Context, c mspeval.Caller, in CloneInput) (Draft, error) {
	src, err := s.Questionnaire(ctx, c, in.FromKey, in.FromVersion)
	if mspeval.ErrorCode(err) == mspeval.ENOTFOUND {
		return Draft{}, mspeval.Invalid("there is nothing to clone", mspeval.FieldError{Field: "from_key",
			Message: fmt.Sprintf("no questionnaire %q version %d of this workspace or built in; see GET /api/v1/questionnaires", in.FromKey, in.FromVersion)})
	}
	if err != nil {
		return Draft{}, err
	}
	local := in.Key
	if local == "" {
		local = questions.LocalKey(src.Key)
	}
	if msg := questions.CheckLocalKey(local); msg != "" {
		return Draft{}, mspeval.Invalid("the draft's key is not valid", mspeval.FieldError{Field: "key", Message: msg})
	}
	// A copy through the file format: the draft shares nothing with the
	// cached, published questionnaire it came from.
	data, err := questions.Encode(src)
	if err != nil {
		return Draft{}, mspeval.Internal(err)
	}
	doc, structural := questions.Decode(data, questions.FormatYAML)
	if doc == nil || len(structural) > 0 {
		return Draft{}, mspeval.Internal(fmt.Errorf("%s version %d does not read back: %v", src.Key, src.Version, structural))
	}
	return s.createDraft(ctx, c, doc, nil, questions.WorkspaceKey(c.WorkspaceID, local),
		&questions.VersionRef{Key: src.Key, Version: src.Version})
}

// ImportDraft makes a draft of a questionnaire file (YAML, or its JSON form).
// Its key, without any workspace's namespace, becomes the draft's; its
// version is replaced by the next of that key in the workspace. A file with
// problems stores nothing: every problem is named.
func (s *Store) ImportDraft(ctx context.Context, c mspeval.Caller, data []byte, f questions.Format) (Draft, error) {
	doc, structural := questions.Decode(data, f)
	if doc == nil {
		return Draft{}, invalidProblems(structural)
	}
	local := questions.LocalKey(doc.Key)
	if msg := questions.CheckLocalKey(local); msg != "" {
		structural = append(structural, questions.FieldProblem{Field: "key", Message: msg})
		local = "imported" // to check the rest of the file under a valid key
	}
	return s.createDraft(ctx, c, doc, structural, questions.WorkspaceKey(c.WorkspaceID, local), nil)
}

func (s *Store) createDraft(ctx context.Context, c mspeval.Caller, doc *questions.Questionnaire, structural []questions.FieldProblem,
	key string, basedOn *questions.VersionRef) (Draft, error) {
	latest, err := s.latestVersion(s.read(ctx), c, key)
	if err != nil {
		return Draft{}, err
	}
	text, q, err := settle(doc, structural, key, latest+1)
	if err != nil {
		return Draft{}, err
	}
	now := s.clock()
	row := draftRow{ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, Key: key, Version: latest + 1, Title: q.Title,
		Definition: string(text), CreatedBy: nonEmpty(c.UserID), UpdatedBy: nonEmpty(c.UserID), Revision: 1, CreatedAt: now, UpdatedAt: now}
	if basedOn != nil {
		row.BasedOnKey, row.BasedOnVersion = &basedOn.Key, &basedOn.Version
	}
	err = s.write(ctx, func(tx *gorm.DB) error {
		var other draftRow
		err := tx.Select("id").Where("workspace_id = ? AND key = ?", c.WorkspaceID, key).Take(&other).Error
		if err == nil {
			return mspeval.Errorf(mspeval.ECONFLICT, "the workspace has a draft of %q already (%s): edit or delete it, or give this one another key",
				questions.LocalKey(key), other.ID)
		}
		if !errors.Is(err, gorm.ErrRecordNotFound) {
			return err
		}
		return tx.Create(&row).Error
	})
	if err != nil {
		return Draft{}, err
	}
	d := row.toDraft()
	d.Questionnaire = q
	return d, nil
}

// ReplaceDraft replaces a draft's document whole. The document's key may be
// left out or be the draft's (with or without the namespace); its version is
// the draft's whatever it says. A document with problems changes nothing:
// every problem is named. ifRevision, when not 0, is the revision the change
// was made from: if another save came after it, nothing changes and the
// error (EPRECONDITION) says who saved.
func (s *Store) ReplaceDraft(ctx context.Context, c mspeval.Caller, id string, data []byte, f questions.Format, ifRevision int) (Draft, error) {
	row, err := getDraft(s.read(ctx), c, id)
	if err != nil {
		return Draft{}, err
	}
	doc, structural := questions.Decode(data, f)
	if doc == nil {
		return Draft{}, invalidProblems(structural)
	}
	if doc.Key != "" && doc.Key != row.Key && doc.Key != questions.LocalKey(row.Key) {
		structural = append(structural, questions.FieldProblem{Field: "key", Message: fmt.Sprintf(
			"key %q: a draft keeps the key it was made with (%s); clone or import to start another questionnaire",
			doc.Key, questions.LocalKey(row.Key))})
	}
	text, q, err := settle(doc, structural, row.Key, row.Version)
	if err != nil {
		return Draft{}, err
	}
	now := s.clock()
	err = s.write(ctx, func(tx *gorm.DB) error {
		cur, err := s.draftRevision(tx, c, id, ifRevision)
		if err != nil {
			return err
		}
		row.Revision = cur + 1
		return tx.Model(&draftRow{}).Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).
			Updates(map[string]any{"title": q.Title, "definition": string(text), "updated_at": now,
				"updated_by": nonEmpty(c.UserID), "revision": row.Revision}).Error
	})
	if err != nil {
		return Draft{}, err
	}
	row.Title, row.Definition, row.UpdatedAt = q.Title, string(text), now
	d := row.toDraft()
	d.Questionnaire = q
	return d, nil
}

// draftRevision reads a draft's revision in tx, locked for the change that
// follows where the database locks rows, and refuses when ifRevision is not 0
// and not the draft's: someone saved after the caller's copy was read.
func (s *Store) draftRevision(tx *gorm.DB, c mspeval.Caller, id string, ifRevision int) (int, error) {
	var cur draftRow
	err := s.forUpdate(tx).Select("revision", "updated_by").Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Take(&cur).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, mspeval.NotFound("questionnaire draft") // published or deleted meanwhile
	}
	if err != nil {
		return 0, err
	}
	if ifRevision != 0 && ifRevision != cur.Revision {
		who := "another member"
		if by := cur.UpdatedBy; by != nil && *by == c.UserID {
			who = "you elsewhere (in another tab, window or client)"
		} else if by != nil {
			var name string
			if err := tx.Table("users").Select("name").Where("id = ?", *by).Scan(&name).Error; err != nil {
				return 0, err
			}
			if name != "" {
				who = name
			}
		}
		return 0, &mspeval.Error{Code: mspeval.EPRECONDITION, Message: fmt.Sprintf(
			"the draft was saved by %s after revision %d, which this change started from; it is at revision %d now", who, ifRevision, cur.Revision)}
	}
	return cur.Revision, nil
}

// DeleteDraft deletes a draft.
func (s *Store) DeleteDraft(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Delete(&draftRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return mspeval.NotFound("questionnaire draft")
		}
		return nil
	})
}

// PublishDraft makes a draft the next published version of its key: stored
// once, checksum-locked and never changed, usable by the workspace's
// evaluations. The draft is gone afterwards; a new one starts from the
// published version (CloneDraft). ifRevision, when not 0, is the revision
// the caller saw: a draft saved since is not published (EPRECONDITION).
func (s *Store) PublishDraft(ctx context.Context, c mspeval.Caller, id string, ifRevision int) (*questions.Questionnaire, error) {
	// Read and check first, so that SQLite's one writer is not held while a
	// large questionnaire is parsed.
	row, err := getDraft(s.read(ctx), c, id)
	if err != nil {
		return nil, err
	}
	d, err := draftOf(row)
	if err != nil {
		return nil, err
	}
	q := d.Questionnaire
	err = s.write(ctx, func(tx *gorm.DB) error {
		cur, err := s.draftRevision(tx, c, id, ifRevision)
		if err != nil {
			return err
		}
		if cur != row.Revision {
			return mspeval.Errorf(mspeval.ECONFLICT, "the draft was changed while it was being published; publish it again")
		}
		version := workspaceVersionRow{Key: row.Key, Version: row.Version, WorkspaceID: c.WorkspaceID, Title: q.Title,
			Checksum: q.Checksum, Definition: row.Definition, PublishedAt: s.clock(),
			BasedOnKey: row.BasedOnKey, BasedOnVersion: row.BasedOnVersion}
		if err := tx.Create(&version).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return mspeval.Errorf(mspeval.ECONFLICT, "version %d of %q is published already: delete this draft and clone the published version",
					row.Version, questions.LocalKey(row.Key))
			}
			return err
		}
		return tx.Delete(&draftRow{}, "id = ?", id).Error
	})
	if err != nil {
		return nil, err
	}
	s.published.put(q)
	return q, nil
}

// settle makes a decoded document the draft's: its key and version are set,
// and it must pass the loader's rules. It returns the text to store (the
// built-in files' format) and the questionnaire read back from that text, so
// that what is stored is exactly what was checked.
func settle(doc *questions.Questionnaire, structural []questions.FieldProblem, key string, version int) ([]byte, *questions.Questionnaire, error) {
	doc.Key, doc.Version = key, version
	if problems := questions.Problems(doc, structural); len(problems) > 0 {
		return nil, nil, invalidProblems(problems)
	}
	text, err := questions.Encode(doc)
	if err != nil {
		return nil, nil, mspeval.Internal(err)
	}
	q, err := questions.Parse(key, text)
	if err != nil {
		return nil, nil, mspeval.Internal(fmt.Errorf("a checked questionnaire does not read back: %w", err))
	}
	return text, q, nil
}

// invalidProblems is the EINVALID error for a questionnaire's problems, one
// field error each.
func invalidProblems(problems []questions.FieldProblem) error {
	fields := make([]mspeval.FieldError, len(problems))
	for i, p := range problems {
		fields[i] = mspeval.FieldError{Field: p.Field, Message: p.Message}
	}
	return mspeval.Invalid(fmt.Sprintf("the questionnaire has %d problem(s); each is named with its field", len(problems)), fields...)
}

// invalidDocument is invalidProblems for a load error; anything else is internal.
func invalidDocument(err error) error {
	var le *questions.LoadError
	if errors.As(err, &le) {
		return invalidProblems(le.Problems)
	}
	return mspeval.Internal(err)
}
