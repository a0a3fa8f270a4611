-- +goose Up
-- Campaigns (issue 10): an evaluation whose questionnaire shows respondents
-- their results. Its public link lets each visitor start their own response
-- (a lead); the settings here keep that link abuse-resistant.
CREATE TABLE campaigns (
    evaluation_id TEXT PRIMARY KEY REFERENCES evaluations(id) ON DELETE CASCADE,
    workspace_id  TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    slug          TEXT NOT NULL UNIQUE,
    public_open   BOOLEAN NOT NULL DEFAULT TRUE,
    response_cap  INTEGER,
    closes_at     TIMESTAMPTZ,
    intro         TEXT NOT NULL DEFAULT '',
    consent_text  TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ NOT NULL
);
CREATE INDEX campaigns_workspace ON campaigns(workspace_id);

-- A lead is a candidate of a campaign seen as a prospect: who they are, what
-- they agreed to (the wording and when), where they came from, and the result
-- they were shown when they submitted.
CREATE TABLE leads (
    candidate_id   TEXT PRIMARY KEY REFERENCES candidates(id) ON DELETE CASCADE,
    workspace_id   TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    evaluation_id  TEXT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    origin         TEXT NOT NULL CHECK (origin IN ('public', 'invited')),
    person_name    TEXT NOT NULL DEFAULT '',
    email          TEXT NOT NULL DEFAULT '',
    company        TEXT NOT NULL DEFAULT '',
    consent_text   TEXT NOT NULL DEFAULT '',
    consented_at   TIMESTAMPTZ,
    source         TEXT NOT NULL DEFAULT '{}',
    source_label   TEXT NOT NULL DEFAULT '',
    client_ip      TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL,
    submitted_at   TIMESTAMPTZ,
    sales_ready_at TIMESTAMPTZ,
    sales_note     TEXT NOT NULL DEFAULT '',
    overall        DOUBLE PRECISION,
    tier           TEXT NOT NULL DEFAULT '',
    tier_label     TEXT NOT NULL DEFAULT '',
    scores         TEXT NOT NULL DEFAULT '{}'
);
CREATE INDEX leads_evaluation ON leads(evaluation_id, created_at);
CREATE INDEX leads_client ON leads(evaluation_id, client_ip, created_at);

-- Visits of a public link, counted per day for the funnel.
CREATE TABLE campaign_visits (
    evaluation_id TEXT NOT NULL REFERENCES evaluations(id) ON DELETE CASCADE,
    day           TEXT NOT NULL,
    visits        INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (evaluation_id, day)
);

-- A workspace's branding for what prospects see, and the sites that may frame
-- its public pages.
ALTER TABLE workspaces ADD COLUMN accent_color TEXT NOT NULL DEFAULT '';
ALTER TABLE workspaces ADD COLUMN logo BYTEA;
ALTER TABLE workspaces ADD COLUMN logo_type TEXT NOT NULL DEFAULT '';
ALTER TABLE workspaces ADD COLUMN embed_origins TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE workspaces DROP COLUMN embed_origins;
ALTER TABLE workspaces DROP COLUMN logo_type;
ALTER TABLE workspaces DROP COLUMN logo;
ALTER TABLE workspaces DROP COLUMN accent_color;
DROP TABLE campaign_visits;
DROP TABLE leads;
DROP TABLE campaigns;
