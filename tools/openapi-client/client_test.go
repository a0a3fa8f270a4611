package openapiclient_test

import (
	"context"
	"math"
	"net/http"
	"net/http/cookiejar"
	"testing"

	client "mspeval/tools/openapi-client"
)

// The demo's evaluation and its candidate whose response is still a draft
// (demo/demo.yaml).
const (
	demoEvaluation = "Co-managed partner 2027"
	demoDraft      = "Pebblecourt Technology Partners"
)

// newClient is a generated client for the service; with a cookie jar it keeps
// the session a sign-in sets, as a browser would.
func newClient(t *testing.T, opts ...client.ClientOption) *client.ClientWithResponses {
	t.Helper()
	c, err := client.NewClientWithResponses(service.baseURL, opts...)
	if err != nil {
		t.Fatalf("NewClientWithResponses: %v", err)
	}
	return c
}

// signedIn is a client holding the demo owner's browser session.
func signedIn(t *testing.T) *client.ClientWithResponses {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := newClient(t, client.WithHTTPClient(&http.Client{Jar: jar}))
	res, err := c.SignInWithResponse(context.Background(), client.SignInRequest{Email: demoEmail, Password: demoPassword})
	if err != nil {
		t.Fatalf("SignIn: %v", err)
	}
	if res.JSON201 == nil {
		t.Fatalf("SignIn: got status %d, want 201 with the caller: %s", res.StatusCode(), res.Body)
	}
	return c
}

// withToken is a client that sends a new API token of the given role, created
// by the demo owner, as Authorization: Bearer.
func withToken(t *testing.T, role client.CreateTokenRequestRole) *client.ClientWithResponses {
	t.Helper()
	res, err := signedIn(t).CreateTokenWithResponse(context.Background(), client.CreateTokenRequest{Name: "generated client " + string(role), Role: &role})
	if err != nil {
		t.Fatalf("CreateToken: %v", err)
	}
	if res.JSON201 == nil {
		t.Fatalf("CreateToken: got status %d, want 201 with the secret: %s", res.StatusCode(), res.Body)
	}
	secret := res.JSON201.Secret
	return newClient(t, client.WithRequestEditorFn(func(_ context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+secret)
		return nil
	}))
}

// demoEvaluationID finds the demo's evaluation in the list the caller sees.
func demoEvaluationID(t *testing.T, c *client.ClientWithResponses) string {
	t.Helper()
	res, err := c.ListEvaluationsWithResponse(context.Background(), &client.ListEvaluationsParams{})
	if err != nil {
		t.Fatalf("ListEvaluations: %v", err)
	}
	if res.JSON200 == nil {
		t.Fatalf("ListEvaluations: got status %d, want 200: %s", res.StatusCode(), res.Body)
	}
	for _, ev := range res.JSON200.Items {
		if ev.Name == demoEvaluation {
			return ev.Id
		}
	}
	t.Fatalf("ListEvaluations: no %q among %d evaluations", demoEvaluation, len(res.JSON200.Items))
	return ""
}

func TestSignIn(t *testing.T) {
	ctx := context.Background()

	t.Run("WrongPasswordIsA401Problem", func(t *testing.T) {
		res, err := newClient(t).SignInWithResponse(ctx, client.SignInRequest{Email: demoEmail, Password: "not the demo password"})
		if err != nil {
			t.Fatalf("SignIn: %v", err)
		}
		p := res.ApplicationproblemJSON401
		if p == nil {
			t.Fatalf("got status %d, want 401 as problem+json: %s", res.StatusCode(), res.Body)
		}
		if p.Code != "unauthorized" || p.Status != 401 {
			t.Errorf("got code %q status %d, want unauthorized 401", p.Code, p.Status)
		}
	})

	t.Run("SessionCookieAuthenticatesLaterCalls", func(t *testing.T) {
		res, err := signedIn(t).GetMeWithResponse(ctx)
		if err != nil {
			t.Fatalf("GetMe: %v", err)
		}
		if res.JSON200 == nil {
			t.Fatalf("GetMe: got status %d, want 200: %s", res.StatusCode(), res.Body)
		}
		if got := res.JSON200.User.Email; got != demoEmail {
			t.Errorf("got user %q, want %q", got, demoEmail)
		}
		if got := res.JSON200.Via; got != client.Session {
			t.Errorf("got via %q, want session", got)
		}
		if got := res.JSON200.Role; got != client.RoleOwner {
			t.Errorf("got role %q, want owner", got)
		}
	})

	t.Run("NoCredentialsIsA401Problem", func(t *testing.T) {
		res, err := newClient(t).GetMeWithResponse(ctx)
		if err != nil {
			t.Fatalf("GetMe: %v", err)
		}
		if p := res.ApplicationproblemJSON401; p == nil || p.Code != "unauthorized" {
			t.Fatalf("got status %d, want 401 unauthorized as problem+json: %s", res.StatusCode(), res.Body)
		}
	})
}

