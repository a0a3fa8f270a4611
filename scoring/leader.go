package scoring

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LeaderSentence says in a few sentences who leads a comparison and how
// firmly. A tie for first is called a tie, never a lead. A knockout explains
// itself: when a candidate scores higher overall than the leader but ranks
// below because of a knockout, the sentence names it, so the order never
// needs a footnote to make sense.
func LeaderSentence(res Result) string {
	if len(res.Candidates) == 0 {
		return ""
	}
	top := res.Candidates[0]
	var parts []string
	if len(top.Knockouts) > 0 {
		// Candidates without a knockout rank first, so here every one has one.
		parts = append(parts, "Every candidate has a knockout (an answer under its question's minimum); they are ranked by score among themselves.")
	}
	note := capitalise(strings.TrimSuffix(res.Sensitivity.Note, "."))
	if top.Tied {
		names := []string{top.Name}
		for _, c := range res.Candidates[1:] {
			if c.Rank == top.Rank {
				names = append(names, c.Name)
			}
		}
		tie := andList(names) + " are tied for first"
		if strings.HasPrefix(note, tie) {
			// The note already says so; saying it twice reads as a stutter.
			parts = append(parts, note+".")
		} else {
			parts = append(parts, fmt.Sprintf("%s: their overall scores are within %.1f points.", tie, TieTolerance))
			if note != "" {
				parts = append(parts, note+".")
			}
		}
	} else {
		parts = append(parts, fmt.Sprintf("%s ranks first under %.0f %% of weightings.", top.Name, 100*top.FirstShare))
		if note != "" {
			parts = append(parts, note+".")
		}
	}
	if len(top.Knockouts) == 0 {
		parts = append(parts, knockedBelow(res.Candidates, top)...)
	}
	return strings.Join(parts, " ")
}

// knockedBelow says, for each candidate whose knockout puts it below the
// leader although it scores higher overall, why it ranks where it does.
func knockedBelow(cs []CandidateResult, top CandidateResult) []string {
	if top.Overall == nil {
		return nil
	}
	var out []string
	for _, c := range cs[1:] {
		if len(c.Knockouts) == 0 || c.Overall == nil || *c.Overall <= *top.Overall {
			continue
		}
		what := "a knockout (an answer under its question's minimum)"
		if n := len(c.Knockouts); n > 1 {
			what = fmt.Sprintf("%d knockouts (answers under their questions' minimum)", n)
		}
		out = append(out, fmt.Sprintf("%s scores higher overall (%s against %s) but ranks below %s because of %s.",
			c.Name, FormatScore(c.Overall), FormatScore(top.Overall), top.Name, what))
	}
	return out
}

// capitalise writes the first letter of s in upper case.
func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
