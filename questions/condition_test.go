package questions

import (
	"encoding/json"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

// conditionalYAML is testdata/conditional.yaml: team_size shows when has_team
// is yes, handback when model is replace, and the section "team" (question
// escalation) when has_team is yes.
func conditionalYAML(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("testdata/conditional.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func loadConditional(t *testing.T) *Questionnaire {
	t.Helper()
	q, err := Parse("conditional.yaml", []byte(conditionalYAML(t)))
	if err != nil {
		t.Fatal(err)
	}
	return q
}

func choice(v string) Answer { return Answer{Choice: &v} }
func scale(v int) Answer     { return Answer{Scale: &v} }

func hiddenOf(q *Questionnaire, v Visibility) []string {
	var out []string
	for _, qq := range q.Questions() {
		if !v.Shows(qq.Key) {
			out = append(out, qq.Key)
		}
	}
	return out
}

func TestVisibility(t *testing.T) {
	q := loadConditional(t)
	for _, tc := range []struct {
		name    string
		answers map[string]Answer
		hidden  []string
		section bool // the section "team" shows
	}{
		{"NothingAnsweredHidesEveryConditional", nil, []string{"team_size", "handback", "escalation"}, false},
		{"YesShowsTheQuestionAndTheSection", map[string]Answer{"has_team": choice("yes")}, []string{"handback"}, true},
		{"NoHidesThem", map[string]Answer{"has_team": choice("no")}, []string{"team_size", "handback", "escalation"}, false},
		{"TheChosenOptionShowsItsQuestion", map[string]Answer{"has_team": choice("yes"), "model": choice("replace")}, nil, true},
		{"AnotherOptionHidesIt", map[string]Answer{"has_team": choice("yes"), "model": choice("alongside")}, []string{"handback"}, true},
		{"AnEmptyChoiceShowsNothing", map[string]Answer{"has_team": choice("")}, []string{"team_size", "handback", "escalation"}, false},
		{"AnAnswerToAHiddenQuestionChangesNothing", map[string]Answer{"has_team": choice("no"), "team_size": scale(5), "handback": {Text: ptrTo("kept")}},
			[]string{"team_size", "handback", "escalation"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := q.Visibility(tc.answers)
			if got := hiddenOf(q, v); !slices.Equal(got, tc.hidden) {
				t.Errorf("hidden: got %v, want %v", got, tc.hidden)
			}
			if got := v.ShowsSection("team"); got != tc.section {
				t.Errorf("section team shown: got %v, want %v", got, tc.section)
			}
			if !v.ShowsSection("setup") || v.HiddenCount() != len(tc.hidden) {
				t.Errorf("setup shown %v, hidden count %d", v.ShowsSection("setup"), v.HiddenCount())
			}
		})
	}
}

func TestConditionHolds(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    *Condition
		a    Answer
		want bool
	}{
		{"NoConditionAlwaysHolds", nil, Answer{}, true},
		{"AChoiceListed", &Condition{Question: "x", Equals: []string{"a", "b"}}, choice("b"), true},
		{"AChoiceNotListed", &Condition{Question: "x", Equals: []string{"a"}}, choice("c"), false},
		{"AScaleValueListed", &Condition{Question: "x", Equals: []string{"4", "5"}}, scale(4), true},
		{"AScaleValueNotListed", &Condition{Question: "x", Equals: []string{"4", "5"}}, scale(3), false},
		{"NoAnswer", &Condition{Question: "x", Equals: []string{"a"}}, Answer{}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.c.Holds(tc.a); got != tc.want {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

func ptrTo(s string) *string { return &s }

// TestHiddenQuestionsAreNeverRequired pins submit and progress: a required
// question the answers hide is neither missing nor counted.
func TestHiddenQuestionsAreNeverRequired(t *testing.T) {
	q := loadConditional(t)
	answers := map[string]Answer{"has_team": choice("no"), "model": choice("alongside"), "docs": choice("client")}
	if got := q.MissingRequired(answers); len(got) != 0 {
		t.Errorf("missing with every shown question answered: got %v, want none", got)
	}
	if done, total := q.Progress(answers); done != 3 || total != 3 {
		t.Errorf("progress: got %d of %d, want 3 of 3", done, total)
	}
	answers["has_team"] = choice("yes")
	if got, want := q.MissingRequired(answers), []string{"team_size", "escalation"}; !slices.Equal(got, want) {
		t.Errorf("missing once yes shows two more: got %v, want %v", got, want)
	}
	if done, total := q.Progress(answers); done != 3 || total != 5 {
		t.Errorf("progress: got %d of %d, want 3 of 5", done, total)
	}
}

func TestConditionProblems(t *testing.T) {
	base := conditionalYAML(t)
	for _, tc := range []struct {
		name     string
		old, new string
		field    string
		message  string
	}{
		{"UnknownQuestion", `show_if: {question: model, equals: [replace]}`, `show_if: {question: modle, equals: [replace]}`,
			"sections[0].questions[3].show_if.question", `question "handback": show_if.question: question "modle" does not exist`},
		{"LaterQuestion", `show_if: {question: model, equals: [replace]}`, `show_if: {question: docs, equals: [client]}`,
			"sections[0].questions[3].show_if.question", `question "docs" comes after this question`},
		{"ItsOwnAnswer", `show_if: {question: model, equals: [replace]}`, `show_if: {question: handback, equals: [x]}`,
			"sections[0].questions[3].show_if.question", `cannot depend on its own answer`},
		{"WrongType", `show_if: {question: has_team, equals: ["yes"]}
    questions:`, `show_if: {question: handback, equals: ["yes"]}
    questions:`,
			"sections[1].show_if.question", `section "team": show_if.question: question "handback" is a text question`},
		{"AQuestionOfTheSameSection", `show_if: {question: has_team, equals: ["yes"]}
    questions:`, `show_if: {question: escalation, equals: [named]}
    questions:`,
			"sections[1].show_if.question", `comes after the start of this section`},
		{"UnknownOption", `show_if: {question: model, equals: [replace]}`, `show_if: {question: model, equals: [replace, outsource]}`,
			"sections[0].questions[3].show_if.equals[1]", `"outsource" is not an option of question "model" (options: advise, alongside, replace)`},
		{"YesNoTakesOnlyYesOrNo", `show_if: {question: has_team, equals: ["yes"]}
        scale:`, `show_if: {question: has_team, equals: [true]}
        scale:`,
			"sections[0].questions[1].show_if.equals[0]", `"true" is not an option of question "has_team"`},
		{"ScaleValueOutOfRange", `show_if: {question: model, equals: [replace]}`, `show_if: {question: team_size, equals: [5, 6]}`,
			"sections[0].questions[3].show_if.equals[1]", `6 is outside the scale 1..5 of question "team_size"`},
		{"ScaleValueNotWhole", `show_if: {question: model, equals: [replace]}`, `show_if: {question: team_size, equals: [4.5]}`,
			"sections[0].questions[3].show_if.equals[0]", `"4.5" is not a whole number`},
		{"ConditionalOnAConditional", `show_if: {question: model, equals: [replace]}`, `show_if: {question: team_size, equals: [5]}`,
			"sections[0].questions[3].show_if.question", `question "team_size" is conditional itself; conditions go one level deep`},
		{"ConditionalOnAQuestionOfAConditionalSection", `      - key: notes
        prompt: Anything else we should know?`, `      - key: notes
        show_if: {question: escalation, equals: [named]}
        prompt: Anything else we should know?`,
			"sections[2].questions[0].show_if.question", `question "escalation" is conditional itself`},
		{"NoValues", `show_if: {question: model, equals: [replace]}`, `show_if: {question: model, equals: []}`,
			"sections[0].questions[3].show_if.equals", `lists no answer`},
		{"AValueTwice", `show_if: {question: model, equals: [replace]}`, `show_if: {question: model, equals: [replace, replace]}`,
			"sections[0].questions[3].show_if.equals[1]", `"replace" is listed twice`},
		{"NoQuestion", `show_if: {question: model, equals: [replace]}`, `show_if: {equals: [replace]}`,
			"sections[0].questions[3].show_if.question", `is empty`},
		{"AnUnknownField", `show_if: {question: model, equals: [replace]}`, `show_if: {question: model, is: [replace]}`,
			"sections[0].questions[3].show_if.is", `field is not found`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if strings.Count(base, tc.old) != 1 {
				t.Fatalf("the test's text %q is not in the file once", tc.old)
			}
			_, err := Parse("broken.yaml", []byte(strings.Replace(base, tc.old, tc.new, 1)))
			le, ok := err.(*LoadError)
			if !ok {
				t.Fatalf("got %v, want a *LoadError", err)
			}
			for _, p := range le.Problems {
				if p.Field == tc.field && strings.Contains(p.Message, tc.message) {
					return
				}
			}
			t.Errorf("no problem at %s saying %q; got %+v", tc.field, tc.message, le.Problems)
		})
	}
}

// TestConditionsRoundTrip pins the file format: a condition survives YAML
// and the API's JSON, and a scale value written as a number reads as text.
func TestConditionsRoundTrip(t *testing.T) {
	q := loadConditional(t)
	data, err := Encode(q)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse("encoded.yaml", data)
	if err != nil {
		t.Fatalf("the encoded file does not load: %v\n%s", err, data)
	}
	if got, want := jsonOf(t, back), jsonOf(t, q); got != want {
		t.Errorf("YAML reads back otherwise:\n got %.600s\nwant %.600s", got, want)
	}
	api, err := json.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	withNumber := strings.Replace(string(api), `"show_if":{"question":"model","equals":["replace"]}`,
		`"show_if":{"question":"team_size","equals":[4,"5"]}`, 1)
	withNumber = strings.Replace(withNumber, `"show_if":{"question":"has_team","equals":["yes"]},"scale"`, `"scale"`, 1)
	fromJSON, problems := Decode([]byte(withNumber), FormatJSON)
	if len(problems) > 0 {
		t.Fatalf("decode: %v", problems)
	}
	if p := fromJSON.Validate(); len(p) > 0 {
		t.Fatalf("validate: %v", p)
	}
	hb, _ := fromJSON.Question("handback")
	if want := (&Condition{Question: "team_size", Equals: []string{"4", "5"}}); !reflect.DeepEqual(hb.ShowIf, want) {
		t.Errorf("a number in equals: got %+v, want %+v", hb.ShowIf, want)
	}
}

func TestBuiltinsHaveNoConditions(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range c.All() {
		if q.HasConditions() {
			t.Errorf("%s v%d has conditions; the built-ins are published without them", q.Key, q.Version)
		}
		data, err := Encode(q)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "show_if") {
			t.Errorf("%s v%d: the exported file names show_if", q.Key, q.Version)
		}
	}
}

func TestRespondentViewCarriesConditions(t *testing.T) {
	v := loadConditional(t).RespondentView()
	if got := v.Sections[1].ShowIf; got == nil || got.Question != "has_team" || !slices.Equal(got.Equals, []string{"yes"}) {
		t.Errorf("section team's condition: got %+v", got)
	}
	if got := v.Sections[0].Questions[3].ShowIf; got == nil || got.Question != "model" {
		t.Errorf("handback's condition: got %+v", got)
	}
	if v.Sections[0].ShowIf != nil || v.Sections[0].Questions[0].ShowIf != nil {
		t.Error("an unconditional section or question carries a condition")
	}
	data, _ := json.Marshal(v.Sections[0].Questions[0])
	if strings.Contains(string(data), "show_if") {
		t.Errorf("an unconditional question's JSON names show_if: %s", data)
	}
}

func TestShownWhen(t *testing.T) {
	q := loadConditional(t)
	for key, want := range map[string]string{
		"has_team":   "",
		"handback":   "asked only when “Which model do you propose?” is answered “We take over IT”",
		"escalation": "asked only when “Does the client keep an internal IT team?” is answered “Yes”",
	} {
		if got := q.ShownWhen(key); got != want {
			t.Errorf("%s: got %q, want %q", key, got, want)
		}
	}
}

func TestCompareConditions(t *testing.T) {
	a := loadConditional(t)
	b, err := Parse("b.yaml", []byte(strings.NewReplacer(
		`show_if: {question: model, equals: [replace]}`, `show_if: {question: model, equals: [replace, advise]}`,
		`    show_if: {question: has_team, equals: ["yes"]}
    questions:`, `    questions:`,
	).Replace(conditionalYAML(t))))
	if err != nil {
		t.Fatal(err)
	}
	d := Compare(a, b)
	if len(d.Changed) != 1 || d.Changed[0].Key != "handback" ||
		!reflect.DeepEqual(d.Changed[0].Changes, []Change{{Field: "show_if",
			From: `{"question":"model","equals":["replace"]}`, To: `{"question":"model","equals":["replace","advise"]}`}}) {
		t.Errorf("question changes: got %+v", d.Changed)
	}
	if want := []Change{{Field: "sections.team.show_if", From: `{"question":"has_team","equals":["yes"]}`}}; !reflect.DeepEqual(d.Changes, want) {
		t.Errorf("questionnaire changes: got %+v, want %+v", d.Changes, want)
	}
}
