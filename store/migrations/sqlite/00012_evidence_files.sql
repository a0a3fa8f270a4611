-- +goose Up
-- Files attached to file questions (questions.TypeFile): at most one per
-- question of a candidate's response, the bytes kept in the database so that
-- a backup of the database holds them too. The question's answer row
-- describes the file (questions.FileRef) and is written in the same
-- transaction; attaching another file deletes this row and inserts a new one.
-- media_type is what the content was found to be, never what the name says.
CREATE TABLE evidence_files (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    name         TEXT NOT NULL,
    media_type   TEXT NOT NULL,
    size         INTEGER NOT NULL CHECK (size > 0),
    sha256       TEXT NOT NULL,
    content      BLOB NOT NULL,
    uploaded_at  TIMESTAMP NOT NULL,
    uploaded_by  TEXT NOT NULL,
    UNIQUE (candidate_id, question_key)
);
CREATE INDEX evidence_files_workspace ON evidence_files(workspace_id, candidate_id);

-- +goose Down
DROP TABLE evidence_files;
