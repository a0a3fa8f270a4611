package outreach_test

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/mail/mailtest"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestALeadGetsTheirPrivateLinkByEmail: a visitor who starts a campaign's
// survey through its public link gets their private link at the address they
// gave, through a real SMTP server, and that link opens their response.
func TestALeadGetsTheirPrivateLinkByEmail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		clk := &clock{now: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)}
		s := storetest.Open(t, dsn, clk.Now)
		owner := storetest.Account(t, s, "owner@northwind.example", "Northwind MSP", mspeval.RoleOwner)
		ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "IT readiness", QuestionnaireKey: "co-managed-readiness"})
		if err != nil {
			t.Fatal(err)
		}
		camp, err := s.SaveCampaign(ctx, owner, ev.ID, store.CampaignInput{})
		if err != nil {
			t.Fatal(err)
		}
		started, err := s.StartLead(ctx, camp.Slug, mspeval.LeadForm{Name: "Dana Lee", Email: "dana@contoso.example", Company: "Contoso",
			Consent: true, Source: mspeval.SourceOf(url.Values{"utm_source": {"newsletter"}})}, true)
		if err != nil {
			t.Fatal(err)
		}
		if !started.Emailed {
			t.Fatal("the start says the link was not emailed")
		}
		srv := mailtest.NewServer(t)
		drain(t, newWorker(t, s, srv, clk))
		got := srv.Wait(t, 1, 5*time.Second)
		if len(got) != 1 || got[0].To[0] != "dana@contoso.example" {
			t.Fatalf("delivered %d messages: %+v", len(got), got)
		}
		p, err := got[0].Parse()
		if err != nil {
			t.Fatal(err)
		}
		link := "https://mspeval.acme.example/r/" + started.Secret
		if !strings.Contains(p.Text, link) || !strings.Contains(p.HTML, link) {
			t.Errorf("the message does not carry the private link: %q", p.Text)
		}
		if !strings.Contains(p.Subject, "Your private link") || !strings.Contains(p.Subject, "Northwind MSP") {
			t.Errorf("subject: %q", p.Subject)
		}
		if strings.Contains(p.Text, "invites") {
			t.Errorf("a lead who started the survey is not 'invited': %q", p.Text)
		}
		if _, err := s.RespondentForm(ctx, started.Secret); err != nil {
			t.Errorf("the emailed link does not open the response: %v", err)
		}
	})
}
