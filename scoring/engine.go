package scoring

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"sync"
	"unicode"

	"mspeval/questions"
)

// TieTolerance is the largest difference of overall scores, in points, that
// counts as a tie: a half-point lead is no lead a buyer should act on.
const TieTolerance = 0.5

// TieBreak is the rule that orders candidates, stated where the order is shown.
const TieBreak = "candidates without a knockout first; then higher overall score, where scores within 0.5 points " +
	"of the highest score of their group are a tie: tied candidates share a rank and are listed by higher overall score, " +
	"then higher coverage, then name (A to Z, ignoring case), then ID"

// SaysRightThingsMinTop is the fewest top-option picks with a text part that
// can raise the "says the right things" flag.
const SaysRightThingsMinTop = 3

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
	textScoring := in.TextScoring && q.HasEvidence()
	res := Result{Weights: weights, TieBreak: TieBreak, TieTolerance: TieTolerance, TextScoring: textScoring}
	for _, d := range q.Dimensions {
		res.Dimensions = append(res.Dimensions, DimensionInfo{Key: d.Key, Name: d.Name, HigherIsWorse: d.HigherIsWorse})
	}
	p := newPlan(q)
	// What each respondent was shown: a question its answers hide is not
	// asked, and nothing of it is read, scored or counted.
	shown := make([]questions.Visibility, len(in.Candidates))
	for ci, c := range in.Candidates {
		shown[ci] = q.Visibility(c.Answers)
	}
	texts := readTexts(q, p, in, shown)
	cache := in.Signals
	res.Candidates = make([]CandidateResult, len(in.Candidates))
	// Candidates are scored independently, so spreading them over the cores
	// changes nothing but the time it takes.
	workers := min(runtime.GOMAXPROCS(0), len(in.Candidates)/16+1)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for ci := w; ci < len(in.Candidates); ci += workers {
				res.Candidates[ci] = scoreCandidate(q, p, weights, in.Candidates[ci], shown[ci], texts[ci], cache, textScoring)
			}
		}(w)
	}
	wg.Wait()
	rank(res.Candidates)
	res.Sensitivity = sensitivity(q, weights, res.Candidates)
	return res, nil
}

// readTexts returns the evidence of every answer text, by candidate then
// question (plan order), nil where there is no text: from the input's cache
// where it holds them, the rest read in parallel (and kept in that cache).
// The texts of questions a candidate was not shown are not read.
func readTexts(q *questions.Questionnaire, p plan, in Input, shown []questions.Visibility) [][]*Evidence {
	nq := len(p.questions)
	flat := make([]*Evidence, len(in.Candidates)*nq)
	out := make([][]*Evidence, len(in.Candidates))
	var todo []textJob
	for ci, c := range in.Candidates {
		out[ci] = flat[ci*nq : (ci+1)*nq : (ci+1)*nq]
		for qi, qq := range p.questions {
			if a, ok := c.Answers[qq.Key]; ok && a.Text != nil && !blank(*a.Text) && shown[ci].Shows(qq.Key) {
				todo = append(todo, textJob{at: ci*nq + qi, question: qq.Key, text: *a.Text})
			}
		}
	}
	in.Signals.assessAll(q, todo, flat)
	return out
}

// blank reports whether a text holds nothing but white space.
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
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
	// top is, per question, the best score its options can give.
	top []float64
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
	for _, qq := range p.questions {
		p.top = append(p.top, topScore(qq))
	}
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

