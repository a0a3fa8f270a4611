package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/demo"
	"mspeval/store"
	"mspeval/store/storetest"
)

// The benchmarks go through the whole HTTP stack (client, server, gin, store,
// SQLite on disk in WAL mode) without the OpenAPI validation the tests add.

func benchCall(b *testing.B, client *http.Client, method, url string, body []byte, want int) {
	req, _ := http.NewRequest(method, url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != want {
		b.Fatalf("%s %s: got %d, want %d", method, url, resp.StatusCode, want)
	}
}

// BenchmarkRespondentAutosave is one autosave: a PUT of one 600-character
// answer through a respondent's link.
func BenchmarkRespondentAutosave(b *testing.B) {
	f := newFixture(b, storetest.DSN(b, store.SQLite))
	_, secret, err := f.e.store.CreateInvitation(context.Background(), ownerOf(b, f), f.ids["candA"], nil)
	if err != nil {
		b.Fatal(err)
	}
	url := f.e.srv.URL + "/api/v1/respond/" + secret + "/answers"
	text := strings.Repeat("We keep your runbooks current. ", 20)
	client := f.e.srv.Client()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		body, _ := json.Marshal(map[string]any{"answers": map[string]any{
			"role_alongside_internal_it": map[string]any{"choice": nil, "text": fmt.Sprintf("%s %d", text, i)},
		}})
		benchCall(b, client, "PUT", url, body, 200)
	}
}

// BenchmarkRespondentAutosaveParallel is many respondents saving at once, each
// through its own link: SQLite's single writer serialises them.
func BenchmarkRespondentAutosaveParallel(b *testing.B) {
	f := newFixture(b, storetest.DSN(b, store.SQLite))
	owner := ownerOf(b, f)
	const links = 16
	urls := make(chan string, links)
	for i := 0; i < links; i++ {
		urls <- f.e.srv.URL + "/api/v1/respond/" + newLink(b, f, owner, i) + "/answers"
	}
	client := f.e.srv.Client()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		url := <-urls
		body := []byte(`{"answers":{"role_alongside_internal_it":{"text":"We add depth where your team is stretched."}}}`)
		for pb.Next() {
			benchCall(b, client, "PUT", url, body, 200)
		}
	})
}

// BenchmarkRespondentSubmit is one submission of a complete response, with the
// check of every required question.
func BenchmarkRespondentSubmit(b *testing.B) {
	f := newFixture(b, storetest.DSN(b, store.SQLite))
	owner := ownerOf(b, f)
	answers := fullAnswers(b, f.e.store)
	urls := make([]string, b.N)
	for i := range urls {
		secret := newLink(b, f, owner, i)
		if _, err := f.e.store.RespondentSave(context.Background(), secret, answers); err != nil {
			b.Fatal(err)
		}
		urls[i] = f.e.srv.URL + "/api/v1/respond/" + secret + "/submit"
	}
	client := f.e.srv.Client()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		benchCall(b, client, "POST", urls[i], nil, 200)
	}
}

func ownerOf(b testing.TB, f *fixture) mspeval.Caller {
	var me struct {
		User      mspeval.User
		Workspace mspeval.Workspace
	}
	f.e.must(200, request{Method: "GET", Path: "/api/v1/me", As: "ownerA"}).decode(b, &me)
	return mspeval.Caller{UserID: me.User.ID, WorkspaceID: me.Workspace.ID, Role: mspeval.RoleOwner}
}

// newLink adds a candidate to evaluation A and returns the secret of its link.
func newLink(b *testing.B, f *fixture, owner mspeval.Caller, i int) string {
	c, err := f.e.store.CreateCandidate(context.Background(), owner, f.ids["evA"], store.CandidateInput{Name: fmt.Sprintf("MSP %d", i)})
	if err != nil {
		b.Fatal(err)
	}
	_, secret, err := f.e.store.CreateInvitation(context.Background(), owner, c.ID, nil)
	if err != nil {
		b.Fatal(err)
	}
	return secret
}

// BenchmarkComparisonRoute is GET /evaluations/{id}/comparison on the demo
// evaluation, through the whole HTTP stack on SQLite, what-if weights changing
// on every call as a weight slider would change them.
func BenchmarkComparisonRoute(b *testing.B) {
	e := newEnv(b, storetest.DSN(b, store.SQLite))
	res, err := demo.Load(context.Background(), e.store, time.Now())
	if err != nil {
		b.Fatal(err)
	}
	r := e.must(201, request{Method: "POST", Path: "/api/v1/session", Body: map[string]string{"email": demo.Email, "password": demo.Password}})
	var cookie string
	for _, ck := range r.cookies() {
		cookie = ck.Name + "=" + ck.Value
	}
	client := e.srv.Client()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		url := fmt.Sprintf("%s/api/v1/evaluations/%s/comparison?fit=%d&flexibility=30&dependency_risk=30", e.srv.URL, res.EvaluationID, 10+i%80)
		req, _ := http.NewRequest("GET", url, nil)
		req.Header.Set("Cookie", cookie)
		resp, err := client.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != 200 {
			b.Fatalf("comparison: got %d", resp.StatusCode)
		}
	}
}
