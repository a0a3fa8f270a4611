package scoring

// Blind applies blind ratings to one candidate's result for one evaluator: for
// an answer the evaluator has not rated yet (rated holds candidateID + "/" +
// questionKey), other evaluators' ratings, their consensus, the score it gives
// and a knockout's score are withheld. So are the scores of every dimension
// such an answer feeds, and the overall score: with the other answers' scores
// on show, a total would give the hidden consensus away by subtraction.
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
	if len(hidden) > 0 {
		r.Withheld = true
		r.Overall = nil
		for i := range r.Dimensions {
			d := &r.Dimensions[i]
			for _, ct := range d.Contributions {
				if hidden[ct.Question] {
					d.Score = nil
					for j := range d.Contributions {
						d.Contributions[j].Points = 0
					}
					break
				}
			}
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