// scoreCandidate scores one candidate; shown is what its answers show, and
// texts holds its answers' evidence by question (plan order).
func scoreCandidate(q *questions.Questionnaire, p plan, weights map[string]float64, c Candidate, shown questions.Visibility,
	texts []*Evidence, cache *SignalCache, textScoring bool) CandidateResult {
	r := CandidateResult{ID: c.ID, Name: c.Name, TiedWith: []string{}, Knockouts: []Knockout{}, Signals: cache.signalsOf(texts),
		Contradictions: []Contradiction{}, Disagreements: []string{}, Answers: make([]AnswerScore, 0, len(p.questions))}
	evidence := q.HasEvidence()
	var strength float64
	choiceTexts := 0
	for qi, qq := range p.questions {
		if !shown.Shows(qq.Key) {
			r.Answers = append(r.Answers, notAsked(qq))
			continue
		}
		a, ok := c.Answers[qq.Key]
		isAnswered := answered(a, ok)
		var cts []Contradiction
		ev := texts[qi]
		if ev != nil {
			cts = contradictions(ev, a)
			r.Contradictions = append(r.Contradictions, cts...)
		}
		in := answerInput{qq: qq, a: a, answered: isAnswered, ratings: c.Ratings[qq.Key], ev: ev,
			evidence: evidence, textScoring: textScoring, top: p.top[qi]}
		if len(cts) > 0 {
			in.contradiction = cts[0].Rule
		}
		s := scoreAnswer(in)
		r.Answers = append(r.Answers, s)
		if s.Disagreement {
			r.Disagreements = append(r.Disagreements, qq.Key)
		}
		if k := qq.Knockout; k != nil && s.Score != nil && *s.Score < float64(k.MinScore) {
			r.Knockouts = append(r.Knockouts, Knockout{Question: qq.Key, MinScore: k.MinScore, Score: ptr(*s.Score),
				Reason: k.Reason, Provisional: s.Provisional})
		}
		if ev != nil && ev.Suggested != nil {
			r.TextEvidence.Texts++
			strength += *ev.Suggested
			if ev.HasSpecifics() {
				r.TextEvidence.WithSpecifics++
			}
		}
		if evidence && qq.Text != nil && qq.IsChoice() && s.OptionScore != nil {
			choiceTexts++
			if s.TopOption {
				r.TextEvidence.TopOptions++
				if s.TextSupports {
					r.TextEvidence.TopSupported++
				}
			}
		}
	}
	for _, m := range r.Signals {
		switch m.Kind {
		case string(questions.SignalRed):
			r.RedFlags++
		case string(questions.SignalGreen):
			r.GreenSignals++
		}
	}
	r.ContradictionCount = len(r.Contradictions)
	if te := &r.TextEvidence; evidence {
		if te.Texts > 0 {
			te.Strength = ptr(strength / float64(te.Texts))
		}
		te.SaysRightThings = te.TopOptions >= SaysRightThingsMinTop && 2*te.TopSupported < te.TopOptions
		te.Note = fmt.Sprintf("top option on %d of %d, text supports %d", te.TopOptions, choiceTexts, te.TopSupported)
	}

	var overallSum, overallWeight, coverage, rated, provisional float64
	r.Dimensions = make([]DimensionScore, 0, len(q.Dimensions))
	for di, d := range q.Dimensions {
		ds, ratedCov, provCov := scoreDimension(d, p.feeds[di], r.Answers)
		r.Dimensions = append(r.Dimensions, ds)
		w := weights[d.Key]
		coverage += w / 100 * ds.Coverage
		rated += w / 100 * ratedCov
		provisional += w / 100 * provCov
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
	if coverage > 0 {
		r.RatedShare, r.ProvisionalShare = rated/coverage, provisional/coverage
	}
	if overallWeight > 0 {
		r.Overall = ptr(overallSum / overallWeight)
	}
	// A millionth of slack: coverage that is 80 % by arithmetic but 0.7999… in
	// floating point is high.
	switch {
	case coverage >= 0.8-1e-9:
		r.ConfidenceLevel = ConfidenceHigh
	case coverage >= 0.5-1e-9:
		r.ConfidenceLevel = ConfidenceMedium
	default:
		r.ConfidenceLevel = ConfidenceLow
	}
	r.Confidence = r.ConfidenceLevel
	if r.ProvisionalShare > 0 {
		r.Confidence += ProvisionalSuffix
	}
	return r
}

// scoreDimension is the weighted mean of the dimension's scored answers, on
// 0-100. ratedCov and provCov are the shares of the dimension's question
// weight that evaluators rated and that is scored provisionally.
func scoreDimension(d questions.Dimension, feeds []feed, answers []AnswerScore) (ds DimensionScore, ratedCov, provCov float64) {
	ds = DimensionScore{Key: d.Key, HigherIsWorse: d.HigherIsWorse, Contributions: make([]Contribution, 0, len(feeds))}
	var total, scoredWeight, sum, ratedWeight, provWeight float64
	for _, f := range feeds {
		s := &answers[f.question]
		ds.Contributions = append(ds.Contributions, Contribution{Question: s.Question, Score: s.Score, Weight: f.weight,
			Source: s.Source, Provisional: s.Provisional})
		if s.Source == SourceNotAsked {
			continue // a question the respondent was not shown weighs nothing
		}
		total += f.weight
		if s.Score != nil {
			scoredWeight += f.weight
			sum += f.weight * *s.Score
			if s.Source == SourceConsensus {
				ratedWeight += f.weight
			}
			if s.Provisional {
				provWeight += f.weight
			}
		}
	}
	if total > 0 {
		ds.Coverage = scoredWeight / total
		ratedCov, provCov = ratedWeight/total, provWeight/total
	}
	if scoredWeight == 0 {
		return ds, 0, 0
	}
	ds.RatedShare, ds.ProvisionalShare = ratedWeight/scoredWeight, provWeight/scoredWeight
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
	return ds, ratedCov, provCov
}

// disputesOf pairs each option of a question with the signals of a text
// that the option declares as disputing it (contradicted_by), quoting the
// sentence; options nothing disputes are left out.
func disputesOf(qq *questions.Question, text string, found []SignalMatch) map[string][]Contradiction {
	var out map[string][]Contradiction
	for i := range qq.Options {
		o := &qq.Options[i]
		if len(o.ContradictedBy) == 0 {
			continue
		}
		var cts []Contradiction
		for _, m := range found {
			if !contains(o.ContradictedBy, m.Rule) {
				continue
			}
			ct := Contradiction{Question: qq.Key, Option: o.Key, OptionLabel: o.Label, Rule: m.Rule,
				Quote: sentenceAround(text, m.Start, m.End)}
			// Two phrases of one rule in one sentence are one contradiction.
			if n := len(cts); n == 0 || cts[n-1] != ct {
				cts = append(cts, ct)
			}
		}
		if len(cts) > 0 {
			if out == nil {
				out = map[string][]Contradiction{}
			}
			out[o.Key] = cts
		}
	}
	return out
}

// contradictions lists what the answer's text disputes of the options it
// chose.
func contradictions(ev *Evidence, a questions.Answer) []Contradiction {
	if len(ev.disputes) == 0 {
		return nil
	}
	var out []Contradiction
	if a.Choice != nil {
		out = append(out, ev.disputes[*a.Choice]...)
	}
	for _, k := range a.Choices {
		out = append(out, ev.disputes[k]...)
	}
	return out
}

// nearlyEqual treats scores within a millionth of a point as tied, so that
// floating-point noise (weights scaled by a constant) cannot reorder candidates.
func nearlyEqual(a, b float64) bool {
	return math.Abs(a-b) < 1e-6
}
