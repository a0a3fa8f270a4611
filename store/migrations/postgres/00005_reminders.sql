-- +goose Up
-- The link of an emailed invitation, kept while it can still be answered so that
-- reminders can carry it; cleared once the response is submitted or the link
-- is revoked. Links that were never emailed keep only their hash.
ALTER TABLE invitations ADD COLUMN mail_secret TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE invitations DROP COLUMN mail_secret;
