package api

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"mspeval/app"
	"mspeval/scoring"
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
	ID             string               `json:"id"`
	Name           string               `json:"name"`
	ResponseStatus string               `json:"response_status"`
	Rank           int                  `json:"rank"`
	Overall        *float64             `json:"overall"`
	Coverage       float64              `json:"coverage"`
	Confidence     string               `json:"confidence"`
	Dimensions     []dimensionSummary   `json:"dimensions"`
	Knockouts      []scoring.Knockout   `json:"knockouts"`
	RedFlags       int                  `json:"red_flags"`
	Contradictions int                  `json:"contradictions"`
	Disagreements  int                  `json:"disagreements"`
	FirstShare     float64              `json:"first_share"`
	Withheld       bool                 `json:"withheld"`
	Provisional    bool                 `json:"provisional"`
	RatedShare     float64              `json:"rated_share"`
	ProvShare      float64              `json:"provisional_share"`
	Tied           bool                 `json:"tied"`
	GreenSignals   int                  `json:"green_signals"`
	Evidence       scoring.TextEvidence `json:"evidence"`
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

// whatIf reads what-if weights from the query string; the API refuses a bad
// value with a 422 naming it.
func whatIf(c *gin.Context) app.WhatIf {
	given := map[string]string{}
	for k := range c.Request.URL.Query() {
		given[k] = c.Query(k)
	}
	return app.WhatIf{Values: given}
}

func (s *Server) comparison(c *gin.Context) {
	cmp, err := s.app.Compare(c.Request.Context(), callerOf(c), c.Param("id"), whatIf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	res := cmp.Result
	out := comparisonResponse{
		EvaluationID:  cmp.Evaluation.ID,
		Questionnaire: questionnaireRef{cmp.Evaluation.QuestionnaireKey, cmp.Evaluation.QuestionnaireVersion},
		Weights:       res.Weights, SavedWeights: cmp.SavedShares, WhatIf: cmp.WhatIf, Dimensions: res.Dimensions,
		Candidates: make([]comparisonCandidate, 0, len(res.Candidates)), Sensitivity: res.Sensitivity, TieBreak: res.TieBreak,
	}
	for _, r := range res.Candidates {
		cc := comparisonCandidate{
			ID: r.ID, Name: r.Name, ResponseStatus: cmp.Candidates[r.ID].Response.Status, Rank: r.Rank,
			Overall: r.Overall, Coverage: r.Coverage, Confidence: r.ConfidenceLevel, Knockouts: r.Knockouts,
			RedFlags: r.RedFlags, Contradictions: len(r.Contradictions), Disagreements: len(r.Disagreements),
			FirstShare: r.FirstShare, Withheld: r.Withheld, Provisional: r.ProvisionalShare > 0,
			RatedShare: r.RatedShare, ProvShare: r.ProvisionalShare, Tied: r.Tied, GreenSignals: r.GreenSignals,
			Evidence: r.TextEvidence,
		}
		for _, d := range r.Dimensions {
			cc.Dimensions = append(cc.Dimensions, dimensionSummary{Key: d.Key, Score: d.Score, Coverage: d.Coverage, HigherIsWorse: d.HigherIsWorse})
		}
		out.Candidates = append(out.Candidates, cc)
	}
	c.JSON(http.StatusOK, out)
}

func (s *Server) candidateScore(c *gin.Context) {
	cmp, r, err := s.app.CandidateScore(c.Request.Context(), callerOf(c), c.Param("id"), whatIf(c))
	if err != nil {
		s.fail(c, err)
		return
	}
	c.JSON(http.StatusOK, scoreResponse{
		EvaluationID: cmp.Evaluation.ID, Weights: cmp.Result.Weights, WhatIf: cmp.WhatIf, CandidateCount: len(cmp.Result.Candidates),
		ResponseStatus: cmp.Candidates[r.ID].Response.Status, Dimensions: cmp.Result.Dimensions, Result: r,
	})
}
