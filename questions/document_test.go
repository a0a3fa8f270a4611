package questions

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// The built-ins are published: loading them through the new decoder must give
// the very checksums recorded in every database that ever started.
func TestBuiltinChecksumsDoNotChange(t *testing.T) {
	want := map[string]string{
		"co-managed-readiness/1": "fc0639060d9335e2070b3c7b2feb9f40006b75c1d95f0944ccf1eaa6267dd32c",
		"partner-selection/1":    "e06e5032780c1dc3ba9a53b92be8e0b9a4df2a64627c3b374058d8998fa8ad82",
		"partner-selection/2":    "775e82caee754d9753331dd5f501db94bed50bba891496e14acd76fe1cf272af",
	}
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range c.All() {
		id := q.Key + "/" + string(rune('0'+q.Version))
		if q.Checksum != want[id] {
			t.Errorf("%s: checksum got %s, want %s", id, q.Checksum, want[id])
		}
	}
}

// jsonOf is a questionnaire's API form without its checksum: what two
// questionnaires must share to be the same questionnaire.
func jsonOf(t *testing.T, q *Questionnaire) string {
	t.Helper()
	cp := *q
	cp.Checksum = ""
	b, err := json.Marshal(&cp)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestEncodeRoundTrip(t *testing.T) {
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range c.All() {
		t.Run(q.Key+"-v"+string(rune('0'+q.Version)), func(t *testing.T) {
			t.Run("YAMLReadsBackTheSameQuestionnaire", func(t *testing.T) {
				data, err := Encode(q)
				if err != nil {
					t.Fatal(err)
				}
				back, err := Parse("encoded.yaml", data)
				if err != nil {
					t.Fatalf("the encoded built-in does not load: %v", err)
				}
				if got, want := jsonOf(t, back), jsonOf(t, q); got != want {
					t.Errorf("the encoded built-in reads back otherwise:\n got %.400s\nwant %.400s", got, want)
				}
			})
			t.Run("APIFormReadsBackTheSameQuestionnaire", func(t *testing.T) {
				data, err := json.Marshal(q) // checksum included, as GET gives it
				if err != nil {
					t.Fatal(err)
				}
				back, problems := Decode(data, FormatJSON)
				if len(problems) > 0 {
					t.Fatalf("the API form does not decode: %v", problems)
				}
				if p := back.Validate(); len(p) > 0 {
					t.Fatalf("the API form does not validate: %v", p)
				}
				if got, want := jsonOf(t, back), jsonOf(t, q); got != want {
					t.Errorf("the API form reads back otherwise:\n got %.400s\nwant %.400s", got, want)
				}
			})
		})
	}
}

func TestEncodeLeavesOutEmptyFieldsButKeepsZeroScores(t *testing.T) {
	q, err := Parse("tiny.yaml", []byte(valid))
	if err != nil {
		t.Fatal(err)
	}
	data, err := Encode(q)
	if err != nil {
		t.Fatal(err)
	}
	out := string(data)
	for _, absent := range []string{"help:", "knockout:", "null", "exclusive:", "''"} {
		if strings.Contains(out, absent) {
			t.Errorf("the encoded file holds %q:\n%s", absent, out)
		}
	}
	if !strings.Contains(out, "score: 0") {
		t.Errorf("the zero score is gone:\n%s", out)
	}
}

// TestEveryProblemIsNamedAtItsField pins the collecting loader: structure
// and rules are checked in one pass, each problem at its field, and a field
// whose structure is wrong is not reported again by the rules.
func TestEveryProblemIsNamedAtItsField(t *testing.T) {
	broken := strings.NewReplacer(
		"required: true\n        text:", "required: true\n        hint: x\n        text:", // unknown field
		"score: 4,", "score: high,", // a word for a number
		"{key: replace, label: We replace, score: 0}", "{key: replace, label: We replace, score: 7}",
		"{dimension: dependency_risk, weight: 1}", "{dimension: dependency_risk, weight: 0}",
	).Replace(valid)
	_, err := Parse("broken.yaml", []byte(broken))
	le, ok := err.(*LoadError)
	if !ok {
		t.Fatalf("got %v, want a *LoadError", err)
	}
	want := map[string]string{
		"sections[0].questions[0].hint":                 `question "role": field hint not found`,
		"sections[0].questions[0].options[0].score":     `question "role": options[0].score: "high" is not a whole number`,
		"sections[0].questions[0].options[1].score":     `question "role": option "replace": score 7 is outside 0..4`,
		"sections[0].questions[1].dimensions[0].weight": `question "notes": weight for dimension "dependency_risk" must be positive`,
	}
	got := map[string]string{}
	for _, p := range le.Problems {
		if _, dup := got[p.Field]; dup {
			t.Errorf("field %s is reported twice: %v", p.Field, le.Problems)
		}
		got[p.Field] = p.Message
	}
	for field, msg := range want {
		if !strings.HasPrefix(got[field], msg) {
			t.Errorf("%s: got %q, want it to start with %q", field, got[field], msg)
		}
	}
	if len(got) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(got), len(want), le.Problems)
	}
}

