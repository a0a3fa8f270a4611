package questions

import (
	"fmt"
	"math"
	"strings"
)

// Results says how a questionnaire's scores read in words: tiers for the
// overall score and per dimension, each with the text a respondent reads, and
// the next steps. With ShowRespondent the respondents see their own results,
// which makes an evaluation bound to the questionnaire a campaign.
//
// A tier set lists its tiers from the highest minimum down to a tier whose
// minimum is 0, so that every score from 0 to 100 falls in exactly one tier: a
// tier holds the scores from its minimum up to (not including) the minimum of
// the tier above it, and the top tier runs up to 100.
type Results struct {
	// ShowRespondent lets a respondent see their own results after submitting.
	ShowRespondent bool `yaml:"show_respondent" json:"show_respondent"`
	// Intro opens the respondent's results page.
	Intro      string           `yaml:"intro" json:"intro,omitempty"`
	Overall    OverallTiers     `yaml:"overall" json:"overall"`
	Dimensions []DimensionTiers `yaml:"dimensions" json:"dimensions,omitempty"`
	// NextSteps are shown in order, whatever the tiers.
	NextSteps []NextStep `yaml:"next_steps" json:"next_steps,omitempty"`
}

// OverallTiers are the tiers of the overall score.
type OverallTiers struct {
	Tiers []Tier `yaml:"tiers" json:"tiers"`
	// KnockoutTier, when set, is the key of the tier a response under any of
	// the questionnaire's knockouts lands in, whatever its score.
	KnockoutTier string `yaml:"knockout_tier" json:"knockout_tier,omitempty"`
}

// DimensionTiers are the tiers of one dimension's score.
type DimensionTiers struct {
	Dimension string `yaml:"dimension" json:"dimension"`
	Tiers     []Tier `yaml:"tiers" json:"tiers"`
	// KnockoutTier, when set, is the key of the tier a response lands in when
	// it is under the knockout of a question that feeds this dimension.
	KnockoutTier string `yaml:"knockout_tier" json:"knockout_tier,omitempty"`
}

// Tier is one band of scores. Its minimum is compared with the score as
// scoring reports it (0 to 100). For a higher_is_worse dimension that is the
// risk, so the file writes the minimum as min_risk there and as min_score
// everywhere else (the overall score is never a risk); the loader refuses the
// other spelling. Min returns whichever is set.
type Tier struct {
	Key   string `yaml:"key" json:"key"`
	Label string `yaml:"label" json:"label"`
	// MinScore is the lowest score in the tier; nil on a higher_is_worse dimension.
	MinScore *float64 `yaml:"min_score" json:"min_score,omitempty"`
	// MinRisk is the lowest risk in the tier, on a higher_is_worse dimension only.
	MinRisk *float64 `yaml:"min_risk" json:"min_risk,omitempty"`
	// Text is what a respondent in the tier reads.
	Text string `yaml:"text" json:"text"`
}

// Min is the tier's minimum: MinRisk on a higher_is_worse dimension, MinScore
// elsewhere.
func (t Tier) Min() float64 {
	switch {
	case t.MinRisk != nil:
		return *t.MinRisk
	case t.MinScore != nil:
		return *t.MinScore
	}
	return 0
}

// NextStep is one step of the plan a respondent is given with their results.
type NextStep struct {
	Title string `yaml:"title" json:"title"`
	Text  string `yaml:"text" json:"text"`
}

// tierSlack lets a score a millionth below a minimum reach it: 65 by
// arithmetic may come out of a weighted mean as 64.99999999.
const tierSlack = 1e-6

// ShowsRespondent reports whether respondents see their own results: an
// evaluation bound to such a questionnaire is a campaign.
func (q *Questionnaire) ShowsRespondent() bool {
	return q.Results != nil && q.Results.ShowRespondent
}

// Tier returns the tier a dimension's score falls in, by the score alone. The
// score is the one scoring reports (DimensionScore.Score): for a
// higher_is_worse dimension, the risk. It reports false when the questionnaire
// declares no tiers for the dimension, or the score is not a number. A score
// outside 0 to 100 counts as the nearer end. ResultTier also heeds knockouts.
func (q *Questionnaire) Tier(dimension string, score float64) (Tier, bool) {
	if dt := q.dimensionTiers(dimension); dt != nil {
		return tierOf(dt.Tiers, score)
	}
	return Tier{}, false
}

