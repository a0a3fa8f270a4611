package scoring

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"mspeval/questions"
)

// Property tests over generated inputs: random answers, ratings and weights on
// the built-in questionnaire, from fixed seeds so a failure can be replayed.

const propertyRuns = 150

func genInput(r *rand.Rand, q *questions.Questionnaire, candidates int) Input {
	in := Input{Questionnaire: q, Weights: map[string]float64{}}
	for _, d := range q.Dimensions {
		in.Weights[d.Key] = float64(r.IntN(11)) * 10
	}
	in.Weights[q.Dimensions[r.IntN(len(q.Dimensions))].Key] += 5 // never all zero
	texts := []string{"We keep your runbooks in your wiki.", "We'll handle it, trust us.", "Our standard stack is best.", "Yes.", "",
		"We never rip and replace; your IT lead reviews the change calendar with us monthly.",
		"There are no exit fees, and documentation lives in your SharePoint."}
	for i := 0; i < candidates; i++ {
		c := Candidate{ID: fmt.Sprintf("c%02d", i), Name: fmt.Sprintf("Candidate %d", r.IntN(5)),
			Answers: map[string]questions.Answer{}, Ratings: map[string][]Rating{}}
		for _, qq := range q.Questions() {
			if r.IntN(6) == 0 {
				continue // unanswered
			}
			var a questions.Answer
			switch qq.Type {
			case questions.TypeSingleChoice, questions.TypeYesNo:
				k := qq.Options[r.IntN(len(qq.Options))].Key
				a.Choice = &k
			case questions.TypeMultipleChoice:
				for _, o := range qq.Options {
					if !o.Exclusive && r.IntN(2) == 0 {
						a.Choices = append(a.Choices, o.Key)
					}
				}
			case questions.TypeScale:
				v := qq.Scale.Min + r.IntN(qq.Scale.Max-qq.Scale.Min+1)
				a.Scale = &v
			}
			if qq.Type == questions.TypeText || qq.Text != nil {
				t := texts[r.IntN(len(texts))]
				a.Text = &t
			}
			c.Answers[qq.Key] = a
			for e := 0; e < r.IntN(4); e++ {
				c.Ratings[qq.Key] = append(c.Ratings[qq.Key], Rating{Evaluator: fmt.Sprintf("e%d", e), Score: float64(r.IntN(5))})
			}
		}
		in.Candidates = append(in.Candidates, c)
	}
	return in
}

// propertyConfig is a questionnaire and a text-scoring setting the properties
// must hold for: version 1 as before, and version 2 with provisional scores.
type propertyConfig struct {
	name        string
	q           *questions.Questionnaire
	textScoring bool
}

func propertyConfigs(t *testing.T) []propertyConfig {
	return []propertyConfig{{"v1", partnerSelection(t), false}, {"v2TextScoring", partnerSelectionV2(t), true}}
}

func (c propertyConfig) input(r *rand.Rand, candidates int) Input {
	in := genInput(r, c.q, candidates)
	in.TextScoring = c.textScoring
	return in
}

