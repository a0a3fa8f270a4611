-- +goose Up
ALTER TABLE evaluations ADD COLUMN blind_ratings BOOLEAN NOT NULL DEFAULT FALSE;

CREATE TABLE ratings (
    candidate_id TEXT NOT NULL REFERENCES candidates(id) ON DELETE CASCADE,
    question_key TEXT NOT NULL,
    evaluator_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    score        INTEGER NOT NULL CHECK (score BETWEEN 0 AND 4),
    note         TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL,
    PRIMARY KEY (candidate_id, question_key, evaluator_id)
);

-- +goose Down
DROP TABLE ratings;
ALTER TABLE evaluations DROP COLUMN blind_ratings;
