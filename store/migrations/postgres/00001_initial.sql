-- +goose Up
CREATE TABLE workspaces (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL DEFAULT '',
    password_hash TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE memberships (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, user_id)
);
CREATE INDEX memberships_user ON memberships(user_id);

CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    client_ip    TEXT NOT NULL DEFAULT '',
    user_agent   TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE api_tokens (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    user_id      TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ,
    last_used_at TIMESTAMPTZ,
    revoked_at   TIMESTAMPTZ
);
CREATE INDEX api_tokens_workspace ON api_tokens(workspace_id, id);

CREATE TABLE signin_failures (
    id        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email     TEXT NOT NULL,
    client_ip TEXT NOT NULL,
    at        TIMESTAMPTZ NOT NULL
);
CREATE INDEX signin_failures_email ON signin_failures(email, at);
CREATE INDEX signin_failures_ip ON signin_failures(client_ip, at);

CREATE TABLE questionnaire_versions (
    key          TEXT NOT NULL,
    version      INTEGER NOT NULL,
    workspace_id TEXT REFERENCES workspaces(id) ON DELETE CASCADE,
    title        TEXT NOT NULL,
    checksum     TEXT NOT NULL,
    definition   TEXT NOT NULL,
    published_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (key, version)
);

CREATE TABLE evaluations (
    id                    TEXT PRIMARY KEY,
    workspace_id          TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    name                  TEXT NOT NULL,
    description           TEXT NOT NULL DEFAULT '',
    questionnaire_key     TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    weights               TEXT NOT NULL,
    due_date              TEXT,
    status                TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_by            TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    FOREIGN KEY (questionnaire_key, questionnaire_version) REFERENCES questionnaire_versions(key, version)
);
CREATE INDEX evaluations_workspace ON evaluations(workspace_id, id);

CREATE TABLE candidates (
    id                    TEXT PRIMARY KEY,
    workspace_id          TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    evaluation_id         TEXT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    name                  TEXT NOT NULL,
    contact_name          TEXT NOT NULL DEFAULT '',
    contact_email         TEXT NOT NULL DEFAULT '',
    website               TEXT NOT NULL DEFAULT '',
    notes                 TEXT NOT NULL DEFAULT '',
    created_at            TIMESTAMPTZ NOT NULL,
    updated_at            TIMESTAMPTZ NOT NULL,
    questionnaire_key     TEXT NOT NULL,
    questionnaire_version INTEGER NOT NULL,
    response_status       TEXT NOT NULL DEFAULT 'not_started'
                          CHECK (response_status IN ('not_started', 'in_progress', 'submitted')),
    response_revision     INTEGER NOT NULL DEFAULT 0,
    started_at            TIMESTAMPTZ,
    answered_at           TIMESTAMPTZ,
    submitted_at          TIMESTAMPTZ,
    submitted_by          TEXT NOT NULL DEFAULT '',
    reopened_at           TIMESTAMPTZ
);
CREATE INDEX candidates_evaluation ON candidates(evaluation_id, id);
CREATE INDEX candidates_workspace ON candidates(workspace_id);

CREATE TABLE answers (
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    value        TEXT NOT NULL,
    updated_at   TIMESTAMPTZ NOT NULL,
    updated_by   TEXT NOT NULL,
    PRIMARY KEY (candidate_id, question_key)
);

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    token_hash   TEXT NOT NULL UNIQUE,
    created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    opened_at    TIMESTAMPTZ,
    started_at   TIMESTAMPTZ,
    submitted_at TIMESTAMPTZ,
    last_seen_at TIMESTAMPTZ
);
CREATE INDEX invitations_candidate ON invitations(candidate_id, id);

-- +goose Down
DROP TABLE invitations;
DROP TABLE answers;
DROP TABLE candidates;
DROP TABLE evaluations;
DROP TABLE questionnaire_versions;
DROP TABLE signin_failures;
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE workspaces;
