package app_test

import (
	"context"
	"regexp"
	"testing"
	"time"

	"mspeval"
	"mspeval/app"
	"mspeval/store"
	"mspeval/store/storetest"
)

// reportFixture is an evaluation with one candidate who was sent a link by
// email, opened it, answered and submitted, and whose answers the owner rated.
type reportFixture struct {
	s     *store.Store
	svc   *app.Service
	owner mspeval.Caller
	ev    mspeval.Evaluation
	cand  mspeval.Candidate
	now   *time.Time
}

func newReportFixture(t *testing.T, dsn string, blind bool) reportFixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	f := reportFixture{now: &now}
	clock := func() time.Time { return *f.now }
	f.s = storetest.Open(t, dsn, clock)
	f.svc = app.New(f.s, app.Options{Now: clock})
	f.owner = storetest.Account(t, f.s, "dana@buyer.example", "Northwind Freight", mspeval.RoleOwner)
	iso, berlin := "iso", "Europe/Berlin"
	if _, err := f.svc.SetWorkspace(ctx, f.owner, store.WorkspaceInput{DateStyle: &iso, TimeZone: &berlin}); err != nil {
		t.Fatal(err)
	}
	ev, err := f.s.CreateEvaluation(ctx, f.owner, store.EvaluationInput{Name: "Partner 2027", QuestionnaireKey: "partner-selection",
		DueDate: "2027-03-15", BlindRatings: blind})
	if err != nil {
		t.Fatal(err)
	}
	f.ev = ev
	f.cand, err = f.s.CreateCandidate(ctx, f.owner, ev.ID, store.CandidateInput{Name: "Harbor IT", ContactName: "Jane Roe",
		ContactEmail: "jane@harbor.example"})
	if err != nil {
		t.Fatal(err)
	}
	_, secret, err := f.s.SendInvitation(ctx, f.owner, f.cand.ID, store.InvitationOptions{Email: "jane@harbor.example"})
	if err != nil {
		t.Fatal(err)
	}
	f.step(time.Hour)
	if _, err := f.s.RespondentForm(ctx, secret); err != nil {
		t.Fatal(err)
	}
	q, _ := f.s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	if _, err := f.s.RespondentSave(ctx, secret, storetest.CompleteAnswers(q)); err != nil {
		t.Fatal(err)
	}
	f.step(time.Hour)
	if _, err := f.s.RespondentSubmit(ctx, secret); err != nil {
		t.Fatal(err)
	}
	for i, qq := range q.Questions()[:2] {
		f.step(time.Hour)
		if _, err := f.svc.PutRating(ctx, f.owner, f.cand.ID, qq.Key, 2+i, ""); err != nil {
			t.Fatal(err)
		}
	}
	f.step(time.Hour)
	return f
}

func (f reportFixture) step(d time.Duration) { *f.now = f.now.Add(d) }

// TestReportCarriesWhatTheDecisionFileNeeds: the report data names who
// prepared it, writes dates as the workspace chose, and gives each candidate
// its contact, submission time, raters and link history.
func TestReportCarriesWhatTheDecisionFileNeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newReportFixture(t, dsn, false)
		d, _, err := f.svc.CandidateReport(ctx, f.owner, f.cand.ID, app.WhatIf{})
		if err != nil {
			t.Fatal(err)
		}
		if d.PreparedBy != f.owner.Name || d.Dates.Style != mspeval.DateStyleISO || d.Dates.Zone.String() != "Europe/Berlin" {
			t.Errorf("prepared by %q, dates %+v; want %q and ISO in Europe/Berlin", d.PreparedBy, d.Dates, f.owner.Name)
		}
		start := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
		c := d.Candidates[f.cand.ID]
		if c.Contact != "Jane Roe" || c.Email != "jane@harbor.example" || c.SubmittedAt == nil || !c.SubmittedAt.Equal(start.Add(2*time.Hour)) {
			t.Errorf("contact %q <%s>, submitted %v", c.Contact, c.Email, c.SubmittedAt)
		}
		if len(c.Raters) != 1 || c.Raters[0].Name != f.owner.Name || c.Raters[0].Answers != 2 || !c.Raters[0].Last.Equal(start.Add(4*time.Hour)) {
			t.Errorf("raters: got %+v, want %s with 2 answers, the last at %v", c.Raters, f.owner.Name, start.Add(4*time.Hour))
		}
		if len(c.Links) != 1 {
			t.Fatalf("links: got %d, want 1", len(c.Links))
		}
		l := c.Links[0]
		if !l.Created.Equal(start) || l.CreatedBy != f.owner.Name || l.Opened == nil || !l.Opened.Equal(start.Add(time.Hour)) ||
			l.Submitted == nil || l.Revoked != nil {
			t.Errorf("link: got %+v", l)
		}
		if len(l.Emails) != 1 || l.Emails[0].Kind != mspeval.TopicInvitation || l.Emails[0].To != "jane@harbor.example" ||
			l.Emails[0].State != store.OutboxQueued {
			t.Errorf("link's emails: got %+v", l.Emails)
		}
	})
}

