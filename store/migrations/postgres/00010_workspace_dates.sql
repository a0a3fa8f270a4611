-- +goose Up
-- How the workspace's documents write dates, and in which time zone; empty
-- means the default (day before month, UTC).
ALTER TABLE workspaces ADD COLUMN date_style TEXT NOT NULL DEFAULT '';
ALTER TABLE workspaces ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE workspaces DROP COLUMN time_zone;
ALTER TABLE workspaces DROP COLUMN date_style;
