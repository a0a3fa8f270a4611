package app

import (
	"context"

	"mspeval"
	"mspeval/questions"
	"mspeval/report"
	"mspeval/scoring"
	"mspeval/store"
)

// WhatIf carries what-if weights as a client gave them, by dimension key
// (?fit=50&flexibility=30&dependency_risk=20); dimensions not named keep their
// saved weight. Strict callers (the API) get a 422 naming a bad value; lenient
// ones (the comparison page, where a slider may send anything) fall back to the
// saved weights instead.
type WhatIf struct {
	Values  map[string]string
	Lenient bool
}

// Comparison is an evaluation scored for one caller: the ranking under the
// saved or what-if weights, with every rating the caller may not see left out.
type Comparison struct {
	Evaluation    mspeval.Evaluation
	Questionnaire *questions.Questionnaire
	// Input is what was scored, after blind ratings took out what the caller
	// may not see; Result is its score.
	Input      scoring.Input
	Result     scoring.Result
	Candidates map[string]mspeval.Candidate
	// Weights are the raw weights used; SavedShares the saved ones as shares of 100.
	Weights     map[string]float64
	SavedShares map[string]float64
	WhatIf      bool
	// Blind is true when blind ratings apply to the caller; Hidden counts, per
	// candidate, the answers whose ratings are hidden from them.
	Blind  bool
	Hidden map[string]int
}

// Candidate returns one candidate's result.
func (cmp *Comparison) Candidate(id string) (scoring.CandidateResult, bool) {
	for _, r := range cmp.Result.Candidates {
		if r.ID == id {
			return r, true
		}
	}
	return scoring.CandidateResult{}, false
}

// Compare scores an evaluation for the caller. It reads the scoring data once.
func (s *Service) Compare(ctx context.Context, c mspeval.Caller, evaluationID string, w WhatIf) (*Comparison, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, err
	}
	data, err := s.store.ScoringData(ctx, c, evaluationID)
	if err != nil {
		return nil, err
	}
	return s.compare(c, data, w)
}

func (s *Service) compare(c mspeval.Caller, data store.ScoringData, w WhatIf) (*Comparison, error) {
	q := data.Input.Questionnaire
	weights, whatIf, err := whatIfWeights(q, data.Evaluation.Weights, w)
	if err != nil {
		return nil, err
	}
	saved, err := scoring.Shares(q, data.Evaluation.Weights)
	if err != nil {
		return nil, mspeval.Internal(err)
	}
	cmp := &Comparison{Evaluation: data.Evaluation, Questionnaire: q, Candidates: data.Candidates,
		Weights: weights, SavedShares: saved, WhatIf: whatIf, Blind: mspeval.BlindFor(data.Evaluation, c)}
	cmp.Input = data.Input
	cmp.Input.Weights = weights
	cmp.Input.Signals = s.signals
	cmp.Input.TextScoring = data.Evaluation.TextScoring
	cmp.Hidden = hideRatings(&cmp.Input, data.Evaluation, c, data.RatedByCaller)
	cmp.Result, err = scoring.Evaluate(cmp.Input)
	if err != nil {
		return nil, mspeval.Invalid("the weights cannot be used", mspeval.FieldError{Field: "weights", Message: err.Error()})
	}
	for i := range cmp.Result.Candidates {
		r := &cmp.Result.Candidates[i]
		r.Withheld = cmp.Hidden[r.ID] > 0
	}
	return cmp, nil
}

// whatIfWeights applies what-if values to the saved weights.
func whatIfWeights(q *questions.Questionnaire, saved map[string]float64, w WhatIf) (map[string]float64, bool, error) {
	weights, whatIf, problems := scoring.WhatIf(q, saved, w.Values)
	if len(problems) == 0 {
		return weights, whatIf, nil
	}
	if w.Lenient {
		return saved, false, nil
	}
	fields := make([]mspeval.FieldError, len(problems))
	for i, p := range problems {
		fields[i] = mspeval.FieldError{Field: p.Key, Message: p.Message}
	}
	return nil, false, mspeval.Invalid("the what-if weights are not valid", fields...)
}

// hideRatings applies blind ratings to what is scored: for an answer the caller
// has not rated, other evaluators' ratings are taken out before scoring, so no
// score, rank, share or knockout computed from them reaches the caller. It
// returns, per candidate, how many answers had ratings taken out.
func hideRatings(in *scoring.Input, ev mspeval.Evaluation, c mspeval.Caller, rated map[string]bool) map[string]int {
	hidden := map[string]int{}
	if !mspeval.BlindFor(ev, c) {
		return hidden
	}
	for i := range in.Candidates {
		cand := &in.Candidates[i]
		kept := make(map[string][]scoring.Rating, len(cand.Ratings))
		for q, rs := range cand.Ratings {
			if len(rs) > 0 && mspeval.RatingsHidden(ev, c, rated[cand.ID+"/"+q]) {
				hidden[cand.ID]++
				continue
			}
			kept[q] = rs
		}
		cand.Ratings = kept
	}
	return hidden
}

// CandidateScore scores one candidate within its evaluation, for the caller.
func (s *Service) CandidateScore(ctx context.Context, c mspeval.Caller, candidateID string, w WhatIf) (*Comparison, scoring.CandidateResult, error) {
	cand, err := s.GetCandidate(ctx, c, candidateID)
	if err != nil {
		return nil, scoring.CandidateResult{}, err
	}
	cmp, err := s.Compare(ctx, c, cand.EvaluationID, w)
	if err != nil {
		return nil, scoring.CandidateResult{}, err
	}
	r, ok := cmp.Candidate(cand.ID)
	if !ok {
		// Deleted between the two reads.
		return nil, r, mspeval.NotFound("candidate")
	}
	return cmp, r, nil
}

// Report assembles what the PDF, CSV and XLSX reports show, scored for the
// caller exactly as Compare scores it.
func (s *Service) Report(ctx context.Context, c mspeval.Caller, evaluationID string, w WhatIf) (*report.Data, error) {
	cmp, err := s.Compare(ctx, c, evaluationID, w)
	if err != nil {
		return nil, err
	}
	ws, err := s.store.Workspace(ctx, c)
	if err != nil {
		return nil, err
	}
	d := report.FromEvaluation(cmp.Evaluation, ws.Name, cmp.Input, cmp.Result, cmp.Candidates, s.now().UTC(), cmp.WhatIf)
	d.Dates = ws.Dates()
	d.PreparedBy = preparedBy(c)
	if err := s.addRaters(ctx, c, cmp, d); err != nil {
		return nil, err
	}
	return d, nil
}

// CandidateReport is Report for the evaluation of one candidate, with it.
func (s *Service) CandidateReport(ctx context.Context, c mspeval.Caller, candidateID string, w WhatIf) (*report.Data, mspeval.Candidate, error) {
	cand, err := s.GetCandidate(ctx, c, candidateID)
	if err != nil {
		return nil, cand, err
	}
	d, err := s.Report(ctx, c, cand.EvaluationID, w)
	if err != nil {
		return nil, cand, err
	}
	if err := s.addLinks(ctx, c, cand.ID, d); err != nil {
		return nil, cand, err
	}
	return d, cand, nil
}

// ExportReport is Report for the command line, which acts for the evaluation's
// workspace without a signed-in user.
func (s *Service) ExportReport(ctx context.Context, evaluationID string) (*report.Data, error) {
	caller, err := s.store.EvaluationCaller(ctx, evaluationID)
	if err != nil {
		return nil, err
	}
	return s.Report(ctx, caller, evaluationID, WhatIf{})
}