// TestReportRatersHonourBlindRatings: under blind ratings, a member who has
// not rated an answer learns nothing of who rated it, nor when.
func TestReportRatersHonourBlindRatings(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newReportFixture(t, dsn, true)
		other := f.owner
		other.UserID, other.Name, other.Role = "another-editor", "", mspeval.RoleEditor
		d, err := f.svc.Report(ctx, other, f.ev.ID, app.WhatIf{})
		if err != nil {
			t.Fatal(err)
		}
		if got := d.Candidates[f.cand.ID].Raters; len(got) != 0 {
			t.Errorf("an editor who has not rated sees raters: %+v", got)
		}
		if d.PreparedBy != other.Email {
			t.Errorf("prepared by: got %q, want the address %q when the name is empty", d.PreparedBy, other.Email)
		}
		mine, err := f.svc.Report(ctx, f.owner, f.ev.ID, app.WhatIf{})
		if err != nil {
			t.Fatal(err)
		}
		if got := mine.Candidates[f.cand.ID].Raters; len(got) != 1 {
			t.Errorf("the owner who rated sees raters %+v, want themself", got)
		}
	})
}

// TestReportExtrasStayInTheirWorkspace: another workspace reads none of it.
func TestReportExtrasStayInTheirWorkspace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newReportFixture(t, dsn, false)
		stranger := storetest.Account(t, f.s, "eve@other.example", "Other Co", mspeval.RoleOwner)
		if _, err := f.s.RatingTimes(ctx, stranger, f.ev.ID); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("rating times from another workspace: got %v, want not found", err)
		}
		if _, err := f.s.LinkHistory(ctx, stranger, f.cand.ID); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("link history from another workspace: got %v, want not found", err)
		}
		if _, _, err := f.svc.CandidateReport(ctx, stranger, f.cand.ID, app.WhatIf{}); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("candidate report from another workspace: got %v, want not found", err)
		}
	})
}

// isoTime is a time as the ISO date style writes it, in UTC.
var isoTime = regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d UTC`)

// TestLeadsExportWritesDatesAsTheWorkspaceChose: the leads export follows the
// workspace's date style.
func TestLeadsExportWritesDatesAsTheWorkspaceChose(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		f := newCampaign(t, dsn)
		iso := "iso"
		if _, err := f.svc.SetWorkspace(ctx, f.owner, store.WorkspaceInput{DateStyle: &iso}); err != nil {
			t.Fatal(err)
		}
		f.lead(t, "Ann", "ann@prospect.example", "Prospect A", true)
		b, _, _, err := f.svc.ExportLeads(ctx, f.owner, f.ev.ID, store.LeadQuery{}, "csv")
		if err != nil {
			t.Fatal(err)
		}
		if !isoTime.Match(b) {
			t.Errorf("the leads CSV writes no time as 2006-01-02 15:04 UTC:\n%s", b)
		}
	})
}