func TestDecodeJSON(t *testing.T) {
	for _, tc := range []struct {
		name, doc, field, msg string
	}{
		{"AnchorsByStringKeyAreRead", `{"guidance": {"anchors": {"0": "a"}}}`, "", ""},
		{"UnknownField", `{"titel": "x"}`, "titel", "field titel not found"},
		{"WrongShape", `{"sections": {"key": "a"}}`, "sections", "must be a list"},
		{"DuplicateField", `{"title": "a", "title": "b"}`, "title", "is given twice"},
		{"FractionalWholeNumber", `{"version": 1.5}`, "version", `"1.5" is not a whole number`},
		{"BadAnchorKey", `{"guidance": {"anchors": {"top": "a"}}}`, "guidance.anchors.top", "is not a valid key"},
		{"TrailingData", `{} {}`, "", "cannot read"},
		{"NotJSON", `key: yaml`, "", "cannot read"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := tc.doc
			if strings.Contains(doc, "guidance") {
				doc = `{"sections": [{"questions": [` + doc + `]}]}`
				if tc.field != "" {
					tc.field = "sections[0].questions[0]." + tc.field
				}
			}
			_, problems := Decode([]byte(doc), FormatJSON)
			if tc.msg == "" {
				if len(problems) > 0 {
					t.Errorf("got %v, want no problems", problems)
				}
				return
			}
			if len(problems) != 1 || problems[0].Field != tc.field || !strings.Contains(problems[0].Message, tc.msg) {
				t.Errorf("got %+v, want one problem at %q saying %q", problems, tc.field, tc.msg)
			}
		})
	}
}

func TestAliasesCannotBlowUpTheWalk(t *testing.T) {
	doc := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, n := range []string{"b", "c", "d", "e", "f", "g", "h"} {
		doc += n + ": &" + n + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = n
	}
	doc += "sections: [{questions: [{guidance: {red_flags: *h}}]}]\n"
	_, problems := Decode([]byte(doc), FormatYAML)
	if len(problems) == 0 {
		t.Fatal("a billion-laughs document was accepted")
	}
}

func TestWorkspaceKeys(t *testing.T) {
	const ws = "01hzy7m3k9q5r8t2v4w6x8y0za"
	key := WorkspaceKey(ws, "partner-selection")
	if len(key) > 64 || !questionnaireKeyPattern.MatchString(key) {
		t.Errorf("namespaced key %q is not a valid questionnaire key", key)
	}
	if got := LocalKey(key); got != "partner-selection" {
		t.Errorf("LocalKey: got %q", got)
	}
	if got, ok := KeyWorkspace(key); !ok || got != ws {
		t.Errorf("KeyWorkspace: got %q %v", got, ok)
	}
	if _, ok := KeyWorkspace("partner-selection"); ok {
		t.Error("a built-in's key has a workspace")
	}
	longest := strings.Repeat("a", MaxLocalKeyLength)
	if msg := CheckLocalKey(longest); msg != "" || len(WorkspaceKey(ws, longest)) != 64 {
		t.Errorf("the longest local key: %s", msg)
	}
	for _, bad := range []string{longest + "a", "ws-mine", "Caps", "", "1st"} {
		if CheckLocalKey(bad) == "" {
			t.Errorf("local key %q accepted", bad)
		}
	}
}

// The API's JSON form and the file's YAML form must name every field alike:
// Encode goes through JSON, and a document read from the API is sent back as
// JSON to be checked by the file's rules.
func TestJSONAndYAMLNamesAgree(t *testing.T) {
	seen := map[reflect.Type]bool{}
	var visit func(t reflect.Type)
	visit = func(typ reflect.Type) {
		for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice || typ.Kind() == reflect.Map {
			typ = typ.Elem()
		}
		if typ.Kind() != reflect.Struct || seen[typ] {
			return
		}
		seen[typ] = true
		for i := 0; i < typ.NumField(); i++ {
			f := typ.Field(i)
			if !f.IsExported() {
				continue
			}
			y, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			j, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if y != "-" && y != j {
				t.Errorf("%s.%s: yaml name %q, json name %q", typ.Name(), f.Name, y, j)
			}
			visit(f.Type)
		}
	}
	visit(reflect.TypeOf(Questionnaire{}))
	if len(seen) < 10 {
		t.Errorf("only %d types visited", len(seen))
	}
}
