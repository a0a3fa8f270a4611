package scoring

import (
	"fmt"

	"mspeval/questions"
)

// RespondentResult scores one response (the input's only candidate) and
// returns it as its respondent may see it: the profile per dimension with
// tiers and the next steps. It reports an error when the questionnaire shows
// respondents nothing or the input holds other than one candidate.
func RespondentResult(in Input) (questions.RespondentResult, error) {
	q := in.Questionnaire
	if q == nil || !q.ShowsRespondent() {
		return questions.RespondentResult{}, fmt.Errorf("the questionnaire shows respondents no results")
	}
	res, err := Evaluate(in)
	if err != nil {
		return questions.RespondentResult{}, err
	}
	if len(res.Candidates) != 1 {
		return questions.RespondentResult{}, fmt.Errorf("a respondent's result needs one response, got %d", len(res.Candidates))
	}
	c := res.Candidates[0]
	scores := questions.ResultScores{Overall: c.Overall, Dimensions: map[string]*float64{}}
	for _, d := range c.Dimensions {
		scores.Dimensions[d.Key] = d.Score
	}
	for _, k := range c.Knockouts {
		scores.Knockouts = append(scores.Knockouts, k.Question)
	}
	out, _ := q.RespondentResult(scores)
	return out, nil
}
