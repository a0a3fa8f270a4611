-- +goose Up
-- Links follow the evaluation: by default a link works until the due date plus
-- a grace period. An evaluation may close itself at its due date, and remind the
-- candidates who have not submitted on the days before it.
ALTER TABLE evaluations ADD COLUMN link_grace_days INTEGER NOT NULL DEFAULT 7;
ALTER TABLE evaluations ADD COLUMN close_at_due BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE evaluations ADD COLUMN reminder_days TEXT NOT NULL DEFAULT '7,3,1';
ALTER TABLE evaluations ADD COLUMN closed_at TIMESTAMPTZ;
-- The address a link was emailed to, when it was.
ALTER TABLE invitations ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE invitations ADD COLUMN last_reminded_at TIMESTAMPTZ;

CREATE TABLE webhook_endpoints (
    id           TEXT PRIMARY KEY,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    url          TEXT NOT NULL,
    events       TEXT NOT NULL,
    secrets      TEXT NOT NULL,
    created_by   TEXT REFERENCES users(id) ON DELETE SET NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    disabled_at  TIMESTAMPTZ
);
CREATE INDEX webhook_endpoints_workspace ON webhook_endpoints(workspace_id, id);

-- The outbox: every email and webhook delivery is written here in the same
-- transaction as the change that causes it, and sent by the worker.
CREATE TABLE outbox (
    id              TEXT PRIMARY KEY,
    workspace_id    TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('email', 'webhook')),
    topic           TEXT NOT NULL,
    candidate_id    TEXT REFERENCES candidates(id) ON DELETE CASCADE,
    invitation_id   TEXT REFERENCES invitations(id) ON DELETE CASCADE,
    endpoint_id     TEXT REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    recipient       TEXT NOT NULL DEFAULT '',
    payload         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    state           TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'bounced')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    lease_owner     TEXT NOT NULL DEFAULT '',
    lease_until     TIMESTAMPTZ,
    last_error      TEXT NOT NULL DEFAULT '',
    status_code     INTEGER,
    latency_ms      INTEGER,
    created_at      TIMESTAMPTZ NOT NULL,
    sent_at         TIMESTAMPTZ
);
CREATE INDEX outbox_due ON outbox(state, next_attempt_at);
CREATE INDEX outbox_candidate ON outbox(candidate_id, created_at);

CREATE TABLE email_optouts (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    email        TEXT NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (workspace_id, email)
);

-- +goose Down
DROP TABLE email_optouts;
DROP TABLE outbox;
DROP TABLE webhook_endpoints;
ALTER TABLE invitations DROP COLUMN last_reminded_at;
ALTER TABLE invitations DROP COLUMN email;
ALTER TABLE evaluations DROP COLUMN closed_at;
ALTER TABLE evaluations DROP COLUMN reminder_days;
ALTER TABLE evaluations DROP COLUMN close_at_due;
ALTER TABLE evaluations DROP COLUMN link_grace_days;
