package api

import (
	"bytes"
	stdjson "encoding/json"
	"errors"
	"reflect"
	"testing"

	"mspeval"
)

// FuzzUnmarshalStrict feeds the body decoder arbitrary bytes. Whatever comes
// in, the answer is a value or a 400 (malformed) error: never a panic, never
// an error that would be a 500. A body it accepts is one encoding/json reads
// the same way, so strictness only ever refuses, it never reads differently.
func FuzzUnmarshalStrict(f *testing.F) {
	for _, seed := range []string{
		`{"name": "Acme IT"}`,
		`{"name": "a", "name": "b"}`,
		`{"Name": "a"}`,
		`{"name": "a"} {"name": "b"}`,
		`{"name": 5}`,
		`{"name": "a", "notes": null}`,
		`{"answers": {"exit_handover": {"choice": "x", "text": "y"}, "q2": null}}`,
		`{"answers": {"q": {"scale": 1.5}}}`,
		`{"answers": {"q": {"choices": ["a", "a"]}, "q": {}}}`,
		`{"expires_at": "2027-01-31T17:00:00Z"}`,
		`{"expires_at": "tomorrow"}`,
		`{"due_date": null, "reminder_days": [7, 3], "weights": {"fit": 1e3}}`,
		`{"name": "\u202eTI"}`,
		`[1, 2]`, `null`, `"x"`, `{`, `{"a":`, `{"name": "\ud800"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		check := func(dst, again any) {
			err := unmarshalStrict(body, dst)
			if err != nil {
				var e *mspeval.Error
				if !errors.As(err, &e) || mspeval.Status(err) != 400 {
					t.Fatalf("%s: got %v (status %d), want a 400", body, err, mspeval.Status(err))
				}
				return
			}
			if err := stdjson.NewDecoder(bytes.NewReader(body)).Decode(again); err != nil {
				t.Fatalf("%s: accepted strictly but encoding/json refuses it: %v", body, err)
			}
			if !reflect.DeepEqual(dst, again) {
				t.Fatalf("%s: read as %+v strictly but %+v by encoding/json", body, dst, again)
			}
		}
		check(new(createCandidateRequest), new(createCandidateRequest))
		check(new(updateEvaluationRequest), new(updateEvaluationRequest))
		check(new(answersRequest), new(answersRequest))
		check(new(createInvitationRequest), new(createInvitationRequest))
	})
}
