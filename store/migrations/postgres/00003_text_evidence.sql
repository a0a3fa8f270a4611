-- +goose Up
-- Provisional text scoring is on for every evaluation unless its owner turns it off.
ALTER TABLE evaluations ADD COLUMN text_scoring BOOLEAN NOT NULL DEFAULT TRUE;
-- The answer a rating was given to, as a hash of its value: a rating of an answer
-- that changed since is stale and stops counting until its evaluator confirms it.
-- Ratings given before this migration carry '' and are taken as current.
ALTER TABLE ratings ADD COLUMN answer_hash TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE ratings DROP COLUMN answer_hash;
ALTER TABLE evaluations DROP COLUMN text_scoring;