// OverallTier returns the tier an overall score (CandidateResult.Overall)
// falls in, by the score alone; false without overall tiers or for a score
// that is not a number. ResultTier also heeds knockouts.
func (q *Questionnaire) OverallTier(score float64) (Tier, bool) {
	if q.Results == nil {
		return Tier{}, false
	}
	return tierOf(q.Results.Overall.Tiers, score)
}

// ResultTier returns the tier of one score of a response, the overall score
// when dimension is "". Knockouts are the keys of the questions the response
// is knocked out on (CandidateResult.Knockouts): any of them puts the overall
// score in its knockout tier, and one of a question feeding the dimension puts
// the dimension in its own, where the questionnaire declares one. Otherwise the
// score decides; a nil score (nothing scored) has no tier.
func (q *Questionnaire) ResultTier(dimension string, score *float64, knockouts []string) (Tier, bool) {
	if q.Results == nil {
		return Tier{}, false
	}
	var tiers []Tier
	knockoutTier := ""
	if dimension == "" {
		tiers = q.Results.Overall.Tiers
		if len(knockouts) > 0 {
			knockoutTier = q.Results.Overall.KnockoutTier
		}
	} else {
		dt := q.dimensionTiers(dimension)
		if dt == nil {
			return Tier{}, false
		}
		tiers = dt.Tiers
		if dt.KnockoutTier != "" && q.knockedOutOn(dimension, knockouts) {
			knockoutTier = dt.KnockoutTier
		}
	}
	if knockoutTier != "" {
		for _, t := range tiers {
			if t.Key == knockoutTier {
				return t, true
			}
		}
	}
	if score == nil {
		return Tier{}, false
	}
	return tierOf(tiers, *score)
}

func (q *Questionnaire) dimensionTiers(dimension string) *DimensionTiers {
	if q.Results == nil {
		return nil
	}
	for i := range q.Results.Dimensions {
		if q.Results.Dimensions[i].Dimension == dimension {
			return &q.Results.Dimensions[i]
		}
	}
	return nil
}

// knockedOutOn reports whether one of the questions feeds the dimension.
func (q *Questionnaire) knockedOutOn(dimension string, questionKeys []string) bool {
	for _, k := range questionKeys {
		qq, ok := q.Question(k)
		if !ok {
			continue
		}
		for _, dw := range qq.Dimensions {
			if dw.Dimension == dimension {
				return true
			}
		}
	}
	return false
}

// tierOf finds the tier of a score in tiers listed from the highest minimum down.
func tierOf(tiers []Tier, score float64) (Tier, bool) {
	if math.IsNaN(score) || len(tiers) == 0 {
		return Tier{}, false
	}
	for _, t := range tiers {
		if score+tierSlack >= t.Min() {
			return t, true
		}
	}
	// Only a negative score gets here: the lowest tier starts at 0.
	return tiers[len(tiers)-1], true
}

