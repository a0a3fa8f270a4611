package scoring

import (
	"errors"
	"math"
	"sort"
	"strings"

	"mspeval/questions"
)

// TieBreak is the rule that orders candidates with equal standing.
const TieBreak = "candidates without a knockout first; then higher overall score; then higher coverage; then name (A to Z, ignoring case); then ID"

// Evaluate scores every candidate and ranks them. It fails only on input that
// cannot be scored (no questionnaire, no usable weights).
func Evaluate(in Input) (Result, error) {
	q := in.Questionnaire
	if q == nil {
		return Result{}, errors.New("scoring: no questionnaire")
	}
	weights, err := shares(q, in.Weights)
	if err != nil {
		return Result{}, err
	}
	res := Result{Weights: weights, TieBreak: TieBreak}
	for _, d := range q.Dimensions {
		res.Dimensions = append(res.Dimensions, DimensionInfo{Key: d.Key, Name: d.Name, HigherIsWorse: d.HigherIsWorse})
	}
	p := newPlan(q)
	res.Candidates = make([]CandidateResult, 0, len(in.Candidates))
	for _, c := range in.Candidates {
		res.Candidates = append(res.Candidates, scoreCandidate(q, p, weights, c, in.Signals))
	}
	rank(res.Candidates)
	res.Sensitivity = sensitivity(q, weights, res.Candidates)
	return res, nil
}

// shares turns weights into percentages over the questionnaire's dimensions.
// Missing dimensions weigh nothing; unknown ones are an error.
func shares(q *questions.Questionnaire, w map[string]float64) (map[string]float64, error) {
	if len(w) == 0 {
		w = q.DefaultWeights()
	}
	total := 0.0
	for k, v := range w {
		if _, ok := q.Dimension(k); !ok {
			return nil, errors.New("scoring: weight for unknown dimension " + k)
		}
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, errors.New("scoring: weight for " + k + " must be a number of 0 or more")
		}
		total += v
	}
	if total <= 0 {
		return nil, errors.New("scoring: the weights add up to zero")
	}
	out := make(map[string]float64, len(q.Dimensions))
	for _, d := range q.Dimensions {
		out[d.Key] = 100 * w[d.Key] / total
	}
	return out, nil
}

// plan is what Evaluate derives once from the questionnaire for all candidates.
type plan struct {
	questions []*questions.Question
	// feeds lists, per dimension (in questionnaire order), the questions that
	// feed it by index into questions, with their weights.
	feeds [][]feed
}

type feed struct {
	question int
	weight   float64
}

func newPlan(q *questions.Questionnaire) plan {
	p := plan{questions: q.Questions(), feeds: make([][]feed, len(q.Dimensions))}
	for di, d := range q.Dimensions {
		for qi, qq := range p.questions {
			for _, dw := range qq.Dimensions {
				if dw.Dimension == d.Key {
					p.feeds[di] = append(p.feeds[di], feed{qi, dw.Weight})
				}
			}
		}
	}
	return p
}

func scoreCandidate(q *questions.Questionnaire, p plan, weights map[string]float64, c Candidate, cache *SignalCache) CandidateResult {
	r := CandidateResult{ID: c.ID, Name: c.Name, Knockouts: []Knockout{}, Signals: []SignalMatch{},
		Contradictions: []Contradiction{}, Disagreements: []string{}, Answers: make([]AnswerScore, 0, len(p.questions))}
	for _, qq := range p.questions {
		a, ok := c.Answers[qq.Key]
		s := scoreAnswer(qq, a, answered(a, ok), c.Ratings[qq.Key])
		r.Answers = append(r.Answers, s)
		if s.Disagreement {
			r.Disagreements = append(r.Disagreements, qq.Key)
		}
		if k := qq.Knockout; k != nil && s.Score != nil && *s.Score < float64(k.MinScore) {
			r.Knockouts = append(r.Knockouts, Knockout{Question: qq.Key, MinScore: k.MinScore, Score: ptr(*s.Score), Reason: k.Reason})
		}
		if ok && a.Text != nil {
			found := cache.Find(q, qq.Key, *a.Text)
			r.Signals = append(r.Signals, found...)
			r.Contradictions = append(r.Contradictions, contradictions(qq, a, found)...)
		}
	}
	for _, m := range r.Signals {
		if m.Kind == string(questions.SignalRed) {
			r.RedFlags++
		}
	}

	var overallSum, overallWeight, coverage float64
	r.Dimensions = make([]DimensionScore, 0, len(q.Dimensions))
	for di, d := range q.Dimensions {
		ds := scoreDimension(d, p.feeds[di], r.Answers)
		r.Dimensions = append(r.Dimensions, ds)
		w := weights[d.Key]
		coverage += w / 100 * ds.Coverage
		if ds.Score != nil && w > 0 {
			good := *ds.Score
			if d.HigherIsWorse {
				good = 100 - good
			}
			overallSum += w * good
			overallWeight += w
		}
	}
	r.Coverage = coverage
	if overallWeight > 0 {
		r.Overall = ptr(overallSum / overallWeight)
	}
	// A millionth of slack: coverage that is 80 % by arithmetic but 0.7999… in
	// floating point is high.
	switch {
	case coverage >= 0.8-1e-9:
		r.Confidence = ConfidenceHigh
	case coverage >= 0.5-1e-9:
		r.Confidence = ConfidenceMedium
	default:
		r.Confidence = ConfidenceLow
	}
	return r
}

