package frontend_test

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/demo"
)

// Without a browser: every page answers over real HTTP with the security
// headers, and the forms work as plain posts (as they do with JavaScript off).

func client(t *testing.T) *http.Client {
	jar, _ := cookiejar.New(nil)
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return nil }}
}

func get(t *testing.T, c *http.Client, u string) (int, string, http.Header) {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b), resp.Header
}

func post(t *testing.T, c *http.Client, u string, form url.Values, header http.Header) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("POST", u, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range header {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestPagesOverHTTP(t *testing.T) {
	s := newSite(t)
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, body, _ := get(t, c, s.url+"/evaluations"); code != 200 || !strings.Contains(body, "Sign in to mspeval") {
		t.Fatalf("signed out, /evaluations: got %d, want the sign-in page", code)
	}
	if code, body := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {"wrong password"}}, nil); code != 401 || !strings.Contains(body, "wrong") {
		t.Errorf("a wrong password: got %d", code)
	}
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}, "next": {"//evil.example/"}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	cands, _, _ := s.store.ListCandidates(context.Background(), res.Caller, res.EvaluationID, mspeval.Page{})
	for _, p := range []string{"/evaluations", "/evaluations/" + res.EvaluationID, "/evaluations/" + res.EvaluationID + "/compare?fit=100",
		"/candidates/" + cands[0].ID + "/review", "/candidates/" + cands[2].ID + "/answers", "/questionnaires/partner-selection", "/settings"} {
		code, body, h := get(t, c, s.url+p)
		if code != 200 {
			t.Errorf("%s: got %d", p, code)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", p, csp)
		}
		if strings.Contains(body, "<script>") || strings.Contains(body, " style=") {
			t.Errorf("%s: inline script or style in the page", p)
		}
	}
	// A cross-site form post is refused, a same-site one goes through.
	form := url.Values{"name": {"Forged IT"}}
	if code, _ := post(t, c, s.url+"/evaluations/"+res.EvaluationID+"/candidates", form, http.Header{"Sec-Fetch-Site": {"cross-site"}}); code != 403 {
		t.Errorf("a cross-site post: got %d, want 403", code)
	}
	if code, _ := post(t, c, s.url+"/evaluations/"+res.EvaluationID+"/candidates", url.Values{"name": {""}}, nil); code != 422 {
		t.Errorf("a candidate without a name: got %d, want 422", code)
	}

	// The respondent's form by plain posts: a save keeps what was typed, a bad
	// answer comes back with the text intact, then review and submit.
	r := client(t)
	link := s.url + "/r/" + res.DraftLink
	if code, body, _ := get(t, r, link); code != 200 || strings.Contains(body, "listen_for") || strings.Contains(body, "Listen for") {
		t.Fatalf("the respondent's form: got %d (or evaluator guidance in it)", code)
	}
	long := strings.Repeat("x", 10001)
	before, _ := s.store.RespondentForm(context.Background(), res.DraftLink)
	code, body := post(t, r, link, url.Values{"a.handover_example.present": {"1"}, "a.handover_example.text": {long},
		"a.reference_client.present": {"1"}, "a.reference_client.text": {"Typed and kept."}}, nil)
	if code != 422 || !strings.Contains(body, "Typed and kept.") {
		t.Errorf("an over-long answer: got %d, want 422 with the other text kept", code)
	}
	// A partial form saves what it carries and leaves every other answer alone.
	if code, _ := post(t, r, link, url.Values{"a.reference_client.present": {"1"}, "a.reference_client.text": {"Saved alone."}}, nil); code != 200 {
		t.Errorf("a partial save: got %d", code)
	}
	after, _ := s.store.RespondentForm(context.Background(), res.DraftLink)
	if got := after.Answers["reference_client"]; got.Text == nil || *got.Text != "Saved alone." {
		t.Errorf("the partial save: got %+v", got)
	}
	if len(after.Answers) != len(before.Answers)+1 {
		t.Errorf("a partial form changed other answers: %d answers before, %d after", len(before.Answers), len(after.Answers))
	}
	if code, _ := post(t, r, link+"/submit", nil, nil); code != 200 {
		t.Errorf("review after submit: got %d", code)
	}
	if code, _, _ := get(t, r, s.url+"/r/msr_unknown"); code != 404 {
		t.Errorf("an unknown link: got %d, want 404", code)
	}
}
