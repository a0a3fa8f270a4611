package frontend

import "testing"

func TestSafeNextStaysOnThisSite(t *testing.T) {
	for in, want := range map[string]string{
		"/evaluations/abc?x=1#candidates": "/evaluations/abc?x=1#candidates",
		"/settings":                       "/settings",
		"//evil.example/":                 "/evaluations",
		"/\\evil.example":                 "/evaluations",
		"/\t/evil.example/":               "/evaluations",
		"/\n/evil.example/":               "/evaluations",
		"https://evil.example/":           "/evaluations",
		"evil.example":                    "/evaluations",
		"":                                "/evaluations",
		"/%2F%2Fevil.example":             "/evaluations",
	} {
		if got := safeNext(in); got != want {
			t.Errorf("safeNext(%q) = %q, want %q", in, got, want)
		}
	}
}
