package scoring

import (
	"fmt"
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

// answerInput is what one answer's score depends on.
type answerInput struct {
	qq       *questions.Question
	a        questions.Answer
	answered bool
	ratings  []Rating
	// ev is what the answer's text shows, nil without a text.
	ev *Evidence
	// contradiction names a red rule of the text that disputes the pick.
	contradiction string
	// evidence: the questionnaire declares evidence; textScoring: and the
	// evaluation scores unrated answers from it.
	evidence, textScoring bool
	// top is the best score the question's options can give.
	top float64
}

// scoreAnswer decides an answer's score: the evaluators' median where they
// rated it; else, with text scoring, a provisional score (the option's score
// as far as the text supports it, or the text's suggested rating); else the
// chosen option's score; else unscored.
func scoreAnswer(in answerInput) AnswerScore {
	qq := in.qq
	s := AnswerScore{Question: qq.Key, Ratings: sortedRatings(in.ratings), Evidence: in.ev}
	if in.answered {
		s.OptionScore = optionScore(qq, in.a)
	}
	// Ratings of an answer that is no longer there (cleared since) score nothing:
	// a question left unanswered is unscored, whatever was rated before.
	if len(in.ratings) > 0 && in.answered {
		m, spread := Consensus(in.ratings)
		s.Consensus, s.Spread = &m, &spread
		s.Disagreement = spread >= DisagreementSpread
	}
	assessed := in.ev != nil && in.ev.Suggested != nil
	if in.evidence && s.OptionScore != nil && qq.Text != nil && qq.IsChoice() {
		s.TopOption = *s.OptionScore >= in.top-1e-9
		s.TextSupports = assessed && in.contradiction == "" && (!s.TopOption || in.ev.HasSpecifics())
	}
	switch {
	case s.Consensus != nil:
		s.Score, s.Source = s.Consensus, SourceConsensus
	case in.textScoring && s.OptionScore != nil:
		s.Score, s.Source, s.Provisional = s.OptionScore, SourceOption, true
		if assessed && !s.TextSupports && *in.ev.Suggested < *s.OptionScore {
			s.Score, s.Source = ptr(*in.ev.Suggested), SourceProvisional
			if in.contradiction != "" {
				s.CapReason = fmt.Sprintf("the text contradicts the option (%s): capped at the suggested rating %s",
					in.contradiction, num(*in.ev.Suggested))
			} else {
				s.CapReason = fmt.Sprintf("a top option with no specifics in the text: capped at the suggested rating %s",
					num(*in.ev.Suggested))
			}
		}
	case in.textScoring && assessed:
		s.Score, s.Source, s.Provisional = ptr(*in.ev.Suggested), SourceProvisional, true
	case s.OptionScore != nil:
		s.Score, s.Source = s.OptionScore, SourceOption
	case in.answered:
		s.Source = SourceUnscored
	default:
		s.Source = SourceUnanswered
	}
	return s
}

// topScore is the best score a question's options can give: the best option,
// or for a multiple choice the sum of the positive scores, capped at 4. A
// question without options has none (above 4).
func topScore(qq *questions.Question) float64 {
	best, sum := 0, 0
	for _, o := range qq.Options {
		if o.Score == nil {
			continue
		}
		best = max(best, *o.Score)
		if !o.Exclusive && *o.Score > 0 {
			sum += *o.Score
		}
	}
	switch qq.Type {
	case questions.TypeMultipleChoice:
		return math.Min(4, float64(sum))
	case questions.TypeSingleChoice, questions.TypeYesNo:
		return float64(best)
	}
	return 5
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
	var buf [8]float64
	v := buf[:0]
	if len(rs) > len(buf) {
		v = make([]float64, 0, len(rs))
	}
	v = v[:len(rs)]
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
	sorted := true
	for i := 1; i < len(rs) && sorted; i++ {
		sorted = rs[i-1].Evaluator <= rs[i].Evaluator
	}
	if sorted {
		if rs == nil {
			return []Rating{}
		}
		return rs
	}
	out := append([]Rating(nil), rs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Evaluator < out[j].Evaluator })
	return out
}

// notAsked is the score of a question the respondent was not shown: none,
// whatever answer or ratings it holds from before it was hidden.
func notAsked(qq *questions.Question) AnswerScore {
	return AnswerScore{Question: qq.Key, Source: SourceNotAsked, Ratings: []Rating{}}
}

func answered(a questions.Answer, ok bool) bool {
	return ok && !a.IsEmpty()
}

func ptr(v float64) *float64 { return &v }