// scoreDimension is the weighted mean of the dimension's scored answers, on 0-100.
func scoreDimension(d questions.Dimension, feeds []feed, answers []AnswerScore) DimensionScore {
	ds := DimensionScore{Key: d.Key, HigherIsWorse: d.HigherIsWorse, Contributions: make([]Contribution, 0, len(feeds))}
	var total, scoredWeight, sum float64
	for _, f := range feeds {
		s := answers[f.question]
		total += f.weight
		ds.Contributions = append(ds.Contributions, Contribution{Question: s.Question, Score: s.Score, Weight: f.weight, Source: s.Source})
		if s.Score != nil {
			scoredWeight += f.weight
			sum += f.weight * *s.Score
		}
	}
	if total > 0 {
		ds.Coverage = scoredWeight / total
	}
	if scoredWeight == 0 {
		return ds
	}
	mean := 25 * sum / scoredWeight
	for i := range ds.Contributions {
		if c := &ds.Contributions[i]; c.Score != nil {
			c.Points = 25 * c.Weight * *c.Score / scoredWeight
		}
	}
	if d.HigherIsWorse {
		ds.Score = ptr(100 - mean)
	} else {
		ds.Score = ptr(mean)
	}
	return ds
}

// contradictions pairs a chosen option with red signals in the same answer's
// text that the option declares as disputing it.
func contradictions(qq *questions.Question, a questions.Answer, found []SignalMatch) []Contradiction {
	chosen := a.Choices
	if a.Choice != nil {
		chosen = append([]string{*a.Choice}, chosen...)
	}
	var out []Contradiction
	for _, key := range chosen {
		o, ok := qq.Option(key)
		if !ok {
			continue
		}
		for _, m := range found {
			if !contains(o.ContradictedBy, m.Rule) {
				continue
			}
			ct := Contradiction{Question: qq.Key, Option: o.Key, OptionLabel: o.Label, Rule: m.Rule,
				Quote: sentenceAround(*a.Text, m.Start, m.End)}
			// Two phrases of one rule in one sentence are one contradiction.
			if n := len(out); n == 0 || out[n-1] != ct {
				out = append(out, ct)
			}
		}
	}
	return out
}

// rank orders candidates by TieBreak and numbers them from 1.
func rank(cs []CandidateResult) {
	sort.SliceStable(cs, func(i, j int) bool { return ahead(cs[i].Overall, cs[j].Overall, &cs[i], &cs[j]) })
	for i := range cs {
		cs[i].Rank = i + 1
	}
}

// ahead reports whether a ranks before b when their overall scores are oa and ob.
func ahead(oa, ob *float64, a, b *CandidateResult) bool {
	if ka, kb := len(a.Knockouts) > 0, len(b.Knockouts) > 0; ka != kb {
		return !ka
	}
	switch {
	case oa != nil && ob == nil:
		return true
	case oa == nil && ob != nil:
		return false
	case oa != nil && ob != nil && !nearlyEqual(*oa, *ob):
		return *oa > *ob
	}
	if !nearlyEqual(a.Coverage, b.Coverage) {
		return a.Coverage > b.Coverage
	}
	if na, nb := strings.ToLower(a.Name), strings.ToLower(b.Name); na != nb {
		return na < nb
	}
	return a.ID < b.ID
}

// nearlyEqual treats scores within a millionth of a point as tied, so that
// floating-point noise (weights scaled by a constant) cannot reorder candidates.
func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) < 1e-6
}
