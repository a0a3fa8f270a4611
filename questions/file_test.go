package questions

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// withFile is the tiny questionnaire with a file question appended to its
// section; settings is the question's file block ("" for none).
func withFile(settings string) string {
	q := `
      - key: exit_plan
        prompt: Attach your exit plan.
        type: file
        required: true` + settings + `
        dimensions: [{dimension: dependency_risk, weight: 2}]
        guidance:
          listen_for: A plan the client owns.
          red_flags: []
          anchors: {0: a, 1: b, 2: c, 3: d, 4: e}
signals:`
	return strings.Replace(valid, "\nsignals:", q, 1)
}

func TestFileQuestionLoads(t *testing.T) {
	t.Run("DefaultsApplyWithoutSettings", func(t *testing.T) {
		q, err := Parse("f.yaml", []byte(withFile("")))
		if err != nil {
			t.Fatal(err)
		}
		qq, _ := q.Question("exit_plan")
		if got := qq.MaxFileBytes(); got != DefaultMaxFileBytes {
			t.Errorf("max bytes: got %d, want %d", got, DefaultMaxFileBytes)
		}
		if got := qq.AcceptedKinds(); !reflect.DeepEqual(got, FileKinds()) {
			t.Errorf("accepted: got %v, want every kind", got)
		}
	})
	t.Run("SettingsNarrowTheKindsAndTheSize", func(t *testing.T) {
		q, err := Parse("f.yaml", []byte(withFile("\n        file: {max_bytes: 2097152, accept: [docx, pdf]}")))
		if err != nil {
			t.Fatal(err)
		}
		qq, _ := q.Question("exit_plan")
		if got := qq.MaxFileBytes(); got != 2<<20 {
			t.Errorf("max bytes: got %d, want %d", got, 2<<20)
		}
		// Listed in the one order people read, whatever the file's order.
		if got, want := qq.AcceptedKinds(), []FileKind{FilePDF, FileDOCX}; !reflect.DeepEqual(got, want) {
			t.Errorf("accepted: got %v, want %v", got, want)
		}
		if qq.Accepts(FilePNG) || !qq.Accepts(FileDOCX) {
			t.Errorf("accepts: png %v, docx %v; want false, true", qq.Accepts(FilePNG), qq.Accepts(FileDOCX))
		}
		v := q.RespondentView()
		rq := v.Sections[0].Questions[2]
		if rq.File == nil || rq.File.MaxBytes != 2<<20 || !reflect.DeepEqual(rq.File.Accept, []FileKind{FilePDF, FileDOCX}) {
			t.Errorf("the respondent's view: got %+v", rq.File)
		}
		if v.Sections[0].Questions[0].File != nil {
			t.Errorf("a choice question's view carries file limits: %+v", v.Sections[0].Questions[0].File)
		}
	})
}

func TestFileQuestionProblemsAreNamedAtTheirFields(t *testing.T) {
	at := "sections[0].questions[2]."
	for _, tc := range []struct {
		name, doc string
		want      map[string]string // field -> part of the message
	}{
		{"TooLarge", withFile("\n        file: {max_bytes: 104857600}"),
			map[string]string{at + "file.max_bytes": "the most a question may take is 26214400 (25 MB)"}},
		{"Negative", withFile("\n        file: {max_bytes: -1}"),
			map[string]string{at + "file.max_bytes": "must be positive"}},
		{"UnknownKindAndTwice", withFile("\n        file: {accept: [pdf, exe, pdf]}"),
			map[string]string{at + "file.accept[1]": `"exe" is not one of`, at + "file.accept[2]": `"pdf" is listed twice`}},
		{"OptionsOnAFileQuestion", withFile("\n        options: [{key: a, label: A, score: 1}, {key: b, label: B, score: 2}]"),
			map[string]string{at + "type": "a file question takes no options"}},
		{"FileSettingsOnAChoice", strings.Replace(valid, "text: {label: Why, required: true}", "text: {label: Why, required: true}\n        file: {max_bytes: 10}", 1),
			map[string]string{"sections[0].questions[0].file": "only a file question takes file settings"}},
		{"AWordForTheSize", withFile("\n        file: {max_bytes: ten}"),
			map[string]string{at + "file.max_bytes": "is not a whole number"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tc.doc))
			le, ok := err.(*LoadError)
			if !ok {
				t.Fatalf("got %v, want a load error", err)
			}
			got := map[string]string{}
			for _, p := range le.Problems {
				got[p.Field] = p.Message
			}
			for field, want := range tc.want {
				if !strings.Contains(got[field], want) {
					t.Errorf("at %s: got %q, want a message with %q (all: %+v)", field, got[field], want, le.Problems)
				}
			}
			if len(le.Problems) != len(tc.want) {
				t.Errorf("got %d problems, want %d: %+v", len(le.Problems), len(tc.want), le.Problems)
			}
		})
	}
}

