package scoring

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"mspeval/questions"
)

// diff describes how got differs from want, "" when they are equal.
func diff(want, got any) string {
	if reflect.DeepEqual(want, got) {
		return ""
	}
	return fmt.Sprintf("want %q\n got %q", want, got)
}

// tinyEvidence is tiny with an evidence block and a few rules, for
// hand-worked examples of negation, specifics, vagueness and the suggested
// rating.
const tinyEvidence = tiny + `
  - key: tools
    label: Tools
    kind: green
    dimension: fit
    description: d
    patterns: ["(work|works) within your (existing )?tools"]
  - key: owner
    label: Named owner
    kind: green
    dimension: fit
    description: d
    patterns: ["named owner", "backup owner"]
  - key: fees
    label: Exit fees
    kind: red
    dimension: dependency_risk
    description: d
    negated: {counts_as: free_exit}
    patterns: ["exit fees?", "termination (fee|fees|charges)", "minimum terms?"]
  - key: free_exit
    label: Free exit
    kind: green
    dimension: dependency_risk
    description: d
    patterns: ["rolling monthly contract"]
  - key: change_request
    label: Change request
    kind: green
    dimension: fit
    description: d
    patterns: ["written change request"]
  - key: handle
    label: Reassurance
    kind: red
    dimension: fit
    description: d
    patterns: ["we'll handle it"]
evidence:
  negation:
    cues: [never, not, "no", nobody, nothing, "(do|does|is|are|wo)n'?t", none of]
    narrow_cues: [rather than, instead of]
    narrow_words: 2
    requirement_cues: [without]
    exceptions: ["no later than", "not only"]
    max_words: 4
    boundaries: ".;:"
    list_separators: ","
    list_words: 2
    list_joiners: [or, nor, and]
    clause_starts: [we, "we'll", you, our, your]
    boundary_words: [but, however]
  specifics:
    - {key: role, label: named role, patterns: ["it lead", "service manager"]}
    - {key: cadence, label: cadence, patterns: [monthly, weekly]}
    - {key: time_limit, label: time limit, patterns: ["within [0-9]{1,3} (minutes|hours)"]}
    - {key: artefact, label: artefact, patterns: ["raci", "change calendar", "written change request"]}
    - {key: number, label: number, patterns: ["[0-9]{1,4}"]}
  vagueness:
    cues:
      - {key: claim, label: generic claim, patterns: ["we pride ourselves", "best-in-class", "very flexible"]}
  rating:
    base: 1
    per_specific: 0.5
    max_specifics: 3
    per_green: 0.5
    max_green: 2
    per_red: 1
    per_vague: 0.5
    max_vague: 2
    short_words: 6
    short_max: 1
`

