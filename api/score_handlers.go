package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval"
	"mspeval/scoring"
	"mspeval/store"
)

// comparisonResponse is an evaluation's ranked candidates under the saved
// weights, or under what-if weights given as query parameters.
type comparisonResponse struct {
	EvaluationID  string                  `json:"evaluation_id"`
	Questionnaire questionnaireRef        `json:"questionnaire"`
	Weights       map[string]float64      `json:"weights"`
	SavedWeights  map[string]float64      `json:"saved_weights"`
	WhatIf        bool                    `json:"what_if"`
	Dimensions    []scoring.DimensionInfo `json:"dimensions"`
	Candidates    []comparisonCandidate   `json:"candidates"`
	Sensitivity   scoring.Sensitivity     `json:"sensitivity"`
	TieBreak      string                  `json:"tie_break"`
}

type questionnaireRef struct {
	Key     string `json:"key"`
	Version int    `json:"version"`
}

type comparisonCandidate struct {
	ID             string             `json:"id"`
	Name           string             `json:"name"`
	ResponseStatus string             `json:"response_status"`
	Rank           int                `json:"rank"`
	Overall        *float64           `json:"overall"`
	Coverage       float64            `json:"coverage"`
	Confidence     string             `json:"confidence"`
	Dimensions     []dimensionSummary `json:"dimensions"`
	Knockouts      []scoring.Knockout `json:"knockouts"`
	RedFlags       int                `json:"red_flags"`
	Contradictions int                `json:"contradictions"`
	Disagreements  int                `json:"disagreements"`
	FirstShare     float64            `json:"first_share"`
}

type dimensionSummary struct {
	Key           string   `json:"key"`
	Score         *float64 `json:"score"`
	Coverage      float64  `json:"coverage"`
	HigherIsWorse bool     `json:"higher_is_worse"`
}

// scoreResponse is one candidate's full result with its explanation.
type scoreResponse struct {
	EvaluationID   string                  `json:"evaluation_id"`
	Weights        map[string]float64      `json:"weights"`
	WhatIf         bool                    `json:"what_if"`
	CandidateCount int                     `json:"candidate_count"`
	ResponseStatus string                  `json:"response_status"`
	Dimensions     []scoring.DimensionInfo `json:"dimensions"`
	Result         scoring.CandidateResult `json:"result"`
}

// evaluate loads an evaluation and scores it, with what-if weights from the query.
func (s *Server) evaluate(c *gin.Context, evaluationID string) (store.ScoringData, scoring.Result, bool, bool) {
	data, err := s.store.ScoringData(c.Request.Context(), callerOf(c), evaluationID)
	if err != nil {
		s.fail(c, err)
		return data, scoring.Result{}, false, false
	}
	weights, whatIf, err := whatIfWeights(c, data)
	if err != nil {
		s.fail(c, err)
		return data, scoring.Result{}, false, false
	}
	data.Input.Weights = weights
	data.Input.Signals = s.signals
	res, err := scoring.Evaluate(data.Input)
	if err != nil {
		s.fail(c, mspeval.Invalid("the weights cannot be used", mspeval.FieldError{Field: "weights", Message: err.Error()}))
		return data, scoring.Result{}, false, false
	}
	return data, res, whatIf, true
}

// whatIfWeights reads weights from query parameters named by dimension
// (?fit=50&flexibility=30&dependency_risk=20); dimensions not named keep their
// saved weight. Any problem is a 422 naming the parameter.
func whatIfWeights(c *gin.Context, data store.ScoringData) (map[string]float64, bool, error) {
	given := map[string]string{}
	for k := range c.Request.URL.Query() {
		given[k] = c.Query(k)
	}
	weights, whatIf, problems := scoring.WhatIf(data.Input.Questionnaire, data.Evaluation.Weights, given)
	if len(problems) > 0 {
		fields := make([]mspeval.FieldError, len(problems))
		for i, p := range problems {
			fields[i] = mspeval.FieldError{Field: p.Key, Message: p.Message}
		}
		return nil, false, mspeval.Invalid("the what-if weights are not valid", fields...)
	}
	return weights, whatIf, nil
}

func (s *Server) comparison(c *gin.Context) {
	data, res, whatIf, ok := s.evaluate(c, c.Param("id"))
	if !ok {
		return
	}
	saved := map[string]float64{}
	total := 0.0
	for _, v := range data.Evaluation.Weights {
		total += v
	}
	for k, v := range data.Evaluation.Weights {
		saved[k] = 100 * v / total
	}
	out := comparisonResponse{
		EvaluationID:  data.Evaluation.ID,
		Questionnaire: questionnaireRef{data.Evaluation.QuestionnaireKey, data.Evaluation.QuestionnaireVersion},
		Weights:       res.Weights, SavedWeights: saved, WhatIf: whatIf, Dimensions: res.Dimensions,
		Candidates: make([]comparisonCandidate, 0, len(res.Candidates)), Sensitivity: res.Sensitivity, TieBreak: res.TieBreak,
	}
	blind := data.Evaluation.BlindRatings && callerOf(c).Role == mspeval.RoleEditor
	for _, r := range res.Candidates {
		if blind {
			scoring.Blind(&r, data.RatedByCaller)
		}
		cc := comparisonCandidate{
			ID: r.ID, Name: r.Name, ResponseStatus: data.Candidates[r.ID].Response.Status, Rank: r.Rank,
			Overall: r.Overall, Coverage: r.Coverage, Confidence: r.Confidence, Knockouts: r.Knockouts,
			RedFlags: r.RedFlags, Contradictions: len(r.Contradictions), Disagreements: len(r.Disagreements), FirstShare: r.FirstShare,
		}
		for _, d := range r.Dimensions {
			cc.Dimensions = append(cc.Dimensions, dimensionSummary{Key: d.Key, Score: d.Score, Coverage: d.Coverage, HigherIsWorse: d.HigherIsWorse})
		}
		out.Candidates = append(out.Candidates, cc)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) candidateScore(c *gin.Context) {
	cand, err := s.store.GetCandidate(c.Request.Context(), callerOf(c), c.Param("id"))
	if err != nil {
		s.fail(c, err)
		return
	}
	data, res, whatIf, ok := s.evaluate(c, cand.EvaluationID)
	if !ok {
		return
	}
	for _, r := range res.Candidates {
		if r.ID != cand.ID {
			continue
		}
		if data.Evaluation.BlindRatings && callerOf(c).Role == mspeval.RoleEditor {
			scoring.Blind(&r, data.RatedByCaller)
		}
		c.JSON(http.StatusOK, scoreResponse{
			EvaluationID: data.Evaluation.ID, Weights: res.Weights, WhatIf: whatIf, CandidateCount: len(res.Candidates),
			ResponseStatus: cand.Response.Status, Dimensions: res.Dimensions, Result: r,
		})
		return
	}
	s.fail(c, mspeval.NotFound("candidate"))
}
