package store

import (
	"context"

	"gorm.io/gorm"

	"mspeval/scoring"
)

// RespondentScoring is what a respondent's own results are computed from:
// their response alone, under the evaluation's weights. It never holds another
// candidate or any rating.
type RespondentScoring struct {
	Status    string
	Workspace string
	Input     scoring.Input
}

// RespondentScoring reads a link's response for its results, without
// recording anything. The link must still work.
func (s *Store) RespondentScoring(ctx context.Context, secret string) (RespondentScoring, error) {
	var out RespondentScoring
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		_, cand, err := s.peekInvitation(tx, secret)
		if err != nil {
			return err
		}
		var ev evaluationRow
		if err := tx.Select("weights, workspace_id").Where("id = ?", cand.EvaluationID).Take(&ev).Error; err != nil {
			return err
		}
		var ws workspaceRow
		if err := tx.Where("id = ?", cand.WorkspaceID).Take(&ws).Error; err != nil {
			return err
		}
		q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
		if err != nil {
			return err
		}
		stored, err := loadAnswers(tx, cand.ID)
		if err != nil {
			return err
		}
		answers := plainAnswers(stored)
		out = RespondentScoring{Status: cand.ResponseStatus, Workspace: ws.Name, Input: scoring.Input{Questionnaire: q,
			Weights: ev.toDomain().Weights, Candidates: []scoring.Candidate{{ID: cand.ID, Name: cand.Name, Answers: answers}}}}
		return nil
	})
	return out, translate(err)
}
