package store_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

func lead(name, email, company, ip string) mspeval.LeadForm {
	return mspeval.LeadForm{Name: name, Email: email, Company: company, Consent: true, ClientIP: ip,
		Source: mspeval.SourceOf(url.Values{"utm_source": {"webinar"}, "utm_medium": {"email"}, "gclid": {"x"}})}
}

// countRows counts a table's rows, to show that a refusal stored nothing.
func countRows(t *testing.T, s *store.Store, c mspeval.Caller, evaluationID string) int {
	t.Helper()
	p, err := s.ListLeads(context.Background(), c, evaluationID, store.LeadQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return p.Total
}

func TestCampaignPublicLinkMakesLeads(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Now().UTC().Truncate(time.Second)
		s := storetest.Open(t, dsn, func() time.Time { return now })
		owner := storetest.Account(t, s, "owner@example.com", "Northwind MSP", mspeval.RoleOwner)
		other := storetest.Account(t, s, "owner@other.example", "Other", mspeval.RoleOwner)
		if _, err := s.CreateWebhook(ctx, owner, store.WebhookInput{URL: "https://crm.example/hook", Secret: "whsec_x",
			Events: []string{mspeval.EventLeadSubmitted, mspeval.EventLeadSalesReady}}); err != nil {
			t.Fatal(err)
		}
		partner, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Partners", QuestionnaireKey: "partner-selection"})
		if _, err := s.SaveCampaign(ctx, owner, partner.ID, store.CampaignInput{}); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
			t.Errorf("a campaign on a questionnaire without results: got %v, want conflict", err)
		}
		ev, err := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "Readiness 2027", QuestionnaireKey: "co-managed-readiness"})
		if err != nil {
			t.Fatal(err)
		}
		cap2 := 2
		camp, err := s.SaveCampaign(ctx, owner, ev.ID, store.CampaignInput{ResponseCap: &cap2})
		if err != nil {
			t.Fatal(err)
		}
		if camp.Slug == "" || !camp.Open || camp.ConsentText != mspeval.DefaultConsentText {
			t.Fatalf("new campaign: %+v", camp)
		}
		if _, err := s.SaveCampaign(ctx, other, ev.ID, store.CampaignInput{}); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("another workspace's campaign: got %v, want not found", err)
		}
		if _, err := s.SaveCampaign(ctx, owner, ev.ID, store.CampaignInput{ConsentText: ptr("ok")}); mspeval.ErrorCode(err) != mspeval.EINVALID {
			t.Errorf("a consent text too short: got %v, want invalid", err)
		}

		page, err := s.OpenPublicCampaign(ctx, camp.Slug, true)
		if err != nil || page.Closed != "" || page.Branding.Name != "Northwind MSP" || page.Questions != 16 {
			t.Fatalf("public page: %+v, %v", page, err)
		}

		// Hostile input stores nothing.
		bot := lead("Bot", "bot@example.com", "Bots Inc", "192.0.2.1")
		bot.Website = "http://spam.example"
		for name, f := range map[string]mspeval.LeadForm{
			"honeypot":   bot,
			"no consent": {Name: "A", Email: "a@example.com", Company: "A"},
			"bad email":  lead("A", "not-an-address", "A", ""),
			"bidi":       lead("A\u202e", "a@example.com", "A", ""),
		} {
			if _, err := s.StartLead(ctx, camp.Slug, f, false); mspeval.ErrorCode(err) != mspeval.EINVALID {
				t.Errorf("%s: got %v, want invalid", name, err)
			}
		}
		if n := countRows(t, s, owner, ev.ID); n != 0 {
			t.Fatalf("refused forms stored %d leads", n)
		}

		started, err := s.StartLead(ctx, camp.Slug, lead("Dana Lee", "Dana@Contoso.example", "Contoso", "192.0.2.7"), false)
		if err != nil {
			t.Fatal(err)
		}
		if started.Secret == "" {
			t.Fatal("no private link")
		}
		q, _ := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		if _, err := s.RespondentSave(ctx, started.Secret, storetest.CompleteAnswers(q)); err != nil {
			t.Fatal(err)
		}
		if _, err := s.MarkSalesReady(ctx, started.Secret, ""); mspeval.ErrorCode(err) != mspeval.ECONFLICT {
			t.Errorf("talk to us before submitting: got %v, want conflict", err)
		}
		if _, err := s.RespondentSubmit(ctx, started.Secret); err != nil {
			t.Fatal(err)
		}
		l, err := s.MarkSalesReady(ctx, started.Secret, "Call me on Tuesday")
		if err != nil {
			t.Fatal(err)
		}
		if l.Status != mspeval.LeadSalesReady || l.Result == nil || l.Result.Tier == "" || l.Company != "Contoso" ||
			l.Email != "dana@contoso.example" || l.Source["utm_source"] != "webinar" || l.Source["gclid"] != "" ||
			l.Consent == nil || l.Consent.Text != mspeval.DefaultConsentText {
			t.Fatalf("lead: %+v", l)
		}
		if _, err := s.MarkSalesReady(ctx, started.Secret, ""); err != nil {
			t.Errorf("asking twice: %v", err)
		}

		// The second visitor fills the cap; a third is refused and stores nothing.
		if _, err := s.StartLead(ctx, camp.Slug, lead("Sam", "sam@fabrikam.example", "Fabrikam", "192.0.2.8"), false); err != nil {
			t.Fatal(err)
		}
		if _, err := s.StartLead(ctx, camp.Slug, lead("Kim", "kim@tailspin.example", "Tailspin", "192.0.2.9"), false); mspeval.ErrorCode(err) != mspeval.EGONE {
			t.Errorf("over the cap: got %v, want gone", err)
		}
		if n := countRows(t, s, owner, ev.ID); n != 2 {
			t.Errorf("leads after the cap: %d, want 2", n)
		}

		// Rate limit per address.
		if _, err := s.SaveCampaign(ctx, owner, ev.ID, store.CampaignInput{NoCap: true}); err != nil {
			t.Fatal(err)
		}
		for i := 0; i < mspeval.PublicStartsPerHour; i++ {
			_, err = s.StartLead(ctx, camp.Slug, lead("Ro", "ro@example.org", "Ro Ltd", "198.51.100.1"), false)
		}
		if err != nil {
			t.Fatalf("starts within the limit: %v", err)
		}
		if _, err := s.StartLead(ctx, camp.Slug, lead("Ro", "ro@example.org", "Ro Ltd", "198.51.100.1"), false); mspeval.ErrorCode(err) != mspeval.ERATELIMITED {
			t.Errorf("over the rate limit: got %v, want rate limited", err)
		}

		// Leads list: filtered and sorted.
		all, err := s.ListLeads(ctx, owner, ev.ID, store.LeadQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total != 2+mspeval.PublicStartsPerHour || all.Leads[0].Company != "Contoso" {
			t.Errorf("leads by score: total %d, first %+v", all.Total, all.Leads[0])
		}
		ready, _ := s.ListLeads(ctx, owner, ev.ID, store.LeadQuery{Status: mspeval.LeadSalesReady})
		if ready.Total != 1 {
			t.Errorf("sales-ready leads: %d", ready.Total)
		}
		byCompany, _ := s.ListLeads(ctx, owner, ev.ID, store.LeadQuery{Sort: "company", Asc: true, Search: "fab"})
		if byCompany.Total != 1 || byCompany.Leads[0].Company != "Fabrikam" {
			t.Errorf("search: %+v", byCompany)
		}
		if _, err := s.ListLeads(ctx, owner, ev.ID, store.LeadQuery{Sort: "overall; DROP TABLE leads"}); mspeval.ErrorCode(err) != mspeval.EINVALID {
			t.Errorf("an unknown sort: got %v", err)
		}
		if _, err := s.ListLeads(ctx, other, ev.ID, store.LeadQuery{}); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("another workspace's leads: got %v", err)
		}

		f, err := s.Funnel(ctx, owner, ev.ID, 7)
		if err != nil {
			t.Fatal(err)
		}
		if f.Visits != 1 || f.Started != 2+mspeval.PublicStartsPerHour || f.Submitted != 1 || f.SalesReady != 1 || len(f.Days) != 7 ||
			f.Days[6].Started != f.Started {
			t.Errorf("funnel: %+v", f)
		}

		// The webhooks carry the lead's contact, source, tier and scores.
		hooks, _ := s.ListWebhooks(ctx, owner)
		deliveries, _ := s.WebhookDeliveries(ctx, owner, hooks[0].ID)
		topics := map[string]bool{}
		for _, d := range deliveries {
			topics[d.Topic] = true
		}
		if !topics[mspeval.EventLeadSubmitted] || !topics[mspeval.EventLeadSalesReady] || len(deliveries) != 2 {
			t.Errorf("lead events: %+v", topics)
		}
		payload := storetest.OutboxPayload(t, dsn, mspeval.EventLeadSalesReady)
		var body struct {
			Data struct {
				Contact map[string]string
				Source  map[string]string
				Tier    string
				Overall *float64
				Note    string
			}
		}
		if err := json.Unmarshal(payload, &body); err != nil || body.Data.Contact["company"] != "Contoso" ||
			body.Data.Source["utm_source"] != "webinar" || body.Data.Tier == "" || body.Data.Overall == nil || body.Data.Note != "Call me on Tuesday" {
			t.Errorf("lead.sales_ready payload: %s (%v)", payload, err)
		}

		// A closed campaign takes no one new and says why.
		if _, err := s.SaveCampaign(ctx, owner, ev.ID, store.CampaignInput{ClosesAt: ptr(now.Add(-time.Minute))}); err != nil {
			t.Fatal(err)
		}
		page, _ = s.OpenPublicCampaign(ctx, camp.Slug, true)
		if !strings.Contains(page.Closed, "closed") {
			t.Errorf("closed page: %+v", page)
		}
		if _, err := s.StartLead(ctx, camp.Slug, lead("Late", "late@example.org", "Late Ltd", "203.0.113.5"), false); mspeval.ErrorCode(err) != mspeval.EGONE {
			t.Errorf("after closing: got %v, want gone", err)
		}
		// A new slug retires the old link.
		moved, err := s.SaveCampaign(ctx, owner, ev.ID, store.CampaignInput{NewSlug: true, NoClose: true})
		if err != nil || moved.Slug == camp.Slug {
			t.Fatalf("new slug: %+v %v", moved, err)
		}
		if _, err := s.OpenPublicCampaign(ctx, camp.Slug, true); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("old slug: got %v, want not found", err)
		}
	})
}

func ptr[T any](v T) *T { return &v }
