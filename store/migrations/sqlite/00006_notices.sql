-- +goose Up
-- A member may ask to be emailed when a candidate of an evaluation they created
-- submits its response.
ALTER TABLE memberships ADD COLUMN notify_submissions BOOLEAN NOT NULL DEFAULT FALSE;

-- +goose Down
ALTER TABLE memberships DROP COLUMN notify_submissions;
