package frontend_test

import (
	"context"
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode"

	"mspeval"
	"mspeval/demo"
	"mspeval/store"
	"mspeval/store/storetest"
)

// candidateRow cuts one candidate's row out of the evaluation page.
func candidateRow(t *testing.T, body, id string) string {
	t.Helper()
	start := strings.Index(body, `<tr data-candidate="`+id+`">`)
	if start < 0 {
		t.Fatalf("no row for candidate %s", id)
	}
	end := strings.Index(body[start:], "</tr>")
	return body[start : start+end]
}

// cell cuts the first element with the attribute attr out of a piece of page,
// as text.
func cell(t *testing.T, part, attr string) string {
	t.Helper()
	m := regexp.MustCompile(`(?s)<(\w+)[^>]*\b` + attr + `\b[^>]*>(.*?)</(p|td)>`).FindStringSubmatch(part)
	if m == nil {
		t.Fatalf("nothing marked %s in %q", attr, part)
	}
	return strings.Join(strings.Fields(html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(m[2], ""))), " ")
}

// The evaluation page says what state each candidate's link and answers are
// in, as a person would say it.
func TestCandidateStatesReadRight(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	res, err := demo.Load(ctx, s.store, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	emailOnly, err := s.store.CreateCandidate(ctx, res.Caller, res.EvaluationID, store.CandidateInput{Name: "Tideway IT", ContactEmail: "hello@tideway.example"})
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {demo.Email}, "password": {demo.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	_, body, _ := get(t, c, s.url+"/evaluations/"+res.EvaluationID)
	cands, _, _ := s.store.ListCandidates(ctx, res.Caller, res.EvaluationID, mspeval.Page{})
	var typed, linked mspeval.Candidate
	for _, cand := range cands {
		switch {
		case cand.Response.Status == mspeval.ResponseSubmitted:
			typed = cand // the demo's team typed these in; no link was made for them
		case cand.ID != emailOnly.ID:
			linked = cand
		}
	}

	t.Run("AnswersTypedByTheTeamNeedNoLink", func(t *testing.T) {
		got := cell(t, candidateRow(t, body, typed.ID), "data-link-state")
		if want := "answers entered by the team; no respondent link"; got != want {
			t.Errorf("the link cell of %s: got %q, want %q", typed.Name, got, want)
		}
	})
	t.Run("NoAnswersAndNoLinkSaysSo", func(t *testing.T) {
		if got := cell(t, candidateRow(t, body, emailOnly.ID), "data-link-state"); got != "no link yet" {
			t.Errorf("the link cell of a new candidate: got %q, want %q", got, "no link yet")
		}
	})
	t.Run("AContactEmailWithoutANameIsShown", func(t *testing.T) {
		if got := cell(t, candidateRow(t, body, emailOnly.ID), "data-contact"); got != "hello@tideway.example" {
			t.Errorf("the contact: got %q, want the email alone", got)
		}
	})
	t.Run("ALinkOnlyCreatedIsNotSaidToBeSent", func(t *testing.T) {
		got := cell(t, candidateRow(t, body, linked.ID), "data-link-state")
		if strings.Contains(got, "sent") || !strings.HasPrefix(got, "created on ") {
			t.Errorf("the link cell of %s: got %q, want it created, never sent", linked.Name, got)
		}
	})

	t.Run("AWithdrawnLinkSaysWhomToAsk", func(t *testing.T) {
		inv, secret, err := s.store.CreateInvitation(ctx, res.Caller, emailOnly.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		if err := s.store.RevokeInvitation(ctx, res.Caller, inv.ID); err != nil {
			t.Fatal(err)
		}
		code, page, _ := get(t, client(t), s.url+"/r/"+secret)
		if code != 410 {
			t.Errorf("a withdrawn link: got %d, want 410", code)
		}
		got := cell(t, page, "data-gone")
		if first, _ := utf8First(got); !unicode.IsUpper(first) {
			t.Errorf("the page says %q: it must start with a capital letter", got)
		}
		if res.Caller.Name == "" {
			t.Fatal("the demo's member has no name to show")
		}
		if want := "Ask " + res.Caller.Name + " at Northwind Freight (demo), who sent it to you, for a new link."; !strings.Contains(got, want) {
			t.Errorf("the page says %q: it must name the member and the workspace that sent the link (%q)", got, want)
		}
		for _, once := range []string{"withdrawn", "Ask", "new link"} {
			if n := strings.Count(strings.ToLower(page), strings.ToLower(once)); n != 1 {
				t.Errorf("the page says %q %d times, want once: %q", once, n, got)
			}
		}
	})
	t.Run("AnExpiredLinkSaysWhen", func(t *testing.T) {
		inv := mspeval.Invitation{ExpiresAt: time.Date(2027, 3, 1, 12, 0, 0, 0, time.UTC)}
		err := inv.Usable(time.Date(2027, 3, 2, 0, 0, 0, 0, time.UTC))
		if got, want := mspeval.ErrorMessage(err), "This link expired on 1 March 2027."; got != want {
			t.Errorf("got %q, want %q", got, want)
		}
	})
}

func utf8First(s string) (rune, bool) {
	for _, r := range s {
		return r, true
	}
	return 0, false
}

// Once submitted, the respondent's page shows the answers as text: the chosen
// options by name, every text whole, and no form controls.
func TestSubmittedAnswersReadAsText(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	owner := account(t, s, "owner@harbour.example", "Harbour Freight", mspeval.RoleOwner)
	f := newWidthFixtures(t, s, owner)
	_, body, _ := get(t, client(t), s.url+"/r/"+f.submittedLink)
	main := body[strings.Index(body, "<main"):]
	for _, control := range []string{"<textarea", "<input", " disabled", " readonly"} {
		if strings.Contains(main, control) {
			t.Errorf("the submitted answers hold %q: they must read as text", control)
		}
	}
	if !strings.Contains(main, html.EscapeString(longAnswer)) {
		t.Errorf("the long answer is not shown whole")
	}
	ev, _ := s.store.GetEvaluation(ctx, owner, f.evaluationID)
	q, _ := s.store.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	for key, a := range storetest.CompleteAnswers(q) {
		if a.Choice == nil {
			continue
		}
		qq, _ := q.Question(key)
		o, _ := qq.Option(*a.Choice)
		if !strings.Contains(main, "<li>"+html.EscapeString(o.Label)+"</li>") {
			t.Errorf("%s: the chosen option %q is not shown by name", key, o.Label)
		}
	}
}
