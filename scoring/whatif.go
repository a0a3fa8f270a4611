package scoring

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"mspeval/questions"
)

// WeightProblem is one what-if weight that cannot be used. Key "weights" means
// the weights as a whole (they add up to zero).
type WeightProblem struct {
	Key, Message string
}

// WhatIf lays what-if weights, given as text by dimension key (from a query
// string), over the saved ones. Names starting with "_" are ignored (cache
// busters); a name that is no dimension, or a value that is not a plain decimal
// number from 0 to 1000 (NaN, Inf, -5, 1e400, 0x10), is a problem and leaves the
// saved weight. changed reports whether any given weight was used.
func WhatIf(q *questions.Questionnaire, saved map[string]float64, given map[string]string) (weights map[string]float64, changed bool, problems []WeightProblem) {
	weights = make(map[string]float64, len(saved))
	for k, v := range saved {
		weights[k] = v
	}
	keys := make([]string, 0, len(given))
	for k := range given {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if strings.HasPrefix(k, "_") {
			continue
		}
		if _, ok := q.Dimension(k); !ok {
			problems = append(problems, WeightProblem{k, "is not a dimension of this questionnaire"})
			continue
		}
		v, ok := parseWeight(given[k])
		if !ok {
			problems = append(problems, WeightProblem{k, "must be a number from 0 to 1000"})
			continue
		}
		weights[k], changed = v, true
	}
	total := 0.0
	for _, v := range weights {
		total += v
	}
	if total <= 0 {
		problems = append(problems, WeightProblem{"weights", "at least one weight must be above zero"})
	}
	return weights, changed, problems
}

// plainNumber is a decimal number as people write one. strconv.ParseFloat
// also reads NaN, Inf, hexadecimal and underscores, none of which a weight is.
var plainNumber = regexp.MustCompile(`^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$`)

// parseWeight reads one what-if weight, a number from 0 to 1000.
func parseWeight(s string) (float64, bool) {
	if !plainNumber.MatchString(s) {
		return 0, false
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || v < 0 || v > 1000 {
		return 0, false
	}
	return v, true
}
