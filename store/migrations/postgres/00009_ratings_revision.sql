-- +goose Up
-- Every change to a candidate's ratings raises ratings_revision, as every
-- change to its response raises response_revision: together they tell the
-- comparison's cache whether what it holds of an evaluation is still current.
ALTER TABLE candidates ADD COLUMN ratings_revision INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE candidates DROP COLUMN ratings_revision;
