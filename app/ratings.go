package app

import (
	"context"
	"sort"

	"mspeval"
	"mspeval/scoring"
	"mspeval/store"
)

// PutRating sets the caller's rating of one answer and returns what the caller
// may now see of that answer's ratings.
func (s *Service) PutRating(ctx context.Context, c mspeval.Caller, candidateID, questionKey string, score int, note string) (mspeval.RatingSummary, error) {
	if err := c.May(mspeval.RateAnswers); err != nil {
		return mspeval.RatingSummary{}, err
	}
	if err := s.store.PutRating(ctx, c, candidateID, questionKey, score, note); err != nil {
		return mspeval.RatingSummary{}, err
	}
	return s.AnswerRatings(ctx, c, candidateID, questionKey)
}

// DeleteRating withdraws the caller's rating of one answer.
func (s *Service) DeleteRating(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) error {
	if err := c.May(mspeval.RateAnswers); err != nil {
		return err
	}
	return s.store.DeleteRating(ctx, c, candidateID, questionKey)
}

// AnswerRatings returns what the caller may see of one answer's ratings.
func (s *Service) AnswerRatings(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) (mspeval.RatingSummary, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return mspeval.RatingSummary{}, err
	}
	rs, err := s.store.CandidateRatings(ctx, c, candidateID, questionKey)
	if err != nil {
		return mspeval.RatingSummary{}, err
	}
	return Summarize(questionKey, rs.ByQuestion[questionKey], rs.Evaluation, c), nil
}

// CandidateRatings returns, for every rated answer of a candidate in question
// key order, what the caller may see of its ratings.
func (s *Service) CandidateRatings(ctx context.Context, c mspeval.Caller, candidateID string) ([]mspeval.RatingSummary, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, err
	}
	rs, err := s.store.CandidateRatings(ctx, c, candidateID, "")
	if err != nil {
		return nil, err
	}
	return summaries(rs, c), nil
}

func summaries(rs store.Ratings, c mspeval.Caller) []mspeval.RatingSummary {
	keys := make([]string, 0, len(rs.ByQuestion))
	for k := range rs.ByQuestion {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]mspeval.RatingSummary, 0, len(keys))
	for _, k := range keys {
		out = append(out, Summarize(k, rs.ByQuestion[k], rs.Evaluation, c))
	}
	return out
}

// Summarize applies the blind-ratings rule (mspeval.RatingsHidden) to one
// answer's ratings for one caller: a caller from whom they are hidden learns how
// many there are, and nothing else — no scores, notes or consensus.
func Summarize(key string, rs []mspeval.Rating, ev mspeval.Evaluation, c mspeval.Caller) mspeval.RatingSummary {
	sum := mspeval.RatingSummary{QuestionKey: key, Count: len(rs), Ratings: []mspeval.Rating{}}
	for _, r := range rs {
		if r.EvaluatorID == c.UserID {
			mine := r
			sum.Mine = &mine
		}
	}
	sum.Hidden = len(rs) > 0 && mspeval.RatingsHidden(ev, c, sum.Mine != nil)
	if sum.Hidden || len(rs) == 0 {
		return sum
	}
	sum.Ratings = rs
	// A stale rating (its answer changed since) is shown, marked, and does not
	// count until its evaluator rates again.
	var scored []scoring.Rating
	for _, r := range rs {
		if !r.Stale {
			scored = append(scored, scoring.Rating{Evaluator: r.EvaluatorID, Score: float64(r.Score)})
		}
	}
	if len(scored) == 0 {
		return sum
	}
	cons, spread := scoring.Consensus(scored)
	sum.Consensus, sum.Spread = &cons, &spread
	sum.Disagreement = spread >= scoring.DisagreementSpread
	return sum
}