func tinyEvidenceQ(t testing.TB) *questions.Questionnaire {
	t.Helper()
	q, err := questions.Parse("tiny-evidence.yaml", []byte(tinyEvidence))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

// counted lists the rules a text counts as, "+rule" for green and "-rule" for
// red, in text order.
func counted(ev Evidence) []string {
	var out []string
	for _, m := range ev.Counted {
		sign := "+"
		if m.Kind == string(questions.SignalRed) {
			sign = "-"
		}
		out = append(out, sign+m.Rule)
	}
	return out
}

func TestNegation(t *testing.T) {
	q := tinyEvidenceQ(t)
	cases := []struct {
		name, text string
		want       []string // what the text counts as
	}{
		{"PlainRedCounts", "We charge exit fees on leaving.", []string{"-fees"}},
		{"CueBeforeTheMatchNegatesIt", "We never charge exit fees.", []string{"+free_exit"}},
		{"ContractedCueNegates", "We don't keep a named owner for each process.", nil},
		{"CurlyApostropheCue", "We don\u2019t keep a named owner for each process.", nil},
		{"CueAfterTheMatchNegatesNothing", "Exit fees apply; never mind.", []string{"-fees"}},
		{"CueInsideTheWindow", "There are no real and hidden exit fees.", []string{"+free_exit"}},
		{"CueTooFarAway", "No, as a rule and in practice we charge exit fees.", []string{"-fees"}},
		{"FullStopEndsTheClause", "Not us. We charge exit fees.", []string{"-fees"}},
		{"SemicolonEndsTheClause", "Nothing is hidden; exit fees apply.", []string{"-fees"}},
		{"BoundaryWordEndsTheClause", "We do not hide it but exit fees apply.", []string{"-fees"}},
		{"CommaEndsTheClause", "No surprises for you, we charge exit fees.", []string{"-fees"}},
		{"ListSeparatorKeepsTheNegation", "There are no exit fees, minimum terms or termination charges.",
			[]string{"+free_exit"}},
		{"ListItemAfterAJoinerKeepsTheNegation", "No exit fees, or minimum terms.", []string{"+free_exit"}},
		{"ClauseStartAfterTheSeparatorEndsTheList", "Nobody pays for it, we charge exit fees.", []string{"-fees"}},
		{"LongSegmentAfterTheSeparatorEndsTheList", "No lock in at all, then later the exit fees.", []string{"-fees"}},
		{"QuoteKeepsTheNegation", "We won't just say 'we'll handle it, trust us' to you.", nil},
		{"QuoteInAPlainSentence", "Clients hear 'we'll handle it' from us.", []string{"-handle"}},
		{"NarrowCueNegatesTheNextWords", "We work within your tools rather than exit fees.", []string{"+tools", "+free_exit"}},
		{"NarrowCueStopsEarly", "Instead of meetings we simply charge exit fees.", []string{"-fees"}},
		{"ExceptionIsNoCue", "We reply no later than a day and keep a named owner.", []string{"+owner"}},
		{"ExceptionRunningIntoTheMatchStillNegates", "Not only... named owner.", []string{"+owner"}},
		{"RequirementCueAloneNegates", "We work without a written change request.", nil},
		{"DoubleNegativeRequires", "Nothing changes without a written change request.", []string{"+change_request"}},
		{"NegatedGreenCountsForNothing", "Nobody has a named owner.", nil},
		{"ReassuranceWithCueInsideIsNotNegated", "Don't fret, we'll handle it.", []string{"-handle"}},
		{"DeclaredMeaningAndDirectMatchMerge", "No exit fees: a rolling monthly contract.", []string{"+free_exit", "+free_exit"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := AssessText(q, "notes", tc.text)
			if d := diff(tc.want, counted(ev)); d != "" {
				t.Errorf("%q counts as:\n%s\nsignals: %+v", tc.text, d, ev.Signals)
			}
		})
	}
	t.Run("NegatedMatchIsKeptAndMarked", func(t *testing.T) {
		text := "We never charge exit fees."
		ev := AssessText(q, "notes", text)
		if len(ev.Signals) != 1 {
			t.Fatalf("got %d signals, want 1", len(ev.Signals))
		}
		m := ev.Signals[0]
		if m.Rule != "fees" || m.Negated != "never" || m.CountsAs != "free_exit" || text[m.CueStart:m.CueEnd] != "never" {
			t.Errorf("got %+v, want fees negated by never, counting as free_exit", m)
		}
		c := ev.Counted[0]
		if c.Rule != "free_exit" || c.NegationOf != "fees" || c.Matched != "never charge exit fees" {
			t.Errorf("counted: got %+v, want free_exit from 'never charge exit fees'", c)
		}
		if !containsReason(ev, "negated by 'never': 'exit fees' (fees), counts as free_exit") {
			t.Errorf("reasons: got %q", ev.Reasons)
		}
	})
}

func TestNegatedMatchRaisesNoContradiction(t *testing.T) {
	q := tinyEvidenceQ(t)
	// The tiny questionnaire's "stack" rule is red and disputes the "reinforce" option.
	res, err := Evaluate(Input{Questionnaire: q, Candidates: []Candidate{
		{ID: "a", Name: "A", Answers: map[string]questions.Answer{"role": {Choice: s("reinforce"), Text: s("We don't move you onto our standard stack.")}}},
		{ID: "b", Name: "B", Answers: map[string]questions.Answer{"role": {Choice: s("reinforce"), Text: s("We move you onto our standard stack.")}}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int{}
	for _, c := range res.Candidates {
		got[c.ID] = len(c.Contradictions)
		if c.ID == "a" && c.RedFlags != 0 {
			t.Errorf("a negated red flag counts: got %d red flags, want 0", c.RedFlags)
		}
	}
	if got["a"] != 0 || got["b"] != 1 {
		t.Errorf("contradictions: got %v, want a 0 (negated) and b 1", got)
	}
}

func TestSpecificsAndVagueness(t *testing.T) {
	q := tinyEvidenceQ(t)
	t.Run("SpecificsByCategoryWithOffsetsIntoTheOriginal", func(t *testing.T) {
		text := "Your IT\u00a0lead meets our service manager monthly; P1s are answered within 30 minutes."
		ev := AssessText(q, "notes", text)
		var got []string
		for _, p := range ev.Specifics {
			if text[p.Start:p.End] != p.Matched {
				t.Errorf("%+v: offsets do not hold the matched words", p)
			}
			got = append(got, p.Category+": "+p.Matched)
		}
		want := []string{"role: IT\u00a0lead", "role: service manager", "cadence: monthly", "time_limit: within 30 minutes", "number: 30"}
		if d := diff(want, got); d != "" {
			t.Errorf("specifics:\n%s", d)
		}
		if ev.SpecificCategories != 4 {
			t.Errorf("categories: got %d, want 4 (role, cadence, time limit, number)", ev.SpecificCategories)
		}
	})
	t.Run("NegatedSpecificCountsForNothing", func(t *testing.T) {
		ev := AssessText(q, "notes", "We do not keep a RACI for anything at all here.")
		if len(ev.Specifics) != 1 || ev.Specifics[0].Negated != "not" || ev.SpecificCategories != 0 {
			t.Errorf("got %+v with %d categories, want the RACI negated and no category", ev.Specifics, ev.SpecificCategories)
		}
	})
	t.Run("VaguePhrasesAndShortAnswers", func(t *testing.T) {
		ev := AssessText(q, "notes", "We pride ourselves on being very flexible.")
		if ev.VaguePhrases != 2 || ev.Short || ev.Words != 7 {
			t.Errorf("got %d vague phrases, short %v, %d words; want 2, not short", ev.VaguePhrases, ev.Short, ev.Words)
		}
		short := AssessText(q, "notes", "Yes, monthly.")
		if !short.Short || short.Words != 2 {
			t.Errorf("short answer: got short %v with %d words", short.Short, short.Words)
		}
	})
}

func TestSuggestedRatingHandWorked(t *testing.T) {
	q := tinyEvidenceQ(t)
	cases := []struct {
		name, text string
		want       float64
		formula    string
	}{
		// Specifics: role (IT lead), cadence (monthly), artefact (change calendar),
		// number (2) = 4 categories, counted up to 3; green: tools = 1; red: none.
		// 1 + 0.5 × 3 + 0.5 × 1 = 3.
		{"SpecificAndGreen",
			"Your IT lead reviews the change calendar monthly with us, and we work within your existing tools at 2 sites.",
			3, "1 + 0.5 × 3 specifics + 0.5 × 1 green − 1 × 0 red − 0.5 × 0 vague = 3"},
		// No specifics; red: handle; vague: 'we pride ourselves', 'best-in-class'.
		// 1 − 1 − 0.5 × 2 = −1, kept within 0..4: 0.
		{"VagueAndRed",
			"We pride ourselves on a best-in-class service, so whatever comes up, we'll handle it for you.",
			0, "1 + 0.5 × 0 specifics + 0.5 × 0 green − 1 × 1 red − 0.5 × 2 vague = -1, kept within 0..4: 0"},
		// Under 6 words: at most 1, whatever it holds. 1 + 0.5 × 1 (cadence) = 1.5, capped at 1.
		{"ShortAnswerCapped", "Monthly.", 1,
			"1 + 0.5 × 1 specifics + 0.5 × 0 green − 1 × 0 red − 0.5 × 0 vague = 1.5; a text under 6 words is rated at most 1: 1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ev := AssessText(q, "notes", tc.text)
			approx(t, "suggested", ev.Suggested, tc.want)
			if ev.Formula != tc.formula {
				t.Errorf("formula: got %q, want %q", ev.Formula, tc.formula)
			}
			if last := ev.Reasons[len(ev.Reasons)-1]; !strings.HasPrefix(last, "suggested rating ") {
				t.Errorf("the last reason should state the rating: got %q", last)
			}
		})
	}
	t.Run("ReasonsSayWhy", func(t *testing.T) {
		ev := AssessText(q, "notes", "We pride ourselves on it; your IT lead decides, and we'll handle it.")
		for _, want := range []string{"named role: 'IT lead'", "red, Reassurance: 'we'll handle it'", "vague: 'We pride ourselves'"} {
			if !containsReason(ev, want) {
				t.Errorf("reasons %q: want %q", ev.Reasons, want)
			}
		}
	})
	t.Run("NoEvidenceBlockNoRating", func(t *testing.T) {
		ev := AssessText(tinyQ(t), "notes", "Your IT lead reviews the change calendar monthly.")
		if ev.Suggested != nil || len(ev.Reasons) != 0 {
			t.Errorf("a questionnaire without evidence: got suggested %v, reasons %q", ev.Suggested, ev.Reasons)
		}
	})
	t.Run("EmptyTextNoRating", func(t *testing.T) {
		if ev := AssessText(q, "notes", " \n "); ev.Suggested != nil {
			t.Errorf("got %v, want no rating", *ev.Suggested)
		}
	})
}

func containsReason(ev Evidence, want string) bool {
	for _, r := range ev.Reasons {
		if r == want {
			return true
		}
	}
	return false
}

func TestMatchingStaysLinear(t *testing.T) {
	q := partnerSelectionV2(t)
	// Texts built to tempt a backtracking matcher: long runs of words that
	// start many patterns but finish none.
	unit := "we will take our standard your own the client's no not never rather than "
	long := strings.Repeat(unit, 10000/len(unit))
	// And a sentence without an end that holds a part of nearly every
	// concept rule, over and over.
	concepts := "we decide your team's admin passwords our platform onto every device monthly review your IT lead "
	dense := strings.Repeat(concepts, 10000/len(concepts))
	for _, text := range []string{long, dense, strings.Repeat("a", 10000), strings.Repeat("our ", 2500)} {
		ev := AssessText(q, "role_alongside_internal_it", text)
		if ev.Suggested == nil {
			t.Fatal("no rating")
		}
	}
}
