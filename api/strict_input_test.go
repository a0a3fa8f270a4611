package api_test

import (
	"net/http"
	"testing"

	"mspeval/store"
	"mspeval/store/storetest"
)

// The body is read as written: keys match case-sensitively, a key given twice
// is refused rather than last-one-wins, and nothing may follow the object.
// Nothing a refused request carried is stored.
func TestStrictJSONBodies(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	cand := "/api/v1/candidates/" + f.ids["candA"]
	newCand := "/api/v1/evaluations/" + f.ids["evA"] + "/candidates"
	for _, tc := range []struct {
		name, method, path, raw string
		want                    int
		field                   string
	}{
		{"CapitalisedKeyIsUnknown", "PATCH", cand, `{"Name": "Renamed IT"}`, 400, "Name"},
		{"CapitalisedAnswersIsUnknown", "PUT", cand + "/answers", `{"Answers": {}}`, 400, "Answers"},
		{"CapitalisedAnswerPartIsUnknown", "PUT", cand + "/answers", `{"answers": {"exit_handover": {"Choice": "x"}}}`, 400, "answers.exit_handover.Choice"},
		{"DuplicateKeyIsRefused", "PATCH", cand, `{"name": "a", "name": "b"}`, 400, "name"},
		{"DuplicateKeyInAnAnswerIsRefused", "PUT", cand + "/answers", `{"answers": {"exit_handover": {"choice": "a", "choice": "b"}}}`, 400, "answers.exit_handover.choice"},
		{"DuplicateQuestionIsRefused", "PUT", cand + "/answers", `{"answers": {"exit_handover": {}, "exit_handover": {}}}`, 400, "answers.exit_handover"},
		{"UnknownFieldIsRefused", "PATCH", cand, `{"nmae": "x"}`, 400, "nmae"},
		{"TrailingDataIsRefused", "PATCH", cand, `{"name": "a"} {"name": "b"}`, 400, ""},
		{"TrailingGarbageIsRefused", "PATCH", cand, `{"name": "a"} x`, 400, ""},
		{"WrongTypeNamesTheField", "POST", newCand, `{"name": 5}`, 400, "name"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.e.do(request{Method: tc.method, Path: tc.path, As: "ownerA", Raw: tc.raw, Malformed: true})
			if r.Status != tc.want {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.want, r.Body)
			}
			p := r.problem(t)
			if tc.field != "" && !hasField(p.Errors, tc.field) {
				t.Errorf("field errors: got %+v, want one naming %q", p.Errors, tc.field)
			}
		})
	}
	t.Run("WrongTypeKeepsItsMessage", func(t *testing.T) {
		p := f.e.must(400, request{Method: "POST", Path: newCand, As: "ownerA", Raw: `{"name": 5}`, Malformed: true}).problem(t)
		if len(p.Errors) != 1 || p.Errors[0].Message != "must be a string, not number" {
			t.Errorf("got %+v, want name: must be a string, not number", p.Errors)
		}
	})
	unchanged("/api/v1/candidates/{candA}", "name", "MSP A")(t, f, response{})
}

// The body's media type is parsed: application/json in any case and with
// parameters is read; anything else, or a body without a type, gets 415.
func TestContentTypeIsAMediaType(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	path := "/api/v1/evaluations/" + f.ids["evA"] + "/candidates"
	for _, tc := range []struct {
		name, ct string
		want     int
	}{
		{"PlainJSONIsRead", "application/json", 201},
		{"CharsetParameterIsRead", "application/json; charset=utf-8", 201},
		{"UpperCaseIsRead", "APPLICATION/JSON", 201},
		{"MixedCaseWithParameterIsRead", "Application/Json ;Charset=UTF-8", 201},
		{"LookalikeIsRefused", "application/jsonx", 415},
		{"SuffixIsRefused", "application/json-seq", 415},
		{"FormIsRefused", "application/x-www-form-urlencoded", 415},
		{"TextIsRefused", "text/plain", 415},
		{"MissingTypeIsRefused", "", 415},
		{"UnparsableTypeIsRefused", "application/json; charset", 415},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{"Content-Type": {tc.ct}}
			if tc.ct == "" {
				h = http.Header{"Content-Type": nil}
			}
			r := f.e.do(request{Method: "POST", Path: path, As: "ownerA", Raw: `{"name": "Typed IT"}`, Header: h, Malformed: true})
			if r.Status != tc.want {
				t.Fatalf("got %d, want %d: %s", r.Status, tc.want, r.Body)
			}
			if tc.want == 415 {
				if p := r.problem(t); p.Status != 415 || p.Code != "unsupported_media_type" {
					t.Errorf("problem: got %d %s, want 415 unsupported_media_type", p.Status, p.Code)
				}
			}
		})
	}
	count("/api/v1/evaluations/{evA}/candidates", 5)(t, f, response{})
}

// What-if weights the engine cannot use are refused at the edge with 422
// naming the parameter, on every route that takes them.
func TestWhatIfWeightsMustBeNumbersInRange(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	for _, v := range []string{"NaN", "Inf", "-Inf", "-5", "1e309", "100000", "0x10"} {
		for _, path := range []string{"/api/v1/evaluations/{evA}/comparison", "/api/v1/candidates/{candA}/score", "/api/v1/evaluations/{evA}/summary.csv"} {
			t.Run(v+path, func(t *testing.T) {
				r := f.e.do(request{Method: "GET", Path: f.path(path) + "?fit=" + v, As: "viewerA", Malformed: true})
				if r.Status != 422 {
					t.Fatalf("got %d, want 422: %.300s", r.Status, r.Body)
				}
				if p := r.problem(t); !hasField(p.Errors, "fit") {
					t.Errorf("field errors: got %+v, want one naming fit", p.Errors)
				}
			})
		}
	}
}