// checkResults validates the results block: every tier set covers 0 to 100
// once, keys are unique, dimensions exist and every text is there.
func (q *Questionnaire) checkResults() []FieldProblem {
	r := q.Results
	if r == nil {
		return nil
	}
	var p problems
	if len(r.Overall.Tiers) == 0 {
		p.add("results.overall.tiers", "results.overall: declares no tiers")
	}
	p = append(p, checkTiers("results.overall", "results.overall", r.Overall.Tiers, false)...)
	p = append(p, checkKnockoutTier("results.overall", "results.overall", r.Overall.KnockoutTier, r.Overall.Tiers)...)
	seen := map[string]bool{}
	for i, dt := range r.Dimensions {
		where := fmt.Sprintf("results.dimensions[%d] %q", i, dt.Dimension)
		at := fieldPath("results.dimensions", i)
		d, ok := q.Dimension(dt.Dimension)
		switch {
		case !ok:
			p.add(fieldPath(at, "dimension"), "%s: dimension %q is not declared", where, dt.Dimension)
		case seen[dt.Dimension]:
			p.add(fieldPath(at, "dimension"), "%s: dimension %q has tiers twice", where, dt.Dimension)
		}
		seen[dt.Dimension] = true
		if len(dt.Tiers) == 0 {
			p.add(fieldPath(at, "tiers"), "%s: declares no tiers", where)
		}
		p = append(p, checkTiers(where, at, dt.Tiers, d.HigherIsWorse)...)
		p = append(p, checkKnockoutTier(where, at, dt.KnockoutTier, dt.Tiers)...)
	}
	for i, s := range r.NextSteps {
		at := fieldPath("results.next_steps", i)
		if strings.TrimSpace(s.Title) == "" {
			p.add(fieldPath(at, "title"), "results.next_steps[%d]: title is empty", i)
		}
		if strings.TrimSpace(s.Text) == "" {
			p.add(fieldPath(at, "text"), "results.next_steps[%d] %q: text is empty", i, s.Title)
		}
	}
	return p
}

// checkKnockoutTier checks that a knockout tier, when set, is one of the set's.
// where names the tier set in messages, field is its place in the document.
func checkKnockoutTier(where, field, key string, tiers []Tier) []FieldProblem {
	if key == "" {
		return nil
	}
	for _, t := range tiers {
		if t.Key == key {
			return nil
		}
	}
	return []FieldProblem{{Field: fieldPath(field, "knockout_tier"), Message: fmt.Sprintf("%s: knockout_tier %q is not one of its tiers", where, key)}}
}

// checkTiers checks one tier set. On a risk dimension the minimums are risks
// (min_risk); elsewhere scores (min_score).
func checkTiers(where, field string, tiers []Tier, risk bool) []FieldProblem {
	var p problems
	name, other := "min_score", "min_risk"
	if risk {
		name, other = "min_risk", "min_score"
	}
	keys := map[string]bool{}
	for i, t := range tiers {
		at := fmt.Sprintf("%s tier %q", where, t.Key)
		tf := fieldPath(field, "tiers", i)
		switch {
		case !keyPattern.MatchString(t.Key):
			p.add(fieldPath(tf, "key"), "%s: key must match %s", at, keyPattern)
		case keys[t.Key]:
			p.add(fieldPath(tf, "key"), "%s: key is used twice", at)
		}
		keys[t.Key] = true
		if strings.TrimSpace(t.Label) == "" {
			p.add(fieldPath(tf, "label"), "%s: label is empty", at)
		}
		if strings.TrimSpace(t.Text) == "" {
			p.add(fieldPath(tf, "text"), "%s: text is empty", at)
		}
		mine, theirs := t.MinScore, t.MinRisk
		if risk {
			mine, theirs = t.MinRisk, t.MinScore
		}
		if theirs != nil {
			if risk {
				p.add(fieldPath(tf, other), "%s: the dimension is higher_is_worse, so its tiers are bands of risk: write %s, not %s", at, name, other)
			} else {
				p.add(fieldPath(tf, other), "%s: %s is only for a higher_is_worse dimension; write %s", at, other, name)
			}
		}
		if mine == nil {
			if theirs == nil {
				p.add(fieldPath(tf, name), "%s: %s is missing", at, name)
			}
			continue
		}
		m := *mine
		if math.IsNaN(m) || m < 0 || m > 100 {
			p.add(fieldPath(tf, name), "%s: %s %g is outside 0..100", at, name, m)
			continue
		}
		if i > 0 && tiers[i-1].Min() <= m {
			p.add(fieldPath(tf, name), "%s: %s %g must be below the tier above it (%g): list tiers from the highest minimum down",
				at, name, m, tiers[i-1].Min())
		}
	}
	if n := len(tiers); n > 0 && tiers[n-1].Min() != 0 {
		p.add(fieldPath(field, "tiers", n-1, name), "%s: the last tier starts at %g, so scores below it have no tier: the last tier's %s must be 0",
			where, tiers[n-1].Min(), name)
	}
	return p
}
