package scoring

import (
	"sort"
	"strings"
)

// rank orders candidates by TieBreak and numbers them from 1. Candidates in
// one tie group share the group's first rank (1, 1, 3) and name each other in
// TiedWith.
func rank(cs []CandidateResult) {
	sort.SliceStable(cs, func(i, j int) bool { return ahead(cs[i].Overall, cs[j].Overall, &cs[i], &cs[j]) })
	for _, g := range tieGroups(cs, func(i int) *float64 { return cs[i].Overall }) {
		for i := g[0]; i < g[1]; i++ {
			cs[i].Rank = g[0] + 1
			cs[i].Tied = g[1]-g[0] > 1
			cs[i].TiedWith = []string{}
			for k := g[0]; k < g[1]; k++ {
				if k != i {
					cs[i].TiedWith = append(cs[i].TiedWith, cs[k].ID)
				}
			}
		}
	}
}

// tieGroups splits candidates in rank order into groups [from, to): a group
// starts at a candidate and takes the following ones with the same knockout
// standing whose overall score is within TieTolerance of the first's (or
// that, like the first, have no score).
func tieGroups(cs []CandidateResult, overall func(int) *float64) [][2]int {
	var out [][2]int
	for i := 0; i < len(cs); {
		j := i + 1
		for j < len(cs) && tied(overall(i), overall(j), &cs[i], &cs[j]) {
			j++
		}
		out = append(out, [2]int{i, j})
		i = j
	}
	return out
}

// tied reports whether b, ranked after a, is tied with it.
func tied(oa, ob *float64, a, b *CandidateResult) bool {
	if (len(a.Knockouts) > 0) != (len(b.Knockouts) > 0) {
		return false
	}
	if oa == nil || ob == nil {
		return oa == nil && ob == nil
	}
	return *oa-*ob <= TieTolerance+1e-9
}

// ahead reports whether a ranks before b when their overall scores are oa and
// ob: the order within a tie is still by score, so that it is stable.
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

// clearlyAhead reports whether a ranks before b by more than a tie.
func clearlyAhead(oa, ob *float64, a, b *CandidateResult) bool {
	if ka, kb := len(a.Knockouts) > 0, len(b.Knockouts) > 0; ka != kb {
		return !ka
	}
	switch {
	case oa != nil && ob == nil:
		return true
	case oa == nil || ob == nil:
		return false
	}
	return *oa-*ob > TieTolerance+1e-9
}