func TestComparisonWithAToken(t *testing.T) {
	ctx := context.Background()
	viewer := withToken(t, client.CreateTokenRequestRoleViewer)
	id := demoEvaluationID(t, viewer)

	t.Run("RanksTheDemoCandidatesUnderTheSavedWeights", func(t *testing.T) {
		res, err := viewer.GetComparisonWithResponse(ctx, id, &client.GetComparisonParams{})
		if err != nil {
			t.Fatalf("GetComparison: %v", err)
		}
		cmp := res.JSON200
		if cmp == nil {
			t.Fatalf("got status %d, want 200: %s", res.StatusCode(), res.Body)
		}
		if cmp.WhatIf {
			t.Error("got what_if true without what-if weights")
		}
		if got := len(cmp.Candidates); got != 3 {
			t.Fatalf("got %d candidates, want the demo's 3", got)
		}
		for i, cand := range cmp.Candidates {
			if cand.Rank != i+1 {
				t.Errorf("candidate %d (%s): got rank %d, want %d", i, cand.Name, cand.Rank, i+1)
			}
			if cand.Coverage < 0 || cand.Coverage > 1 {
				t.Errorf("%s: got coverage %v, want a share from 0 to 1", cand.Name, cand.Coverage)
			}
		}
		if cmp.Candidates[0].Overall == nil {
			t.Errorf("%s ranks first with no overall score", cmp.Candidates[0].Name)
		}
		if sum := total(cmp.Weights); math.Abs(sum-100) > 0.01 {
			t.Errorf("got weights %v adding to %v, want 100", cmp.Weights, sum)
		}
	})

	t.Run("WhatIfWeightsAreApplied", func(t *testing.T) {
		fit, flexibility, risk := 100.0, 0.0, 0.0
		res, err := viewer.GetComparisonWithResponse(ctx, id, &client.GetComparisonParams{Fit: &fit, Flexibility: &flexibility, DependencyRisk: &risk})
		if err != nil {
			t.Fatalf("GetComparison: %v", err)
		}
		if res.JSON200 == nil {
			t.Fatalf("got status %d, want 200: %s", res.StatusCode(), res.Body)
		}
		if !res.JSON200.WhatIf {
			t.Error("got what_if false with what-if weights")
		}
		if got := res.JSON200.Weights["fit"]; got != 100 {
			t.Errorf("got fit weight %v, want 100", got)
		}
	})

	t.Run("OutOfRangeWeightIsA422NamingIt", func(t *testing.T) {
		fit := 5000.0
		res, err := viewer.GetComparisonWithResponse(ctx, id, &client.GetComparisonParams{Fit: &fit})
		if err != nil {
			t.Fatalf("GetComparison: %v", err)
		}
		p := res.ApplicationproblemJSON422
		if p == nil || p.Code != "invalid" {
			t.Fatalf("got status %d, want 422 invalid as problem+json: %s", res.StatusCode(), res.Body)
		}
		if p.Errors == nil || len(*p.Errors) == 0 || (*p.Errors)[0].Field != "fit" {
			t.Errorf("got field errors %+v, want one naming fit", p.Errors)
		}
	})

	t.Run("UnknownEvaluationIsA404Problem", func(t *testing.T) {
		res, err := viewer.GetComparisonWithResponse(ctx, "no-such-evaluation", &client.GetComparisonParams{})
		if err != nil {
			t.Fatalf("GetComparison: %v", err)
		}
		if p := res.ApplicationproblemJSON404; p == nil || p.Code != "not_found" {
			t.Fatalf("got status %d, want 404 not_found as problem+json: %s", res.StatusCode(), res.Body)
		}
	})

	t.Run("ViewerCannotCreateAnEvaluation", func(t *testing.T) {
		res, err := viewer.CreateEvaluationWithResponse(ctx, client.CreateEvaluationRequest{Name: "Not allowed", QuestionnaireKey: "partner-selection"})
		if err != nil {
			t.Fatalf("CreateEvaluation: %v", err)
		}
		p := res.ApplicationproblemJSON403
		if p == nil || p.Code != "forbidden" {
			t.Fatalf("got status %d, want 403 forbidden as problem+json: %s", res.StatusCode(), res.Body)
		}
		if p.Detail == nil || *p.Detail == "" {
			t.Error("got a 403 without a detail saying which role is needed")
		}
	})
}

func TestRespondentLinkNeedsNoAccount(t *testing.T) {
	ctx := context.Background()

	t.Run("OpensTheDraft", func(t *testing.T) {
		res, err := newClient(t).GetRespondentFormWithResponse(ctx, service.respondentToken)
		if err != nil {
			t.Fatalf("GetRespondentForm: %v", err)
		}
		if res.JSON200 == nil {
			t.Fatalf("got status %d, want 200: %s", res.StatusCode(), res.Body)
		}
		if got := res.JSON200.Candidate.Name; got != demoDraft {
			t.Errorf("got candidate %q, want %q", got, demoDraft)
		}
		if got := res.JSON200.Evaluation.Name; got != demoEvaluation {
			t.Errorf("got evaluation %q, want %q", got, demoEvaluation)
		}
	})

	t.Run("UnknownLinkIsA404Problem", func(t *testing.T) {
		res, err := newClient(t).GetRespondentFormWithResponse(ctx, "msr_not-a-real-link")
		if err != nil {
			t.Fatalf("GetRespondentForm: %v", err)
		}
		if p := res.ApplicationproblemJSON404; p == nil || p.Code != "not_found" {
			t.Fatalf("got status %d, want 404 not_found as problem+json: %s", res.StatusCode(), res.Body)
		}
	})
}

func total(weights map[string]float64) float64 {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	return sum
}