func TestFileAnswers(t *testing.T) {
	q, err := Parse("f.yaml", []byte(withFile("")))
	if err != nil {
		t.Fatal(err)
	}
	qq, _ := q.Question("exit_plan")
	ref := &FileRef{Name: "exit-plan.pdf", Type: "application/pdf", Size: 1258291, SHA256: "ab"}
	t.Run("AnAttachedFileCompletesTheQuestion", func(t *testing.T) {
		if qq.Complete(Answer{}) || !qq.Complete(Answer{File: ref}) {
			t.Errorf("complete: without a file %v, with %v; want false, true", qq.Complete(Answer{}), qq.Complete(Answer{File: ref}))
		}
		if (Answer{File: ref}).IsEmpty() {
			t.Error("an answer with a file reads as empty")
		}
		if got := q.MissingRequired(map[string]Answer{"exit_plan": {File: ref}}); strings.Contains(strings.Join(got, " "), "exit_plan") {
			t.Errorf("missing: got %v with the file attached", got)
		}
	})
	t.Run("NobodyWritesAFileIntoAnAnswer", func(t *testing.T) {
		p := qq.Check(Answer{File: ref})
		if len(p) != 1 || p[0].Part != "file" {
			t.Errorf("got %+v, want one problem with the file part", p)
		}
		other, _ := q.Question("notes")
		if p := other.Check(Answer{File: ref}); len(p) != 1 || p[0].Part != "file" {
			t.Errorf("a text question: got %+v, want one problem with the file part", p)
		}
		choice := "x"
		if p := qq.Check(Answer{Choice: &choice}); len(p) != 1 || !strings.Contains(p[0].Message, "an uploaded file") {
			t.Errorf("a choice for a file question: got %+v", p)
		}
	})
	t.Run("DescribedByNameKindAndSize", func(t *testing.T) {
		if got, want := qq.Describe(Answer{File: ref}), "exit-plan.pdf (PDF, 1.2 MB)"; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func TestFormatBytes(t *testing.T) {
	for n, want := range map[int64]string{1: "1 byte", 850: "850 bytes", 1024: "1 KB", 12 << 10: "12 KB",
		1536: "1.5 KB", 1258291: "1.2 MB", 10 << 20: "10 MB", 25 << 20: "25 MB", 10<<20 - 1: "10 MB"} {
		if got := FormatBytes(n); got != want {
			t.Errorf("FormatBytes(%d): got %q, want %q", n, got, want)
		}
	}
}

func TestFileSettingsRoundTripAndCompare(t *testing.T) {
	a, err := Parse("a.yaml", []byte(withFile("")))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.yaml", []byte(withFile("\n        file: {max_bytes: 1048576, accept: [pdf]}")))
	if err != nil {
		t.Fatal(err)
	}
	t.Run("LeftOutWhereAbsent", func(t *testing.T) {
		text, err := Encode(a)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(text, []byte("file:")) || bytes.Contains(text, []byte("max_bytes")) {
			t.Errorf("a question without file settings is written with them:\n%s", text)
		}
	})
	t.Run("KeptWhereGiven", func(t *testing.T) {
		text, err := Encode(b)
		if err != nil {
			t.Fatal(err)
		}
		again, err := Parse("again.yaml", text)
		if err != nil {
			t.Fatal(err)
		}
		qq, _ := again.Question("exit_plan")
		if qq.File == nil || qq.File.MaxBytes != 1<<20 || !reflect.DeepEqual(qq.File.Accept, []FileKind{FilePDF}) {
			t.Errorf("read back: got %+v", qq.File)
		}
	})
	t.Run("ACompareNamesTheChange", func(t *testing.T) {
		d := Compare(a, b)
		if len(d.Changed) != 1 || d.Changed[0].Key != "exit_plan" {
			t.Fatalf("changed: got %+v", d.Changed)
		}
		c := d.Changed[0].Changes
		want, _ := json.Marshal(b.Sections[0].Questions[2].File)
		if len(c) != 1 || c[0].Field != "file" || c[0].From != "" || c[0].To != string(want) {
			t.Errorf("changes: got %+v, want file from nothing to %s", c, want)
		}
	})
}

func TestBuiltinsHaveNoFileQuestions(t *testing.T) {
	// Adding the file type must leave the built-ins as they were published:
	// same questions, same checksums (recorded in the database at start-up).
	c, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range c.All() {
		for _, qq := range q.Questions() {
			if qq.Type == TypeFile || qq.File != nil {
				t.Errorf("%s v%d: question %s is a file question", q.Key, q.Version, qq.Key)
			}
		}
		text, err := Encode(q)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(text, []byte("\n    file:")) || bytes.Contains(text, []byte("max_bytes")) {
			t.Errorf("%s v%d exports file settings it does not have", q.Key, q.Version)
		}
	}
}
