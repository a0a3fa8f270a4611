package questions_test

import (
	"encoding/json"
	"io/fs"
	"strings"
	"testing"

	"mspeval/questions"
)

// FuzzParse feeds the questionnaire loader arbitrary files, seeded with the
// built-in ones. It must answer a questionnaire or a LoadError naming the
// problems, never panic; a questionnaire it accepts must work: its respondent
// view, progress and results are computed without a panic.
func FuzzParse(f *testing.F) {
	for _, name := range builtinFiles(f) {
		f.Add(readBuiltin(f, name))
	}
	f.Add([]byte("key: x\nversion: 1\n"))
	f.Add([]byte("{}"))
	f.Add([]byte("key: [\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		q, err := questions.Parse("fuzz.yaml", data)
		if err != nil {
			if !questions.IsLoadError(err) {
				t.Fatalf("not a LoadError: %T %v", err, err)
			}
			return
		}
		_ = q.RespondentView()
		q.Progress(map[string]questions.Answer{})
		q.RespondentResult(questions.ResultScores{Dimensions: map[string]*float64{}})
	})
}

// FuzzAnswerCheck reads arbitrary JSON as answers to every question of the
// built-in questionnaires and checks them: a problem list or nothing, never
// a panic, and an answer with no problems survives a JSON round trip.
func FuzzAnswerCheck(f *testing.F) {
	for _, seed := range []string{
		`{"choice": "yes"}`, `{"choices": ["a", "b"]}`, `{"scale": 3}`, `{"text": "We name an owner."}`,
		`{"choice": "x", "text": "y"}`, `{"scale": -1}`, `{"choices": []}`, `{"text": "\u0000"}`, `{}`,
	} {
		f.Add([]byte(seed))
	}
	c, err := questions.Builtin()
	if err != nil {
		f.Fatal(err)
	}
	var all []*questions.Question
	for _, q := range c.All() {
		all = append(all, q.Questions()...)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var a questions.Answer
		if json.Unmarshal(data, &a) != nil {
			return
		}
		for _, qq := range all {
			if len(qq.Check(a)) > 0 {
				continue
			}
			b, err := json.Marshal(a)
			if err != nil {
				t.Fatalf("an accepted answer does not encode: %v", err)
			}
			var again questions.Answer
			if err := json.Unmarshal(b, &again); err != nil || len(qq.Check(again)) > 0 {
				t.Fatalf("an accepted answer to %s changes in a round trip: %s", qq.Key, b)
			}
		}
	})
}

func builtinFiles(f *testing.F) []string {
	names, err := fs.Glob(questions.BuiltinFS(), "builtin/*.yaml")
	if err != nil || len(names) == 0 {
		f.Fatalf("built-in files: %v", err)
	}
	return names
}

func readBuiltin(f *testing.F, name string) []byte {
	b, err := fs.ReadFile(questions.BuiltinFS(), name)
	if err != nil || !strings.HasSuffix(name, ".yaml") {
		f.Fatal(err)
	}
	return b
}
