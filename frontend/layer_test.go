package frontend_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"mspeval"
	"mspeval/demo"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestComparePageReadsTheScoringDataOnce counts the queries behind one view of
// the comparison page: the answers and ratings of the evaluation are read once.
func TestComparePageReadsTheScoringDataOnce(t *testing.T) {
	var mu sync.Mutex
	var reads []string
	counting := false
	s := newSiteWith(t, store.Options{OnQuery: func(sql string) {
		mu.Lock()
		defer mu.Unlock()
		if counting {
			reads = append(reads, sql)
		}
	}})
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	mu.Lock()
	counting = true
	mu.Unlock()
	code, body, _ := get(t, c, s.url+"/evaluations/"+res.EvaluationID+"/compare?fit=70")
	mu.Lock()
	counting = false
	got := append([]string(nil), reads...)
	mu.Unlock()
	if code != 200 || !strings.Contains(body, "data-ranking") {
		t.Fatalf("the comparison page: got %d", code)
	}
	for _, table := range []string{"answers", "ratings", "candidates"} {
		// gorm quotes the table it selects from; subqueries name theirs bare.
		from := regexp.MustCompile(`(?i)\bFROM\s+["` + "`" + `]` + table + `["` + "`" + `]`)
		n := 0
		for _, q := range got {
			if from.MatchString(q) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("the comparison page read %s %d times, want once; queries:\n%s", table, n, strings.Join(got, "\n"))
		}
	}
}

// TestAnOutageIsNotASignOut: when the database does not answer, a signed-in
// page is an error page (not the sign-in form) and a sign-in is not told its
// password is wrong.
func TestAnOutageIsNotASignOut(t *testing.T) {
	s := newSite(t)
	if _, err := demo.Load(context.Background(), s.store, time.Now()); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	s.store.Close()
	code, body, _ := get(t, c, s.url+"/evaluations")
	if code < 500 || strings.Contains(body, "Sign in to mspeval") {
		t.Errorf("a signed-in page during an outage: got %d (sign-in page: %v), want a 5xx error page", code, strings.Contains(body, "Sign in to mspeval"))
	}
	code, body = post(t, client(t), s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}}, nil)
	if code < 500 || strings.Contains(body, "password is wrong") {
		t.Errorf("a sign-in during an outage: got %d (blames the password: %v), want a 5xx error page", code, strings.Contains(body, "password is wrong"))
	}
}

// TestClosedEvaluationFormIsReadOnly: the respondent's link to a closed
// evaluation shows the saved answers read-only and says why.
func TestClosedEvaluationFormIsReadOnly(t *testing.T) {
	s := newSite(t)
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	closed := mspeval.EvaluationClosed
	if _, err := s.store.UpdateEvaluation(context.Background(), res.Caller, res.EvaluationID, store.EvaluationPatch{Status: &closed}); err != nil {
		t.Fatal(err)
	}
	code, body, _ := get(t, client(t), s.url+"/r/"+res.DraftLink)
	if code != 200 || !strings.Contains(body, "This evaluation is closed.") || strings.Contains(body, "respond.js") {
		t.Errorf("a closed evaluation's form: got %d (says closed: %v, autosave script: %v)", code,
			strings.Contains(body, "This evaluation is closed."), strings.Contains(body, "respond.js"))
	}
	if code, _ := post(t, client(t), s.url+"/r/"+res.DraftLink, url.Values{"a.reference_client.present": {"1"}, "a.reference_client.text": {"Late."}}, nil); code != 409 {
		t.Errorf("a save on a closed evaluation: got %d, want 409", code)
	}
}

// TestUnsubscribeAsksFirst: opening the email's unsubscribe link asks; only the
// post (the button, or a mail client's one-click post) unsubscribes.
func TestUnsubscribeAsksFirst(t *testing.T) {
	s := newSite(t)
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cands, _, _ := s.store.ListCandidates(context.Background(), res.Caller, res.EvaluationID, mspeval.Page{})
	_, secret, err := s.store.SendInvitation(context.Background(), res.Caller, cands[0].ID, store.InvitationOptions{Email: "sales@msp.example"})
	if err != nil {
		t.Fatal(err)
	}
	code, body, _ := get(t, client(t), s.url+"/r/"+secret+"/unsubscribe")
	if code != 200 || !strings.Contains(body, "Stop these emails?") {
		t.Fatalf("the unsubscribe page: got %d", code)
	}
	if _, _, err := s.store.SendInvitation(context.Background(), res.Caller, cands[0].ID, store.InvitationOptions{Email: "sales@msp.example"}); err != nil {
		t.Fatalf("opening the page unsubscribed the address: %v", err)
	}
	code, body = post(t, client(t), s.url+"/r/"+secret+"/unsubscribe", url.Values{"List-Unsubscribe": {"One-Click"}}, nil)
	if code != 200 || !strings.Contains(body, "no more email") {
		t.Fatalf("the one-click post: got %d", code)
	}
	if _, _, err := s.store.SendInvitation(context.Background(), res.Caller, cands[0].ID, store.InvitationOptions{Email: "sales@msp.example"}); mspeval.ErrorCode(err) != mspeval.EINVALID {
		t.Errorf("after unsubscribing: got %v, want the address refused", err)
	}
}

