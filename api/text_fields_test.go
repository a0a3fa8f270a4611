package api_test

import (
	"testing"

	"mspeval/store"
	"mspeval/store/storetest"
)

// One-line fields refuse what would break a line, reorder what is shown or
// show nothing at all, with a field error naming the field; nothing is stored.
func TestOneLineFieldsRefuseHiddenCharacters(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	newCand := "/api/v1/evaluations/" + f.ids["evA"] + "/candidates"
	for _, tc := range []struct {
		name, method, path, field string
		body                      map[string]string
	}{
		{"LineFeedInACandidateName", "POST", newCand, "name", map[string]string{"name": "Acme\nIT"}},
		{"CarriageReturnInACandidateName", "POST", newCand, "name", map[string]string{"name": "Acme\rBcc: x"}},
		{"TabInACandidateName", "POST", newCand, "name", map[string]string{"name": "Acme\tIT"}},
		{"EscapeInACandidateName", "POST", newCand, "name", map[string]string{"name": "Acme \x1b[2J"}},
		{"RightToLeftOverrideInACandidateName", "POST", newCand, "name", map[string]string{"name": "Acme \u202eTI"}},
		{"IsolateInAContactName", "POST", newCand, "contact_name", map[string]string{"name": "Acme IT", "contact_name": "\u2067Jo"}},
		{"InvisibleOnlyCandidateName", "POST", newCand, "name", map[string]string{"name": "\u200b\u2060\u3164"}},
		{"BidiInAWebsite", "POST", newCand, "website", map[string]string{"name": "Acme IT", "website": "https://acme.example/\u202egpj.exe"}},
		{"LineFeedInARename", "PATCH", "/api/v1/candidates/" + f.ids["candA"], "name", map[string]string{"name": "MSP\nA"}},
		{"OverrideInAnEvaluationName", "PATCH", "/api/v1/evaluations/" + f.ids["evA"], "name", map[string]string{"name": "Partner \u202eA"}},
		{"InvisibleOnlyEvaluationName", "POST", "/api/v1/evaluations", "name", map[string]string{"name": "\u200b", "questionnaire_key": "partner-selection"}},
		{"EscapeInADescription", "PATCH", "/api/v1/evaluations/" + f.ids["evA"], "description", map[string]string{"description": "two\nlines are fine, \x1b[31m is not"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := f.e.do(request{Method: tc.method, Path: tc.path, As: "ownerA", Body: tc.body})
			if r.Status != 422 {
				t.Fatalf("got %d, want 422: %s", r.Status, r.Body)
			}
			if p := r.problem(t); !hasField(p.Errors, tc.field) {
				t.Errorf("field errors: got %+v, want one naming %s", p.Errors, tc.field)
			}
		})
	}
	t.Run("MultiLineDescriptionIsKept", func(t *testing.T) {
		f.e.must(200, request{Method: "PATCH", Path: "/api/v1/evaluations/" + f.ids["evA"], As: "ownerA",
			Body: map[string]string{"description": "Line one\nLine two\twith a tab"}})
	})
	count("/api/v1/evaluations/{evA}/candidates", 1)(t, f, response{})
	unchanged("/api/v1/candidates/{candA}", "name", "MSP A")(t, f, response{})
	unchanged("/api/v1/evaluations/{evA}", "name", "Partner A")(t, f, response{})
}
