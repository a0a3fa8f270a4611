package questions

import (
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// validConcepts is validEvidence with concept rules: shared groups in the
// evidence block, a rule with its own group, ordered and unordered
// conjunctions, an unless group and a sentence-scoped conjunction.
var validConcepts = strings.Replace(strings.Replace(validEvidence, "evidence:\n", `  - key: decides
    label: Provider decides
    kind: red
    dimension: fit
    description: d
    concepts:
      DECIDE: ["decid*", "set", "sets", "make the call"]
      DIRECTION: ["priorit*", roadmap, direction]
    match:
      - {all: [PROVIDER, DECIDE, DIRECTION], ordered: true, within: 6, unless: [CLIENT_DECIDES]}
  - key: staff
    label: Staff
    kind: green
    dimension: fit
    description: d
    concepts:
      STAFF: ["your .. engineer*", "hands-off", "# minutes", "your team"]
      SLOW: ["slow* down", blocker]
    match:
      - {all: [STAFF]}
      - {all: [STAFF, SLOW], within: 12, scope: sentence}
evidence:
  sentence_ends: ".;"
  concepts:
    PROVIDER: [we, "we'll", our, us]
    CLIENT_DECIDES: ["you decide", "with your approval"]
`, 1), `boundary_words: [but]`, `boundary_words: [but, "so that"]`, 1)

func conceptsQ(t *testing.T) *Questionnaire {
	t.Helper()
	q, err := Parse("concepts.yaml", []byte(validConcepts))
	if err != nil {
		t.Fatalf("the valid questionnaire is refused: %v", err)
	}
	return q
}

func TestParseRefusesBrokenConcepts(t *testing.T) {
	cases := []struct {
		name, from, to string
		want           []string
	}{
		{"UnknownGroup", "all: [PROVIDER, DECIDE, DIRECTION]", "all: [PROVIDER, DECIDE, NOPE]",
			[]string{`signal "decides" match 1`, `concept "NOPE" is declared neither by the rule nor in evidence.concepts`}},
		{"GroupNamedTwice", "all: [PROVIDER, DECIDE, DIRECTION]", "all: [PROVIDER, DECIDE, DECIDE]",
			[]string{`signal "decides" match 1`, `concept "DECIDE" is named twice`}},
		{"LowerCaseName", `PROVIDER: [we,`, `provider: [we,`, []string{`evidence.concepts "provider": name must match`}},
		{"UpperCaseTerm", `"decid*", "set"`, `"decid*", "Set"`, []string{`signal "decides" concept "DECIDE"`, `term "Set" must be lower case`}},
		{"ShortStem", `"decid*", "set"`, `"decid*", "se*"`, []string{`term "se*"`, "shorter than 3 letters"}},
		{"GapAtTheEnd", `"your .. engineer*"`, `"your engineer .."`, []string{`signal "staff" concept "STAFF"`, `".." at its start, its end`}},
		{"TooManyWords", `"make the call"`, `"make the call on all the things"`, []string{`term "make the call on all the things" has 7 words`}},
		{"Punctuation", `"# minutes"`, `"24/7"`, []string{`term "24/7"`, `holds '/'`}},
		{"TermTwice", `["priorit*", roadmap, direction]`, `["priorit*", roadmap, roadmap]`, []string{`concept "DIRECTION": term "roadmap" is listed twice`}},
		{"EmptyGroup", `SLOW: ["slow* down", blocker]`, `SLOW: []`, []string{`signal "staff" concept "SLOW": has no terms`}},
		{"WithinTooWide", "ordered: true, within: 6", "ordered: true, within: 99", []string{`signal "decides" match 1: within must be 1..40`}},
		{"WithinShorterThanGroups", "ordered: true, within: 6", "ordered: true, within: 2", []string{"within 2 is shorter than its 3 groups"}},
		{"UnknownScope", "scope: sentence", "scope: paragraph", []string{`signal "staff" match 2: scope must be "clause" or "sentence"`}},
		{"TooManyGroups", "all: [PROVIDER, DECIDE, DIRECTION]", "all: [PROVIDER, DECIDE, DIRECTION, CLIENT_DECIDES, PROVIDER, DECIDE]",
			[]string{"all names 6 groups, at most 5"}},
		{"ShadowsASharedGroup", "      DECIDE: [", "      PROVIDER: [we]\n      DECIDE: [", []string{`concept "PROVIDER" is also declared in evidence.concepts`}},
		{"UnusedOwnGroup", "      DECIDE: [", "      SPARE: [spare]\n      DECIDE: [", []string{`signal "decides": concept "SPARE" is used by none of its matches`}},
		{"UnusedSharedGroup", "    PROVIDER: [", "    SPARE: [spare]\n    PROVIDER: [", []string{`evidence.concepts "SPARE": used by no rule`}},
		{"NoPatternsNoMatch", "    match:\n      - {all: [PROVIDER, DECIDE, DIRECTION], ordered: true, within: 6, unless: [CLIENT_DECIDES]}\n", "",
			[]string{`signal "decides": has no patterns and no match`, `signal "decides": declares concepts but no match`}},
		{"SentenceEndsOutsideTheBoundaries", `sentence_ends: ".;"`, `sentence_ends: ".;,"`, []string{`evidence.sentence_ends: ',' is not one of evidence.negation.boundaries`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(validConcepts, tc.from) {
				t.Fatalf("test is broken: %q is not in the valid file", tc.from)
			}
			_, err := Parse("broken.yaml", []byte(strings.Replace(validConcepts, tc.from, tc.to, 1)))
			if err == nil {
				t.Fatal("a broken file was accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
	t.Run("MatchNeedsAnEvidenceBlock", func(t *testing.T) {
		noEvidence := valid + `  - key: decides
    label: Provider decides
    kind: red
    dimension: fit
    description: d
    concepts:
      DECIDE: [decide]
    match:
      - {all: [DECIDE]}
`
		_, err := Parse("broken.yaml", []byte(noEvidence))
		if err == nil || !strings.Contains(err.Error(), `signal "decides": match needs an evidence block`) {
			t.Errorf("got %v", err)
		}
	})
}

// matches reads text with the concept rules and describes each match as
// "rule: words of the match", in the order found.
func matches(q *Questionnaire, text string) []string {
	norm, _ := NormalizeText(text)
	var out []string
	for _, m := range q.FindConcepts(norm, q.FindPhrases(norm, nil), nil) {
		out = append(out, q.Signals[m.Signal].Key+": "+norm[m.Start:m.End])
	}
	return out
}

func TestConceptMatching(t *testing.T) {
	q := conceptsQ(t)
	cases := []struct {
		name, text string
		want       []string
	}{
		{"StemsMatchEveryEnding", "We decided the priorities.", []string{"decides: we decided the priorities"}},
		{"AnExactWordIsNoPrefix", "Well, settings come first: roadmap.", nil},
		{"OrderedGroupsKeepTheirOrder", "The roadmap we decide.", nil},
		{"WithinBoundsTheSpan", "We, as anyone would tell you, decide in the end the roadmap.", nil},
		{"UnlessNearbySuppresses", "We set the roadmap with your approval.", nil},
		{"UnlessFarAwayDoesNot", "We set the roadmap and later on, months from now and on another topic entirely, you decide.",
			[]string{"decides: we set the roadmap"}},
		{"AHyphenIsASpace", "A hands off model, or a hands-off one.", []string{"staff: hands off"}},
		{"AGapStandsForUpToTwoWords", "Your two senior engineers and", []string{"staff: your two senior engineers"}},
		// A hyphen separates words: "on-call" is two of them.
		{"AGapIsNoMoreThanTwoWords", "Your two on-call engineers.", nil},
		{"ANumberIsDigitsOrAWord", "Within fifteen minutes.", []string{"staff: fifteen minutes"}},
		{"APossessiveIsItsWord", "Your team's blocker.", []string{"staff: your team's", "staff: your team's blocker"}},
		{"PunctuationBreaksATerm", "Hands. Off.", nil},
		{"AClauseWordEndsAClause", "We decide, so that the roadmap is clear.", nil},
		{"OneClauseWithoutASeparator", "We decide and you prioritise.", []string{"decides: we decide and you prioritise"}},
		{"ASeparatorAndAClauseStartEndAClause", "We decide, and you prioritise.", nil},
		{"OneMatchPerClause", "We set the roadmap; we set the priorities.", []string{"decides: we set the roadmap", "decides: we set the priorities"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := matches(q, tc.text)
			if len(got) == 0 && len(tc.want) == 0 {
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%q: got %q, want %q", tc.text, got, tc.want)
			}
		})
	}
	t.Run("SentenceScopeReadsOverClauseWordsButNotOverAFullStop", func(t *testing.T) {
		// STAFF and SLOW are in one sentence, across a clause word.
		norm, _ := NormalizeText("Your engineers, so that we all know, are a blocker.")
		var sentence int
		for _, m := range q.FindConcepts(norm, q.FindPhrases(norm, nil), nil) {
			if len(m.Parts) == 2 {
				sentence++
			}
		}
		if sentence != 1 {
			t.Errorf("got %d two-part matches, want 1", sentence)
		}
		norm, _ = NormalizeText("Your engineers. A blocker.")
		for _, m := range q.FindConcepts(norm, q.FindPhrases(norm, nil), nil) {
			if len(m.Parts) == 2 {
				t.Errorf("a match across a full stop: %q", norm[m.Start:m.End])
			}
		}
	})
	t.Run("PartsPointIntoTheTextWithTheirClauses", func(t *testing.T) {
		norm, _ := NormalizeText("But we set the roadmap.")
		ms := q.FindConcepts(norm, q.FindPhrases(norm, nil), nil)
		if len(ms) != 1 {
			t.Fatalf("got %d matches, want 1", len(ms))
		}
		var got []string
		for _, p := range ms[0].Parts {
			got = append(got, p.Concept+"="+norm[p.Start:p.End])
			if p.Clause != ms[0].Parts[0].Clause {
				t.Errorf("parts of one clause: got clauses %+v", ms[0].Parts)
			}
		}
		if want := []string{"PROVIDER=we", "DECIDE=set", "DIRECTION=roadmap"}; !reflect.DeepEqual(got, want) {
			t.Errorf("got %q, want %q", got, want)
		}
	})
	t.Run("SameTextSameMatches", func(t *testing.T) {
		text := "We set the roadmap; your two engineers slow things down; hands-off."
		first := matches(q, text)
		for i := 0; i < 20; i++ {
			if got := matches(q, text); !reflect.DeepEqual(got, first) {
				t.Fatalf("run %d: got %q, want %q", i, got, first)
			}
		}
	})
}

// BenchmarkFindConcepts reads texts of growing length with the built-in
// version 2 rules: the time per byte should stay flat.
func BenchmarkFindConcepts(b *testing.B) {
	c, err := Builtin()
	if err != nil {
		b.Fatal(err)
	}
	q, _ := c.Get("partner-selection", 2)
	unit := "Our NOC keeps the admin passwords, and we decide the roadmap; your IT lead gets a summary afterwards. "
	for _, size := range []int{400, 4000, 40000} {
		norm, _ := NormalizeText(strings.Repeat(unit, size/len(unit)+1)[:size])
		phrases := q.FindPhrases(norm, nil)
		b.Run(strconv.Itoa(size)+"Bytes", func(b *testing.B) {
			b.SetBytes(int64(len(norm)))
			for i := 0; i < b.N; i++ {
				q.FindConcepts(norm, phrases, nil)
			}
		})
	}
}