func mustEvaluate(t *testing.T, in Input) Result {
	t.Helper()
	res, err := Evaluate(in)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func byID(res Result) map[string]CandidateResult {
	out := map[string]CandidateResult{}
	for _, c := range res.Candidates {
		out[c.ID] = c
	}
	return out
}

func TestPropertyScoresStayInBounds(t *testing.T) {
	for _, cfg := range propertyConfigs(t) {
		t.Run(cfg.name, func(t *testing.T) { scoresStayInBounds(t, cfg) })
	}
}

func scoresStayInBounds(t *testing.T, cfg propertyConfig) {
	for seed := uint64(0); seed < propertyRuns; seed++ {
		r := rand.New(rand.NewPCG(seed, 1))
		res := mustEvaluate(t, cfg.input(r, 1+r.IntN(6)))
		shares := 0.0
		for _, c := range res.Candidates {
			shares += c.FirstShare
			if c.Overall != nil && (*c.Overall < 0 || *c.Overall > 100) {
				t.Fatalf("seed %d: overall %v out of 0..100", seed, *c.Overall)
			}
			if c.Coverage < 0 || c.Coverage > 1+1e-12 {
				t.Fatalf("seed %d: coverage %v out of 0..1", seed, c.Coverage)
			}
			if c.Coverage > 0 && math.Abs(c.RatedShare+c.ProvisionalShare-1) > 1e-9 && cfg.textScoring {
				t.Fatalf("seed %d: rated %v + provisional %v share, want 1 with text scoring", seed, c.RatedShare, c.ProvisionalShare)
			}
			for _, d := range c.Dimensions {
				if d.Score != nil && (*d.Score < -1e-9 || *d.Score > 100+1e-9) {
					t.Fatalf("seed %d: %s = %v out of 0..100", seed, d.Key, *d.Score)
				}
			}
			for _, a := range c.Answers {
				if a.Score != nil && (*a.Score < 0 || *a.Score > 4) {
					t.Fatalf("seed %d: %s scored %v out of 0..4", seed, a.Question, *a.Score)
				}
			}
		}
		if math.Abs(shares-1) > 1e-9 {
			t.Fatalf("seed %d: first shares add up to %v, want 1", seed, shares)
		}
	}
}

// dimensionsOf returns the dimensions a question feeds.
func dimensionsOf(qq *questions.Question) []string {
	var out []string
	for _, d := range qq.Dimensions {
		out = append(out, d.Dimension)
	}
	return out
}

// checkNotWorse fails when raising qKey's score made any of its dimensions worse:
// a lower score, or for a higher-is-worse dimension a higher risk.
func checkNotWorse(t *testing.T, q *questions.Questionnaire, seed uint64, qq *questions.Question, before, after CandidateResult) {
	t.Helper()
	for _, key := range dimensionsOf(qq) {
		d, _ := q.Dimension(key)
		for i := range before.Dimensions {
			b, a := before.Dimensions[i], after.Dimensions[i]
			if b.Key != key || b.Score == nil || a.Score == nil {
				continue
			}
			if !d.HigherIsWorse && *a.Score < *b.Score-1e-9 {
				t.Fatalf("seed %d: raising %s lowered %s from %v to %v", seed, qq.Key, key, *b.Score, *a.Score)
			}
			if d.HigherIsWorse && *a.Score > *b.Score+1e-9 {
				t.Fatalf("seed %d: raising %s raised the risk %s from %v to %v", seed, qq.Key, key, *b.Score, *a.Score)
			}
		}
	}
}

func TestPropertyRaisingARatingNeverMakesADimensionWorse(t *testing.T) {
	q := partnerSelection(t)
	qs := q.Questions()
	for seed := uint64(0); seed < propertyRuns; seed++ {
		r := rand.New(rand.NewPCG(seed, 2))
		in := genInput(r, q, 2)
		before := byID(mustEvaluate(t, in))["c00"]
		qq := qs[r.IntN(len(qs))]
		c := in.Candidates[0]
		rs := append([]Rating(nil), c.Ratings[qq.Key]...)
		if len(rs) == 0 {
			rs = append(rs, Rating{Evaluator: "new", Score: 0})
			c.Ratings[qq.Key] = rs
			before = byID(mustEvaluate(t, in))["c00"]
		}
		i := r.IntN(len(rs))
		rs[i].Score = math.Min(4, rs[i].Score+float64(1+r.IntN(3)))
		c.Ratings = copyRatings(c.Ratings)
		c.Ratings[qq.Key] = rs
		in.Candidates[0] = c
		after := byID(mustEvaluate(t, in))["c00"]
		checkNotWorse(t, q, seed, qq, before, after)
	}
}

func TestPropertyABetterOptionNeverMakesADimensionWorse(t *testing.T) {
	q := partnerSelection(t)
	for seed := uint64(0); seed < propertyRuns; seed++ {
		r := rand.New(rand.NewPCG(seed, 3))
		in := genInput(r, q, 2)
		c := in.Candidates[0]
		var choice []*questions.Question
		for _, qq := range q.Questions() {
			if qq.Type == questions.TypeSingleChoice && len(c.Ratings[qq.Key]) == 0 {
				choice = append(choice, qq)
			}
		}
		if len(choice) == 0 {
			continue
		}
		qq := choice[r.IntN(len(choice))]
		worst, best := qq.Options[0], qq.Options[0]
		for _, o := range qq.Options {
			if *o.Score < *worst.Score {
				worst = o
			}
			if *o.Score > *best.Score {
				best = o
			}
		}
		answers := map[string]questions.Answer{}
		for k, v := range c.Answers {
			answers[k] = v
		}
		answers[qq.Key] = questions.Answer{Choice: &worst.Key}
		c.Answers = answers
		in.Candidates[0] = c
		before := byID(mustEvaluate(t, in))["c00"]
		answers2 := map[string]questions.Answer{}
		for k, v := range answers {
			answers2[k] = v
		}
		answers2[qq.Key] = questions.Answer{Choice: &best.Key}
		c.Answers = answers2
		in.Candidates[0] = c
		after := byID(mustEvaluate(t, in))["c00"]
		checkNotWorse(t, q, seed, qq, before, after)
	}
}

func TestPropertyScalingAllWeightsChangesNothing(t *testing.T) {
	for _, cfg := range propertyConfigs(t) {
		t.Run(cfg.name, func(t *testing.T) { scalingChangesNothing(t, cfg) })
	}
}

func scalingChangesNothing(t *testing.T, cfg propertyConfig) {
	for seed := uint64(0); seed < propertyRuns; seed++ {
		r := rand.New(rand.NewPCG(seed, 4))
		in := cfg.input(r, 1+r.IntN(6))
		base := mustEvaluate(t, in)
		k := []float64{0.01, 3, 7.5, 1000}[r.IntN(4)]
		scaled := in
		scaled.Weights = map[string]float64{}
		for d, w := range in.Weights {
			scaled.Weights[d] = w * k
		}
		got := mustEvaluate(t, scaled)
		for i := range base.Candidates {
			b, g := base.Candidates[i], got.Candidates[i]
			if b.ID != g.ID {
				t.Fatalf("seed %d: scaling weights by %v reordered the candidates", seed, k)
			}
			if (b.Overall == nil) != (g.Overall == nil) || b.Overall != nil && math.Abs(*b.Overall-*g.Overall) > 1e-9 {
				t.Fatalf("seed %d: overall changed with scaled weights", seed)
			}
			if math.Abs(b.FirstShare-g.FirstShare) > 1e-12 {
				t.Fatalf("seed %d: first share changed with scaled weights", seed)
			}
		}
	}
}

func TestPropertyCandidateOrderDoesNotMatter(t *testing.T) {
	for _, cfg := range propertyConfigs(t) {
		t.Run(cfg.name, func(t *testing.T) { orderDoesNotMatter(t, cfg) })
	}
}

func orderDoesNotMatter(t *testing.T, cfg propertyConfig) {
	for seed := uint64(0); seed < propertyRuns; seed++ {
		r := rand.New(rand.NewPCG(seed, 5))
		in := cfg.input(r, 2+r.IntN(6))
		base := mustEvaluate(t, in)
		shuffled := in
		shuffled.Candidates = append([]Candidate(nil), in.Candidates...)
		r.Shuffle(len(shuffled.Candidates), func(i, j int) {
			shuffled.Candidates[i], shuffled.Candidates[j] = shuffled.Candidates[j], shuffled.Candidates[i]
		})
		got := mustEvaluate(t, shuffled)
		if !reflect.DeepEqual(base, got) {
			bj, _ := json.Marshal(base.Sensitivity)
			gj, _ := json.Marshal(got.Sensitivity)
			t.Fatalf("seed %d: the input order changed the result\nsensitivity %s\nvs %s", seed, bj, gj)
		}
	}
}

func TestPropertySameInputSameOutput(t *testing.T) {
	for _, cfg := range propertyConfigs(t) {
		t.Run(cfg.name, func(t *testing.T) {
			for seed := uint64(0); seed < 30; seed++ {
				in := cfg.input(rand.New(rand.NewPCG(seed, 6)), 5)
				a, _ := json.Marshal(mustEvaluate(t, in))
				in.Signals = NewSignalCache(0)
				b, _ := json.Marshal(mustEvaluate(t, in))
				c, _ := json.Marshal(mustEvaluate(t, in)) // from the cache
				if string(a) != string(b) || string(b) != string(c) {
					t.Fatalf("seed %d: runs on the same input differ (with and without the cache)", seed)
				}
			}
		})
	}
}

// With text scoring, a rating still decides: raising one never makes a
// dimension worse.
func TestPropertyRaisingARatingWithTextScoring(t *testing.T) {
	cfg := propertyConfigs(t)[1]
	qs := cfg.q.Questions()
	for seed := uint64(0); seed < propertyRuns; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		in := cfg.input(r, 2)
		qq := qs[r.IntN(len(qs))]
		c := in.Candidates[0]
		c.Ratings = copyRatings(c.Ratings)
		if len(c.Ratings[qq.Key]) == 0 {
			c.Ratings[qq.Key] = []Rating{{Evaluator: "new", Score: 0}}
		}
		in.Candidates[0] = c
		before := byID(mustEvaluate(t, in))["c00"]
		rs := append([]Rating(nil), c.Ratings[qq.Key]...)
		i := r.IntN(len(rs))
		rs[i].Score = math.Min(4, rs[i].Score+float64(1+r.IntN(3)))
		c.Ratings = copyRatings(c.Ratings)
		c.Ratings[qq.Key] = rs
		in.Candidates[0] = c
		checkNotWorse(t, cfg.q, seed, qq, before, byID(mustEvaluate(t, in))["c00"])
	}
}

func copyRatings(m map[string][]Rating) map[string][]Rating {
	out := make(map[string][]Rating, len(m))
	for k, v := range m {
		out[k] = append([]Rating(nil), v...)
	}
	return out
}
