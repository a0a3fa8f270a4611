package scoring

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"mspeval/questions"
)

// suggest fills the counts, the suggested rating, its formula and its reasons
// from what AssessText found, by the questionnaire's rating formula (see
// questions.RatingFormula). Reasons come in a fixed order: specifics, green,
// red, negated, vague, length.
func suggest(ev *Evidence, f questions.RatingFormula) {
	var reasons []string
	quote := func(s string) string { return "'" + oneLine(s) + "'" }

	categories := map[string]bool{}
	for _, p := range ev.Specifics {
		if p.Negated != "" {
			continue
		}
		if !categories[p.Category] {
			reasons = append(reasons, p.Label+": "+quote(p.Matched))
		}
		categories[p.Category] = true
	}
	green, red := map[string]bool{}, map[string]bool{}
	for _, m := range ev.Counted {
		switch m.Kind {
		case string(questions.SignalGreen):
			if !green[m.Rule] {
				reasons = append(reasons, "green, "+m.Label+": "+quote(m.Matched))
			}
			green[m.Rule] = true
		case string(questions.SignalRed):
			if !red[m.Rule] {
				reasons = append(reasons, "red, "+m.Label+": "+quote(m.Matched))
			}
			red[m.Rule] = true
		}
	}
	for _, m := range ev.Signals {
		if m.Negated == "" {
			continue
		}
		r := fmt.Sprintf("negated by %s: %s (%s)", quote(m.Negated), quote(m.Matched), m.Rule)
		if m.CountsAs != "" {
			r += ", counts as " + m.CountsAs
		} else {
			r += ", counts for nothing"
		}
		reasons = append(reasons, r)
	}
	vague := 0
	for _, p := range ev.Vague {
		if p.Negated != "" {
			continue
		}
		vague++
		reasons = append(reasons, "vague: "+quote(p.Matched))
	}
	ev.SpecificCategories, ev.GreenRules, ev.RedRules, ev.VaguePhrases = len(categories), len(green), len(red), vague
	ev.Short = ev.Words < f.ShortWords

	spec, gr, vg := min(ev.SpecificCategories, f.MaxSpecifics), min(ev.GreenRules, f.MaxGreen), min(vague, f.MaxVague)
	raw := f.Base + f.PerSpecific*float64(spec) + f.PerGreen*float64(gr) - f.PerRed*float64(ev.RedRules) - f.PerVague*float64(vg)
	rating := math.Max(0, math.Min(4, raw))
	formula := fmt.Sprintf("%s + %s × %d specifics + %s × %d green − %s × %d red − %s × %d vague = %s",
		num(f.Base), num(f.PerSpecific), spec, num(f.PerGreen), gr, num(f.PerRed), ev.RedRules, num(f.PerVague), vg, num(raw))
	if rating != raw {
		formula += fmt.Sprintf(", kept within 0..4: %s", num(rating))
	}
	if ev.Short {
		reasons = append(reasons, fmt.Sprintf("short: %d words (under %d)", ev.Words, f.ShortWords))
		if rating > f.ShortMax {
			rating = f.ShortMax
			formula += fmt.Sprintf("; a text under %d words is rated at most %s: %s", f.ShortWords, num(f.ShortMax), num(rating))
		}
	}
	if ev.SpecificCategories == 0 {
		reasons = append(reasons, "no specifics")
	}
	ev.Suggested = &rating
	ev.Formula = formula
	ev.Reasons = append(reasons, fmt.Sprintf("suggested rating %s: %s", num(rating), formula))
}

// num prints a number the way a person writes it: 2.5, 3, -0.5.
func num(v float64) string {
	if v == 0 {
		return "0" // not -0
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// oneLine shortens a quote to one line of at most 80 characters.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > 80 {
		s = string(r[:79]) + "…"
	}
	return s
}
