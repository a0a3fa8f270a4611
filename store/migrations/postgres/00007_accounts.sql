-- +goose Up
-- Adding someone who already has an account is an invitation that person
-- accepts or declines after signing in (issue 12): an owner of one workspace
-- never pulls another workspace's user in, and never learns whether an account
-- exists. created_account marks the invitation that created a new account with
-- the owner's first password; that one is accepted at the account's first
-- sign-in.
CREATE TABLE member_invitations (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    email           TEXT NOT NULL,
    name            TEXT NOT NULL DEFAULT '',
    role            TEXT NOT NULL CHECK (role IN ('owner', 'editor', 'viewer')),
    invited_by      TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_account BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL,
    UNIQUE (workspace_id, email)
);
CREATE INDEX member_invitations_email ON member_invitations(email);

-- Sessions end after an idle time, renewed as they are used.
ALTER TABLE sessions ADD COLUMN last_seen_at TIMESTAMPTZ;
UPDATE sessions SET last_seen_at = created_at;

-- Sign-in failures are counted per account and client address.
CREATE INDEX signin_failures_pair ON signin_failures(email, client_ip, at);

-- +goose Down
DROP INDEX signin_failures_pair;
ALTER TABLE sessions DROP COLUMN last_seen_at;
DROP TABLE member_invitations;
