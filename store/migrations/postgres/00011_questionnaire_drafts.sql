-- +goose Up
-- A workspace's questionnaire being edited. It publishes as (key, version) into
-- questionnaire_versions; key is the namespaced key ("ws-<workspace id>-<key>",
-- see questions.WorkspaceKey), so one draft per key and workspace is enough.
-- definition is the document as YAML in the built-in files' format.
CREATE TABLE questionnaire_drafts (
    id               TEXT PRIMARY KEY,
    workspace_id     TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    key              TEXT NOT NULL,
    version          INTEGER NOT NULL,
    title            TEXT NOT NULL,
    based_on_key     TEXT,
    based_on_version INTEGER,
    definition       TEXT NOT NULL,
    created_by       TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    UNIQUE (workspace_id, key)
);
CREATE INDEX questionnaire_drafts_workspace ON questionnaire_drafts(workspace_id, id);

-- Where a workspace's published version came from (a built-in or one of its
-- own versions); NULL for the built-ins.
ALTER TABLE questionnaire_versions ADD COLUMN based_on_key TEXT;
ALTER TABLE questionnaire_versions ADD COLUMN based_on_version INTEGER;
CREATE INDEX questionnaire_versions_workspace ON questionnaire_versions(workspace_id, key, version);

-- +goose Down
DROP INDEX questionnaire_versions_workspace;
ALTER TABLE questionnaire_versions DROP COLUMN based_on_version;
ALTER TABLE questionnaire_versions DROP COLUMN based_on_key;
DROP TABLE questionnaire_drafts;
