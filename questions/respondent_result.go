package questions

// A respondent who may see their results gets them through these types, built
// like the respondent's questionnaire (respondent.go): a field reaches the
// respondent only when it is copied here on purpose. Option scores, guidance,
// tier minimums and other respondents' results never are.

// ResultScores are one response's scores as scoring reports them: the overall
// score (CandidateResult.Overall) and each dimension's (DimensionScore.Score,
// the risk for a higher_is_worse dimension); nil where nothing is scored.
type ResultScores struct {
	Overall    *float64
	Dimensions map[string]*float64
	// Knockouts are the keys of the questions the response is knocked out on
	// (the Question of each of CandidateResult.Knockouts).
	Knockouts []string
}

// RespondentResult is what a respondent sees of their own result.
type RespondentResult struct {
	Key        string            `json:"key"`
	Version    int               `json:"version"`
	Title      string            `json:"title"`
	Intro      string            `json:"intro,omitempty"`
	Overall    RespondentScore   `json:"overall"`
	Dimensions []RespondentScore `json:"dimensions"`
	NextSteps  []NextStep        `json:"next_steps"`
}

// RespondentScore is one score in words.
type RespondentScore struct {
	// Key and Name are the dimension's; empty for the overall score.
	Key  string `json:"key,omitempty"`
	Name string `json:"name,omitempty"`
	// Score is 0 to 100, nil when nothing of it is scored. Risk marks a
	// higher_is_worse dimension, whose score is a risk (higher is worse).
	Score *float64 `json:"score"`
	Risk  bool     `json:"risk,omitempty"`
	// Tier is nil when the score has none (no tiers declared, nothing scored).
	Tier *RespondentTier `json:"tier,omitempty"`
}

// RespondentTier is a tier without its minimum.
type RespondentTier struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Text  string `json:"text"`
}

// RespondentResult returns a response's result as its respondent may see it,
// dimensions in questionnaire order. It reports false when the questionnaire
// does not show respondents their results.
func (q *Questionnaire) RespondentResult(s ResultScores) (RespondentResult, bool) {
	if !q.ShowsRespondent() {
		return RespondentResult{}, false
	}
	r := RespondentResult{Key: q.Key, Version: q.Version, Title: q.Title, Intro: q.Results.Intro,
		Dimensions: make([]RespondentScore, 0, len(q.Dimensions)),
		NextSteps:  append([]NextStep{}, q.Results.NextSteps...)}
	r.Overall.Score = copyScore(s.Overall)
	if t, ok := q.ResultTier("", s.Overall, s.Knockouts); ok {
		r.Overall.Tier = respondentTier(t)
	}
	for _, d := range q.Dimensions {
		rs := RespondentScore{Key: d.Key, Name: d.Name, Risk: d.HigherIsWorse, Score: copyScore(s.Dimensions[d.Key])}
		if t, ok := q.ResultTier(d.Key, s.Dimensions[d.Key], s.Knockouts); ok {
			rs.Tier = respondentTier(t)
		}
		r.Dimensions = append(r.Dimensions, rs)
	}
	return r, true
}

func copyScore(p *float64) *float64 {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

func respondentTier(t Tier) *RespondentTier {
	return &RespondentTier{Key: t.Key, Label: t.Label, Text: t.Text}
}