// TestBulkAddInThePage: a pasted list is previewed with each bad row's problem
// and nothing created; once right, every row becomes a candidate with a link
// shown once.
func TestBulkAddInThePage(t *testing.T) {
	s := newSite(t)
	res, err := demo.Load(context.Background(), s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	bulk := s.url + "/evaluations/" + res.EvaluationID + "/bulk"
	bad := "company\tcontact name\temail\nProspect One\tSam\tsam@one.example\n\tKim\tnot-an-address\n"
	code, body := postMultipart(t, c, bulk, map[string]string{"csv": bad, "action": "create"})
	if code != 422 || !strings.Contains(body, "not an email address") || !strings.Contains(body, "Prospect One") {
		t.Fatalf("a bad list: got %d", code)
	}
	before, _, _ := s.store.ListCandidates(context.Background(), res.Caller, res.EvaluationID, mspeval.Page{})
	good := "company,contact name,email\nProspect One,Sam,sam@one.example\nProspect Two,Kim,kim@two.example\n"
	if code, body := postMultipart(t, c, bulk, map[string]string{"csv": good, "action": "preview"}); code != 200 || !strings.Contains(body, "2 rows ready") {
		t.Fatalf("the preview: got %d", code)
	}
	code, body = postMultipart(t, c, bulk, map[string]string{"csv": good, "action": "create"})
	if code != 200 || strings.Count(body, "/r/msr_") != 2 {
		t.Fatalf("create: got %d with %d links", code, strings.Count(body, "/r/msr_"))
	}
	after, _, _ := s.store.ListCandidates(context.Background(), res.Caller, res.EvaluationID, mspeval.Page{})
	if len(after) != len(before)+2 {
		t.Errorf("candidates: %d before, %d after; want 2 more", len(before), len(after))
	}
}

func postMultipart(t *testing.T, c *http.Client, u string, fields map[string]string) (int, string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		_ = w.WriteField(k, v)
	}
	w.Close()
	req, _ := http.NewRequest("POST", u, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// TestRespondentSeesTheirResults: a prospect who submits a readiness
// questionnaire finds their results on the same link; no evaluator material.
func TestRespondentSeesTheirResults(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	owner := account(t, s, "sales@msp.example", "Northwind MSP", mspeval.RoleOwner)
	ev, err := s.store.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "IT readiness 2027", QuestionnaireKey: "co-managed-readiness"})
	if err != nil {
		t.Fatal(err)
	}
	cand, _ := s.store.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "Prospect Ltd"})
	_, secret, _ := s.store.CreateInvitation(ctx, owner, cand.ID, nil)
	q, _ := s.store.Catalog().Latest("co-managed-readiness")
	if _, err := s.store.RespondentSave(ctx, secret, storetest.CompleteAnswers(q)); err != nil {
		t.Fatal(err)
	}
	if code, body, _ := get(t, client(t), s.url+"/r/"+secret); code != 200 || strings.Contains(body, "Your results") {
		t.Fatalf("before submitting: got %d (results shown: %v)", code, strings.Contains(body, "Your results"))
	}
	if _, err := s.store.RespondentSubmit(ctx, secret); err != nil {
		t.Fatal(err)
	}
	code, body, _ := get(t, client(t), s.url+"/r/"+secret)
	if code != 200 || !strings.Contains(body, "Your results") || !strings.Contains(body, "Next steps") {
		t.Fatalf("after submitting: got %d, want the results", code)
	}
	for _, hidden := range []string{"Listen for", "Anchors", "min_score"} {
		if strings.Contains(body, hidden) {
			t.Errorf("the prospect's page shows %q", hidden)
		}
	}
}

// TestPasswordChangeLimitShowsTheForm: wrong current passwords end in a 429
// that still shows the settings form with the reason, not an error page.
func TestPasswordChangeLimitShowsTheForm(t *testing.T) {
	s := newSite(t)
	if _, err := demo.Load(context.Background(), s.store, time.Now()); err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	var code int
	var body string
	for i := 0; i < 30 && code != 429; i++ {
		code, body = post(t, c, s.url+"/settings/password", url.Values{"current_password": {"not the password"}, "new_password": {"a much better passphrase 42"}}, nil)
	}
	if code != 429 || !strings.Contains(body, "Your password") {
		t.Errorf("after many wrong current passwords: got %d (settings form shown: %v)", code, strings.Contains(body, "Your password"))
	}
}
