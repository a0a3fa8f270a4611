package app

import (
	"context"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
)

// RespondentResults are a respondent's own results, when the questionnaire
// lets respondents see them (a campaign): their profile per dimension with its
// tier and what it means, and the next steps. Nothing else reaches them: no
// option scores, guidance, ratings or other respondents.
type RespondentResults struct {
	Workspace string                     `json:"workspace"`
	Results   questions.RespondentResult `json:"results"`
}

// RespondentResults computes them for a submitted response. A questionnaire
// that does not show results answers 404; a response not yet submitted, 409.
func (s *Service) RespondentResults(ctx context.Context, secret string) (RespondentResults, error) {
	data, err := s.store.RespondentScoring(ctx, secret)
	if err != nil {
		return RespondentResults{}, err
	}
	q := data.Input.Questionnaire
	if !q.ShowsRespondent() {
		return RespondentResults{}, mspeval.Errorf(mspeval.ENOTFOUND, "this questionnaire has no results to show")
	}
	if data.Status != mspeval.ResponseSubmitted {
		return RespondentResults{}, mspeval.Errorf(mspeval.ECONFLICT, "your results are ready once you submit your answers")
	}
	out, err := scoring.RespondentResult(data.Input)
	if err != nil {
		return RespondentResults{}, mspeval.Internal(err)
	}
	return RespondentResults{Workspace: data.Workspace, Results: out}, nil
}
