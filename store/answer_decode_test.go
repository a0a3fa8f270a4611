package store

import (
	"encoding/json"
	"reflect"
	"testing"

	"mspeval/questions"
)

// answerSamples are stored values: what json.Marshal writes for answers, and
// texts it never writes, which must still read as encoding/json reads them.
var answerSamples = []string{
	`{}`,
	`{"choice":"client_owns_all"}`,
	`{"choice":"client_owns_all","text":"Exit: we hand over admin credentials."}`,
	`{"choices":["a","b","c"],"text":"one"}`,
	`{"scale":3}`,
	`{"scale":-12}`,
	`{"scale":0}`,
	`{"choice":"x","choices":["y"],"scale":4,"text":"z"}`,
	`{"text":"line one\nline two \u003cb\u003e \u0026 \"quoted\" \\ \ud83d\ude00 \u2028"}`,
	`{"text":"Société Générale – “quoted” 北京"}`,
	`{"text":""}`,
	`{"choice":""}`,
	// Not what json.Marshal writes.
	`{"text":"a","choice":"b"}`,
	`{"Choice":"b"}`,
	`{"choice":"a","choice":"b"}`,
	`{ "choice": "a" }`,
	`{"choice":null}`,
	`{"choices":[]}`,
	`{"scale":3.0}`,
	`{"scale":03}`,
	`{"scale":1e2}`,
	`{"scale":99999999999999999999}`,
	`{"choice":"a",}`,
	`{"choice":"a"}x`,
	`{"text":"bad \x01 control"}`,
	"{\"text\":\"bad \xff utf-8\"}",
	`{"text":"bad \q escape"}`,
	`{"text":"lone \ud800 surrogate"}`,
	`{"other":1}`,
	`[]`,
	``,
}

func TestDecodeAnswerReadsAsEncodingJSON(t *testing.T) {
	for _, s := range answerSamples {
		checkDecodeAnswer(t, []byte(s))
	}
}

// TestDecodeAnswerTakesMarshalledAnswersItself pins that the fast path, not
// the fallback, reads what writeAnswers stores.
func TestDecodeAnswerTakesMarshalledAnswersItself(t *testing.T) {
	text, choice, scale := "We hand over <everything> & more,\n\"in writing\".", "a", 2
	for _, a := range []questions.Answer{
		{Choice: &choice, Text: &text}, {Choices: []string{"a", "b"}}, {Scale: &scale}, {Text: &text},
	} {
		data, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		got, ok := decodeMarshalledAnswer(data)
		if !ok {
			t.Fatalf("%s: not read by the fast path", data)
		}
		if !reflect.DeepEqual(got, a) {
			t.Errorf("%s: got %s, want %s", data, show(got), show(a))
		}
	}
}

func FuzzDecodeAnswer(f *testing.F) {
	for _, s := range answerSamples {
		f.Add([]byte(s))
	}
	f.Fuzz(checkDecodeAnswer)
}

func checkDecodeAnswer(t *testing.T, data []byte) {
	var want questions.Answer
	wantErr := json.Unmarshal(data, &want)
	got, err := decodeAnswer(data)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, encoding/json's %v", data, err, wantErr)
	}
	if err != nil {
		return
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%q: got %s, encoding/json reads %s", data, show(got), show(want))
	}
}

// show prints an answer with its pointers followed.
func show(a questions.Answer) string {
	b, _ := json.Marshal(a)
	return string(b)
}
