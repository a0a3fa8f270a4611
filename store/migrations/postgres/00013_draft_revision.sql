-- +goose Up
-- Every save of a draft raises its revision, and updated_by names who saved
-- it last: an editor that opened revision 3 and saves while revision 4 is
-- stored is told who saved in between, instead of replacing their work
-- unseen (store.ReplaceDraft's ifRevision, the API's If-Match).
ALTER TABLE questionnaire_drafts ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
ALTER TABLE questionnaire_drafts ADD COLUMN updated_by TEXT REFERENCES users(id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE questionnaire_drafts DROP COLUMN updated_by;
ALTER TABLE questionnaire_drafts DROP COLUMN revision;
