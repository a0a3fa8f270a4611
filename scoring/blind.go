package scoring

// Blind applies blind ratings to one candidate's result for one evaluator: for
// an answer the evaluator has not rated yet (rated holds candidateID + "/" +
// questionKey), other evaluators' ratings, their consensus, the score it gives
// and a knockout's score are withheld. Dimension and overall scores stay, as
// aggregates.
func Blind(r *CandidateResult, rated map[string]bool) {
	hidden := map[string]bool{}
	for i := range r.Answers {
		a := &r.Answers[i]
		if len(a.Ratings) == 0 || rated[r.ID+"/"+a.Question] {
			continue
		}
		hidden[a.Question] = true
		a.Ratings, a.Consensus, a.Spread, a.Disagreement = []Rating{}, nil, nil, false
		if a.Source == SourceConsensus {
			a.Score, a.Source = nil, SourceHidden
		}
	}
	for i := range r.Dimensions {
		for j := range r.Dimensions[i].Contributions {
			ct := &r.Dimensions[i].Contributions[j]
			if hidden[ct.Question] && ct.Source == SourceConsensus {
				ct.Score, ct.Points, ct.Source = nil, 0, SourceHidden
			}
		}
	}
	for i := range r.Knockouts {
		if hidden[r.Knockouts[i].Question] {
			r.Knockouts[i].Score = nil
		}
	}
	kept := r.Disagreements[:0]
	for _, q := range r.Disagreements {
		if !hidden[q] {
			kept = append(kept, q)
		}
	}
	r.Disagreements = kept
}
