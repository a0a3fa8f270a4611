package scoring

import (
	"math"
	"sort"

	"mspeval/questions"
)

// optionScore is what a choice, choices or scale answer scores by itself, or nil.
func optionScore(qq *questions.Question, a questions.Answer) *float64 {
	switch qq.Type {
	case questions.TypeSingleChoice, questions.TypeYesNo:
		if a.Choice == nil {
			return nil
		}
		if o, ok := qq.Option(*a.Choice); ok && o.Score != nil {
			return ptr(float64(*o.Score))
		}
	case questions.TypeMultipleChoice:
		if len(a.Choices) == 0 {
			return nil
		}
		sum := 0
		for _, c := range a.Choices {
			if o, ok := qq.Option(c); ok && o.Score != nil {
				sum += *o.Score
			}
		}
		return ptr(math.Min(4, float64(sum)))
	case questions.TypeScale:
		if a.Scale == nil || qq.Scale == nil {
			return nil
		}
		return ptr(4 * float64(*a.Scale-qq.Scale.Min) / float64(qq.Scale.Max-qq.Scale.Min))
	}
	return nil
}

// scoreAnswer decides an answer's score: the evaluators' median where they rated
// it, else the chosen option's score, else unscored.
func scoreAnswer(qq *questions.Question, a questions.Answer, answered bool, ratings []Rating) AnswerScore {
	s := AnswerScore{Question: qq.Key, Ratings: sortedRatings(ratings)}
	if answered {
		s.OptionScore = optionScore(qq, a)
	}
	// Ratings of an answer that is no longer there (cleared since) score nothing:
	// a question left unanswered is unscored, whatever was rated before.
	if len(ratings) > 0 && answered {
		m, spread := Consensus(ratings)
		s.Consensus, s.Spread = &m, &spread
		s.Disagreement = spread >= DisagreementSpread
	}
	switch {
	case s.Consensus != nil:
		s.Score, s.Source = s.Consensus, SourceConsensus
	case s.OptionScore != nil:
		s.Score, s.Source = s.OptionScore, SourceOption
	case answered:
		s.Source = SourceUnscored
	default:
		s.Source = SourceUnanswered
	}
	return s
}

// DisagreementSpread is the spread of ratings (highest minus lowest) from which
// an answer is flagged for discussion.
const DisagreementSpread = 2

// Consensus returns the median of ratings and their spread; ratings must not be empty.
func Consensus(rs []Rating) (median, spread float64) {
	return medianOf(rs), spreadOf(rs)
}

// medianOf the ratings; with an even count, the mean of the middle two.
func medianOf(rs []Rating) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = r.Score
	}
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func spreadOf(rs []Rating) float64 {
	lo, hi := rs[0].Score, rs[0].Score
	for _, r := range rs[1:] {
		lo, hi = math.Min(lo, r.Score), math.Max(hi, r.Score)
	}
	return hi - lo
}

func sortedRatings(rs []Rating) []Rating {
	if sort.SliceIsSorted(rs, func(i, j int) bool { return rs[i].Evaluator < rs[j].Evaluator }) {
		if rs == nil {
			return []Rating{}
		}
		return rs
	}
	out := append([]Rating(nil), rs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Evaluator < out[j].Evaluator })
	return out
}

func answered(a questions.Answer, ok bool) bool {
	return ok && !a.IsEmpty()
}

func ptr(v float64) *float64 { return &v }
