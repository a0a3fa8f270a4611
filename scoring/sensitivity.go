package scoring

import (
	"fmt"
	"math"
	"strings"

	"mspeval/questions"
)

// GridStep is the step of the sensitivity grid, in percentage points.
const GridStep = 5.0

// grid returns every weighting of n dimensions in GridStep steps adding to 100.
func grid(n int) [][]float64 {
	steps := int(100 / GridStep)
	var out [][]float64
	cur := make([]int, n)
	var rec func(i, left int)
	rec = func(i, left int) {
		if i == n-1 {
			cur[i] = left
			w := make([]float64, n)
			for k, v := range cur {
				w[k] = float64(v) * GridStep
			}
			out = append(out, w)
			return
		}
		for v := 0; v <= left; v++ {
			cur[i] = v
			rec(i+1, left-v)
		}
	}
	if n > 0 {
		rec(0, steps)
	}
	return out
}

// overallUnder is a candidate's overall score under other weights (by
// dimension index), from the dimension scores already computed; ok is false
// when nothing is scored.
func overallUnder(q *questions.Questionnaire, c *CandidateResult, w []float64) (v float64, ok bool) {
	var sum, weight float64
	for i, d := range q.Dimensions {
		ds := c.Dimensions[i]
		if ds.Score == nil || w[i] <= 0 {
			continue
		}
		good := *ds.Score
		if d.HigherIsWorse {
			good = 100 - good
		}
		sum += w[i] * good
		weight += w[i]
	}
	if weight == 0 {
		return 0, false
	}
	return sum / weight, true
}

// sensitivity fills each candidate's FirstShare and finds the nearest weighting
// that puts the runner-up clearly ahead (by more than TieTolerance). Under a
// weighting where several candidates tie for first, each gets an equal part
// of it: a tie is nobody's win. cs must be ranked.
func sensitivity(q *questions.Questionnaire, weights map[string]float64, cs []CandidateResult) Sensitivity {
	vectors := grid(len(q.Dimensions))
	s := Sensitivity{GridStep: GridStep, Weightings: len(vectors), TiedLeaders: []string{}}
	if len(cs) == 0 {
		s.Note = "no candidates"
		return s
	}
	current := make([]float64, len(q.Dimensions))
	for i, d := range q.Dimensions {
		current[i] = weights[d.Key]
	}
	firsts := make([]float64, len(cs))
	overall := make([]*float64, len(cs))
	values := make([]float64, len(cs))
	leaders := make([]int, 0, len(cs))
	var best *Swap
	for _, w := range vectors {
		top := 0
		for i := range cs {
			overall[i] = nil
			if v, ok := overallUnder(q, &cs[i], w); ok {
				values[i] = v
				overall[i] = &values[i]
			}
			if i > 0 && ahead(overall[i], overall[top], &cs[i], &cs[top]) {
				top = i
			}
		}
		leaders = leaders[:0]
		for i := range cs {
			if i == top || tied(overall[top], overall[i], &cs[top], &cs[i]) {
				leaders = append(leaders, i)
			}
		}
		for _, i := range leaders {
			firsts[i] += 1 / float64(len(leaders))
		}
		if len(cs) > 1 && clearlyAhead(overall[1], overall[0], &cs[1], &cs[0]) {
			moved := 0.0
			for i := range w {
				moved += math.Abs(w[i] - current[i])
			}
			moved /= 2
			if best == nil || moved < best.Moved-1e-9 {
				best = &Swap{Leader: cs[0].ID, RunnerUp: cs[1].ID, Weights: named(q, w), Moved: moved, Reachable: true}
			}
		}
	}
	for i := range cs {
		cs[i].FirstShare = firsts[i] / float64(len(vectors))
	}
	var names []string
	for i := range cs {
		if i == 0 || cs[i].Rank == cs[0].Rank && cs[i].Tied {
			names = append(names, cs[i].Name)
			if cs[0].Tied {
				s.TiedLeaders = append(s.TiedLeaders, cs[i].ID)
			}
		}
	}
	tie := ""
	if len(s.TiedLeaders) > 1 {
		tie = fmt.Sprintf("%s are tied for first (overall scores within %g points); ", andList(names), TieTolerance)
	}
	switch {
	case len(cs) == 1:
		s.Note = "only one candidate"
	case best == nil:
		s.Note = tie + fmt.Sprintf("no weighting on the %g %% grid puts %s ahead of %s", GridStep, cs[1].Name, cs[0].Name)
		s.Swap = &Swap{Leader: cs[0].ID, RunnerUp: cs[1].ID, Reachable: false}
	default:
		s.Swap = best
		s.Note = tie + fmt.Sprintf("moving %g percentage points of weight puts %s ahead of %s", best.Moved, cs[1].Name, cs[0].Name)
	}
	return s
}

// andList joins names as "A, B and C".
func andList(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func named(q *questions.Questionnaire, w []float64) map[string]float64 {
	out := make(map[string]float64, len(w))
	for i, d := range q.Dimensions {
		out[d.Key] = w[i]
	}
	return out
}
