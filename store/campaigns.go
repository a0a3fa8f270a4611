package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
)

type campaignRow struct {
	EvaluationID string `gorm:"primaryKey"`
	WorkspaceID  string
	Slug         string
	PublicOpen   bool
	ResponseCap  *int
	ClosesAt     *time.Time
	Intro        string
	ConsentText  string
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (campaignRow) TableName() string { return "campaigns" }

func (r campaignRow) toDomain() mspeval.Campaign {
	return mspeval.Campaign{EvaluationID: r.EvaluationID, Slug: r.Slug, Open: r.PublicOpen, ResponseCap: r.ResponseCap,
		ClosesAt: utcPtr(r.ClosesAt), Intro: r.Intro, ConsentText: r.ConsentText,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type leadRow struct {
	CandidateID  string `gorm:"primaryKey"`
	WorkspaceID  string
	EvaluationID string
	Origin       string
	PersonName   string
	Email        string
	Company      string
	ConsentText  string
	ConsentedAt  *time.Time
	Source       string
	SourceLabel  string
	ClientIP     string
	CreatedAt    time.Time
	SubmittedAt  *time.Time
	SalesReadyAt *time.Time
	SalesNote    string
	Overall      *float64
	Tier         string
	TierLabel    string
	Scores       string
}

func (leadRow) TableName() string { return "leads" }

// leadListRow is a candidate of a campaign with its lead row, when it has one.
type leadListRow struct {
	ID             string
	Name           string
	ContactName    string
	ContactEmail   string
	CreatedAt      time.Time
	ResponseStatus string
	SubmittedAt    *time.Time
	Origin         *string
	PersonName     *string
	Email          *string
	Company        *string
	ConsentText    *string
	ConsentedAt    *time.Time
	Source         *string
	SalesReadyAt   *time.Time
	SalesNote      *string
	Overall        *float64
	Tier           *string
	TierLabel      *string
	Scores         *string
}

func (r leadListRow) toDomain() mspeval.Lead {
	l := mspeval.Lead{CandidateID: r.ID, Origin: mspeval.LeadInvited, Name: r.ContactName, Email: r.ContactEmail,
		Company: r.Name, CreatedAt: r.CreatedAt.UTC(), Source: map[string]string{}}
	if r.Origin != nil {
		l.Origin = *r.Origin
		l.Name, l.Email, l.Company = deref(r.PersonName), deref(r.Email), deref(r.Company)
		if r.ConsentedAt != nil {
			l.Consent = &mspeval.Consent{Text: deref(r.ConsentText), At: r.ConsentedAt.UTC()}
		}
		_ = json.Unmarshal([]byte(deref(r.Source)), &l.Source)
		l.SalesReadyAt = utcPtr(r.SalesReadyAt)
		l.SalesNote = deref(r.SalesNote)
	}
	if r.ResponseStatus == mspeval.ResponseSubmitted {
		l.SubmittedAt = utcPtr(r.SubmittedAt)
		if r.Scores != nil && *r.Scores != "" && *r.Scores != "{}" {
			res := &mspeval.LeadResult{Overall: r.Overall, Tier: deref(r.Tier), TierLabel: deref(r.TierLabel)}
			_ = json.Unmarshal([]byte(*r.Scores), &res.Dimensions)
			l.Result = res
		}
	} else {
		// A reopened response is being changed: it is not sales-ready either.
		l.SalesReadyAt = nil
	}
	l.Status = mspeval.LeadStatus(l.SubmittedAt, l.SalesReadyAt)
	return l
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// CampaignInput changes a campaign's public link; nil fields stay as they are
// (or take their defaults on the first save).
type CampaignInput struct {
	Open        *bool
	ResponseCap *int
	// NoCap removes the cap.
	NoCap    bool
	ClosesAt *time.Time
	// NoClose removes the close date.
	NoClose     bool
	Intro       *string
	ConsentText *string
	// NewSlug replaces the public link: the old one stops working.
	NewSlug bool
}

func newSlug() string { return strings.TrimPrefix(mspeval.NewSecret("c_"), "c_")[:22] }

// campaignEvaluation reads an evaluation of the caller's workspace and checks
// that it is a campaign: its questionnaire shows respondents their results.
func (s *Store) campaignEvaluation(tx *gorm.DB, c mspeval.Caller, evaluationID string) (evaluationRow, *questions.Questionnaire, error) {
	ev, err := getEvaluation(tx, c, evaluationID)
	if err != nil {
		return ev, nil, err
	}
	q, err := s.questionnaire(ev.QuestionnaireKey, ev.QuestionnaireVersion)
	if err != nil {
		return ev, nil, err
	}
	if !q.ShowsRespondent() {
		return ev, nil, mspeval.Errorf(mspeval.ECONFLICT,
			"this evaluation is not a campaign: its questionnaire (%s) does not show respondents their results", q.Title)
	}
	return ev, q, nil
}

// Campaign returns an evaluation's public link settings. A campaign without a
// public link yet answers with Slug empty and the defaults.
func (s *Store) Campaign(ctx context.Context, c mspeval.Caller, evaluationID string) (mspeval.Campaign, error) {
	return snapshotValue(s, ctx, func(db *gorm.DB) (mspeval.Campaign, error) {
		ev, _, err := s.campaignEvaluation(db, c, evaluationID)
		if err != nil {
			return mspeval.Campaign{}, err
		}
		var row campaignRow
		err = db.Where("evaluation_id = ?", ev.ID).Take(&row).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return mspeval.Campaign{EvaluationID: ev.ID, ConsentText: mspeval.DefaultConsentText}, nil
		}
		if err != nil {
			return mspeval.Campaign{}, translate(err)
		}
		out := row.toDomain()
		var n int64
		if err := db.Model(&leadRow{}).Where("evaluation_id = ? AND origin = ?", ev.ID, mspeval.LeadPublic).Count(&n).Error; err != nil {
			return out, translate(err)
		}
		out.Leads = int(n)
		return out, nil
	})
}

// SaveCampaign creates or changes an evaluation's public link.
func (s *Store) SaveCampaign(ctx context.Context, c mspeval.Caller, evaluationID string, in CampaignInput) (mspeval.Campaign, error) {
	var fields []mspeval.FieldError
	if in.ResponseCap != nil && (*in.ResponseCap < 1 || *in.ResponseCap > mspeval.MaxResponseCap) {
		fields = append(fields, mspeval.FieldError{Field: "response_cap", Message: fmt.Sprintf("must be between 1 and %d", mspeval.MaxResponseCap)})
	}
	if in.Intro != nil {
		fields = append(fields, checkText("intro", *in.Intro, 0, 2000)...)
	}
	if in.ConsentText != nil {
		fields = append(fields, checkText("consent_text", *in.ConsentText, 20, 1000)...)
	}
	if len(fields) > 0 {
		return mspeval.Campaign{}, mspeval.Invalid("the campaign's settings are not valid", fields...)
	}
	now := s.clock()
	err := s.write(ctx, func(tx *gorm.DB) error {
		ev, _, err := s.campaignEvaluation(tx, c, evaluationID)
		if err != nil {
			return err
		}
		var row campaignRow
		err = s.forUpdate(tx).Where("evaluation_id = ?", ev.ID).Take(&row).Error
		isNew := errors.Is(err, gorm.ErrRecordNotFound)
		if err != nil && !isNew {
			return err
		}
		if isNew {
			row = campaignRow{EvaluationID: ev.ID, WorkspaceID: ev.WorkspaceID, Slug: newSlug(), PublicOpen: true,
				ConsentText: mspeval.DefaultConsentText, CreatedAt: now}
		}
		row.UpdatedAt = now
		if in.Open != nil {
			row.PublicOpen = *in.Open
		}
		switch {
		case in.NoCap:
			row.ResponseCap = nil
		case in.ResponseCap != nil:
			row.ResponseCap = in.ResponseCap
		}
		switch {
		case in.NoClose:
			row.ClosesAt = nil
		case in.ClosesAt != nil:
			t := in.ClosesAt.UTC().Truncate(time.Microsecond)
			row.ClosesAt = &t
		}
		if in.Intro != nil {
			row.Intro = strings.TrimSpace(*in.Intro)
		}
		if in.ConsentText != nil {
			row.ConsentText = strings.TrimSpace(*in.ConsentText)
		}
		if in.NewSlug && !isNew {
			row.Slug = newSlug()
		}
		if isNew {
			return tx.Create(&row).Error
		}
		return tx.Select("*").Save(&row).Error
	})
	if err != nil {
		return mspeval.Campaign{}, err
	}
	return s.Campaign(ctx, c, evaluationID)
}

// PublicCampaign is what the public link's first page shows: who runs the
// survey and what a visitor agrees to. Closed says why it takes no one new.
type PublicCampaign struct {
	Slug          string           `json:"slug"`
	Title         string           `json:"title"`
	Intro         string           `json:"intro"`
	ConsentText   string           `json:"consent_text"`
	Questionnaire string           `json:"questionnaire"`
	Questions     int              `json:"questions"`
	Branding      mspeval.Branding `json:"branding"`
	// Closed is why the survey takes no new responses, or "".
	Closed string `json:"closed,omitempty"`
}

// resolveCampaign finds the campaign behind a public link.
func (s *Store) resolveCampaign(tx *gorm.DB, slug string) (campaignRow, evaluationRow, error) {
	var row campaignRow
	var ev evaluationRow
	if len(slug) < 10 || len(slug) > 64 {
		return row, ev, mspeval.Errorf(mspeval.ENOTFOUND, "this survey link is not valid; check that it was copied whole")
	}
	err := tx.Where("slug = ?", slug).Take(&row).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return row, ev, mspeval.Errorf(mspeval.ENOTFOUND, "this survey link is not valid; check that it was copied whole")
	}
	if err != nil {
		return row, ev, err
	}
	err = tx.Where("id = ?", row.EvaluationID).Take(&ev).Error
	return row, ev, err
}

// acceptsVisitors checks the campaign, its evaluation and the cap.
func (s *Store) acceptsVisitors(tx *gorm.DB, row campaignRow, ev evaluationRow) error {
	if ev.Status == mspeval.EvaluationClosed {
		return mspeval.Errorf(mspeval.EGONE, "this survey is closed")
	}
	var n int64
	if row.ResponseCap != nil {
		if err := tx.Model(&leadRow{}).Where("evaluation_id = ? AND origin = ?", ev.ID, mspeval.LeadPublic).Count(&n).Error; err != nil {
			return err
		}
	}
	return row.toDomain().AcceptsVisitors(s.clock(), int(n))
}

// OpenPublicCampaign shows a public link's first page and counts the visit
// (visit false: a form sent back with errors, which is no new visit).
func (s *Store) OpenPublicCampaign(ctx context.Context, slug string, visit bool) (PublicCampaign, error) {
	var out PublicCampaign
	err := s.write(ctx, func(tx *gorm.DB) error {
		row, ev, err := s.resolveCampaign(tx, slug)
		if err != nil {
			return err
		}
		q, err := s.questionnaire(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		if err != nil {
			return err
		}
		b, err := brandingOf(tx, ev.WorkspaceID)
		if err != nil {
			return err
		}
		out = PublicCampaign{Slug: row.Slug, Title: ev.Name, Intro: row.Intro, ConsentText: row.ConsentText,
			Questionnaire: q.Title, Questions: len(q.Questions()), Branding: b}
		if err := s.acceptsVisitors(tx, row, ev); err != nil {
			out.Closed = err.Error()
			var e *mspeval.Error
			if errors.As(err, &e) {
				out.Closed = e.Message
			}
			return nil
		}
		if !visit {
			return nil
		}
		return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "evaluation_id"}, {Name: "day"}},
			DoUpdates: clause.Assignments(map[string]any{"visits": gorm.Expr("campaign_visits.visits + 1")})}).
			Table("campaign_visits").Create(map[string]any{"evaluation_id": ev.ID, "day": s.clock().UTC().Format("2006-01-02"), "visits": 1}).Error
	})
	return out, err
}

// StartedLead is a new lead's private link.
type StartedLead struct {
	Secret    string    `json:"-"`
	ExpiresAt time.Time `json:"expires_at"`
	// Emailed: the link is on its way to the lead's address too.
	Emailed bool `json:"emailed"`
}

// StartLead starts a visitor's own response through a public link: a candidate
// named after the company, the lead with its consent and source, and a private
// link, in one transaction. With mail, the link is emailed as well. Nothing is
// stored when the form, the rate limit, the cap or the close date refuses it.
func (s *Store) StartLead(ctx context.Context, slug string, f mspeval.LeadForm, mail bool) (StartedLead, error) {
	if fields := f.Check(); len(fields) > 0 {
		return StartedLead{}, mspeval.Invalid("the form has problems", fields...)
	}
	now := s.clock()
	secret := mspeval.NewSecret("msr_")
	out := StartedLead{Secret: secret}
	err := s.write(ctx, func(tx *gorm.DB) error {
		camp, ev, err := s.resolveCampaign(tx, slug)
		if err != nil {
			return err
		}
		if err := s.acceptsVisitors(tx, camp, ev); err != nil {
			return err
		}
		if f.ClientIP != "" {
			var n int64
			if err := tx.Model(&leadRow{}).Where("evaluation_id = ? AND client_ip = ? AND created_at > ?", ev.ID, f.ClientIP, now.Add(-time.Hour)).
				Count(&n).Error; err != nil {
				return err
			}
			if n >= mspeval.PublicStartsPerHour {
				e := mspeval.Errorf(mspeval.ERATELIMITED, "too many surveys were started from your network in the last hour; try again later")
				e.RetryAfter = 3600
				return e
			}
		}
		email := mspeval.NormalizeEmail(strings.TrimSpace(f.Email))
		cand := newCandidateRow(ev, CandidateInput{Name: f.Company, ContactName: f.Name, ContactEmail: email}, now)
		if err := tx.Create(&cand).Error; err != nil {
			return err
		}
		src, _ := json.Marshal(f.Source)
		lead := leadRow{CandidateID: cand.ID, WorkspaceID: ev.WorkspaceID, EvaluationID: ev.ID, Origin: mspeval.LeadPublic,
			PersonName: strings.TrimSpace(f.Name), Email: email, Company: strings.TrimSpace(f.Company),
			ConsentText: camp.ConsentText, ConsentedAt: &now, Source: string(src), SourceLabel: mspeval.SourceLabel(f.Source),
			ClientIP: f.ClientIP, CreatedAt: now, Scores: "{}"}
		if err := tx.Create(&lead).Error; err != nil {
			return err
		}
		exp := ev.toDomain().LinkExpiry(now)
		if camp.ClosesAt != nil && camp.ClosesAt.After(exp) {
			exp = *camp.ClosesAt
		}
		inv := invitationRow{ID: mspeval.NewID(now), WorkspaceID: ev.WorkspaceID, CandidateID: cand.ID,
			TokenHash: mspeval.HashSecret(secret), CreatedAt: now, ExpiresAt: exp.UTC().Truncate(time.Microsecond), OpenedAt: &now}
		if mail {
			inv.Email = email
		}
		if err := tx.Create(&inv).Error; err != nil {
			return err
		}
		out.ExpiresAt = inv.ExpiresAt.UTC()
		if !mail {
			return nil
		}
		var n int64
		if err := tx.Table("email_optouts").Where("workspace_id = ? AND email = ?", ev.WorkspaceID, email).Count(&n).Error; err != nil || n > 0 {
			// An address that opted out gets no email; the link is on screen.
			return err
		}
		err = s.queueInvitationEmail(tx, mspeval.Caller{WorkspaceID: ev.WorkspaceID}, ev, cand, inv, secret, f.Name, mspeval.TopicResume)
		out.Emailed = err == nil
		return err
	})
	if err != nil {
		return StartedLead{}, err
	}
	return out, nil
}

// recordLeadResult keeps the result a campaign's respondent was shown when
// they submitted, and emits lead.submitted, inside the submit's transaction.
// Candidates of evaluations that are not campaigns are left alone.
func (s *Store) recordLeadResult(tx *gorm.DB, row candidateRow, q *questions.Questionnaire, answers map[string]questions.Answer, now time.Time) error {
	if !q.ShowsRespondent() {
		return nil
	}
	var ev evaluationRow
	if err := tx.Select("id, weights").Where("id = ?", row.EvaluationID).Take(&ev).Error; err != nil {
		return err
	}
	res, err := scoring.RespondentResult(scoring.Input{Questionnaire: q, Weights: ev.toDomain().Weights,
		Candidates: []scoring.Candidate{{ID: row.ID, Name: row.Name, Answers: answers}}})
	if err != nil {
		return mspeval.Internal(err)
	}
	lr := leadResultOf(res)
	dims, _ := json.Marshal(lr.Dimensions)
	var lead leadRow
	err = tx.Where("candidate_id = ?", row.ID).Take(&lead).Error
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound):
		lead = leadRow{CandidateID: row.ID, WorkspaceID: row.WorkspaceID, EvaluationID: row.EvaluationID, Origin: mspeval.LeadInvited,
			PersonName: row.ContactName, Email: row.ContactEmail, Company: row.Name, Source: "{}", CreatedAt: row.CreatedAt}
	case err != nil:
		return err
	}
	lead.SubmittedAt, lead.Overall, lead.Tier, lead.TierLabel, lead.Scores = &now, lr.Overall, lr.Tier, lr.TierLabel, string(dims)
	if err := tx.Select("*").Save(&lead).Error; err != nil {
		return err
	}
	return s.emit(tx, row.WorkspaceID, mspeval.EventLeadSubmitted, row.ID, row.ResponseRevision+1, row.ID, leadEvent(lead, lr))
}

// leadResultOf keeps a respondent's result as a lead's scores and tiers.
func leadResultOf(res questions.RespondentResult) mspeval.LeadResult {
	out := mspeval.LeadResult{Overall: res.Overall.Score, Dimensions: []mspeval.LeadDimension{}}
	if t := res.Overall.Tier; t != nil {
		out.Tier, out.TierLabel = t.Key, t.Label
	}
	for _, d := range res.Dimensions {
		ld := mspeval.LeadDimension{Key: d.Key, Name: d.Name, Score: d.Score}
		if d.Tier != nil {
			ld.Tier, ld.TierLabel = d.Tier.Key, d.Tier.Label
		}
		out.Dimensions = append(out.Dimensions, ld)
	}
	return out
}

// leadEvent is the data of a lead.* webhook event: contact, source, tier and
// scores.
func leadEvent(l leadRow, r mspeval.LeadResult) map[string]any {
	src := map[string]string{}
	_ = json.Unmarshal([]byte(l.Source), &src)
	data := map[string]any{"candidate_id": l.CandidateID, "evaluation_id": l.EvaluationID, "origin": l.Origin,
		"contact": map[string]any{"name": l.PersonName, "email": l.Email, "company": l.Company}, "source": src,
		"tier": r.Tier, "tier_label": r.TierLabel, "overall": r.Overall, "dimensions": r.Dimensions,
		"status": mspeval.LeadStatus(l.SubmittedAt, l.SalesReadyAt), "submitted_at": utcPtr(l.SubmittedAt)}
	if l.ConsentedAt != nil {
		data["consent"] = map[string]any{"text": l.ConsentText, "at": l.ConsentedAt.UTC()}
	}
	if l.SalesReadyAt != nil {
		data["sales_ready_at"] = l.SalesReadyAt.UTC()
		data["note"] = l.SalesNote
	}
	return data
}

// MarkSalesReady records a submitted respondent's "talk to us", with an
// optional note, and emits lead.sales_ready once. It is for campaigns only.
func (s *Store) MarkSalesReady(ctx context.Context, secret, note string) (mspeval.Lead, error) {
	note = strings.TrimSpace(note)
	if fields := checkText("note", note, 0, 1000); len(fields) > 0 {
		return mspeval.Lead{}, mspeval.Invalid("the note is not valid", fields...)
	}
	var candID string
	err := s.write(ctx, func(tx *gorm.DB) error {
		_, cand, err := s.resolveInvitation(tx, secret)
		if err != nil {
			return err
		}
		candID = cand.ID
		var lead leadRow
		err = tx.Where("candidate_id = ?", cand.ID).Take(&lead).Error
		if errors.Is(err, gorm.ErrRecordNotFound) || (err == nil && cand.ResponseStatus != mspeval.ResponseSubmitted) {
			return mspeval.Errorf(mspeval.ECONFLICT, "submit your answers first; then you can ask to talk")
		}
		if err != nil {
			return err
		}
		if lead.SalesReadyAt != nil && lead.SubmittedAt != nil && !lead.SalesReadyAt.Before(*lead.SubmittedAt) {
			return nil // asked already: the same answer again
		}
		now := s.clock()
		lead.SalesReadyAt, lead.SalesNote = &now, note
		if err := tx.Model(&leadRow{}).Where("candidate_id = ?", cand.ID).
			Updates(map[string]any{"sales_ready_at": now, "sales_note": note}).Error; err != nil {
			return err
		}
		var r mspeval.LeadResult
		_ = json.Unmarshal([]byte(lead.Scores), &r.Dimensions)
		r.Overall, r.Tier, r.TierLabel = lead.Overall, lead.Tier, lead.TierLabel
		return s.emit(tx, cand.WorkspaceID, mspeval.EventLeadSalesReady, cand.ID, cand.ResponseRevision, cand.ID, leadEvent(lead, r))
	})
	if err != nil {
		return mspeval.Lead{}, err
	}
	rows, err := s.leadRows(leadsFrom(s.read(ctx)).Where("c.id = ?", candID))
	if err != nil || len(rows) != 1 {
		return mspeval.Lead{}, mspeval.Internal(err)
	}
	return rows[0].toDomain(), nil
}

// RespondentLead is the lead behind a link, for the results page: whether
// they asked to talk already. ok is false outside campaigns.
func (s *Store) RespondentLead(ctx context.Context, secret string) (mspeval.Lead, bool, error) {
	var out []leadListRow
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		_, cand, err := s.peekInvitation(tx, secret)
		if err != nil {
			return err
		}
		out, err = s.leadRows(leadsFrom(tx).Where("c.id = ? AND l.candidate_id IS NOT NULL", cand.ID))
		return err
	})
	if err != nil || len(out) == 0 {
		return mspeval.Lead{}, false, translate(err)
	}
	return out[0].toDomain(), true, nil
}

// leadsFrom is the candidates of campaigns with their lead rows, when they have one.
func leadsFrom(db *gorm.DB) *gorm.DB {
	return db.Table("candidates c").Joins("LEFT JOIN leads l ON l.candidate_id = c.id")
}

// leadRows reads the leads a query over leadsFrom selects.
func (s *Store) leadRows(q *gorm.DB) ([]leadListRow, error) {
	var rows []leadListRow
	err := q.Select("c.id, c.name, c.contact_name, c.contact_email, c.created_at, c.response_status, c.submitted_at, " +
		"l.origin, l.person_name, l.email, l.company, l.consent_text, l.consented_at, l.source, l.sales_ready_at, " +
		"l.sales_note, l.overall, l.tier, l.tier_label, l.scores").Find(&rows).Error
	return rows, translate(err)
}

// LeadQuery filters and sorts a campaign's leads.
type LeadQuery struct {
	// Status is one of mspeval.LeadStatuses, or "" for all.
	Status string
	// Tier is an overall tier key, or "" for all.
	Tier string
	// Source is a source label (utm_source or ref), or "" for all.
	Source string
	// Search matches company, name and email.
	Search string
	// Sort is one of LeadSorts ("" is "score"); Asc reverses the default order.
	Sort string
	Asc  bool
	// Limit and Offset page through the list (Limit 0: 50; at most 1000).
	Limit, Offset int
}

// LeadSorts are the orders a leads list takes, each with its SQL.
var LeadSorts = map[string]string{
	"score":     "CASE WHEN c.response_status = 'submitted' THEN l.overall END",
	"created":   "c.created_at",
	"company":   "LOWER(c.name)",
	"status":    "CASE WHEN c.response_status <> 'submitted' THEN 0 WHEN l.sales_ready_at IS NULL THEN 1 ELSE 2 END",
	"submitted": "CASE WHEN c.response_status = 'submitted' THEN c.submitted_at END",
}

// LeadPage is one page of leads and how many match in all.
type LeadPage struct {
	Leads []mspeval.Lead `json:"leads"`
	Total int            `json:"total"`
}

// ListLeads lists a campaign's leads: every candidate, from the public link
// or a per-prospect link, best score first unless asked otherwise.
func (s *Store) ListLeads(ctx context.Context, c mspeval.Caller, evaluationID string, lq LeadQuery) (LeadPage, error) {
	var fields []mspeval.FieldError
	order, ok := LeadSorts[orDefaultString(lq.Sort, "score")]
	if !ok {
		fields = append(fields, mspeval.FieldError{Field: "sort", Message: "must be one of score, created, company, status, submitted"})
	}
	if lq.Status != "" && !contains(mspeval.LeadStatuses, lq.Status) {
		fields = append(fields, mspeval.FieldError{Field: "status", Message: "must be one of started, submitted, sales_ready"})
	}
	for _, f := range []struct{ name, v string }{{"tier", lq.Tier}, {"source", lq.Source}, {"q", lq.Search}} {
		fields = append(fields, checkText(f.name, f.v, 0, 200)...)
	}
	if lq.Limit < 0 || lq.Limit > 1000 {
		fields = append(fields, mspeval.FieldError{Field: "limit", Message: "must be between 1 and 1000"})
	}
	if lq.Offset < 0 {
		fields = append(fields, mspeval.FieldError{Field: "offset", Message: "must not be negative"})
	}
	if len(fields) > 0 {
		return LeadPage{}, mspeval.Invalid("the leads query is not valid", fields...)
	}
	return snapshotValue(s, ctx, func(db *gorm.DB) (LeadPage, error) {
		ev, _, err := s.campaignEvaluation(db, c, evaluationID)
		if err != nil {
			return LeadPage{}, err
		}
		filter := func(q *gorm.DB) *gorm.DB {
			q = leadsFrom(q).Where("c.evaluation_id = ? AND c.workspace_id = ?", ev.ID, c.WorkspaceID)
			switch lq.Status {
			case mspeval.LeadStarted:
				q = q.Where("c.response_status <> 'submitted'")
			case mspeval.LeadSubmitted:
				q = q.Where("c.response_status = 'submitted' AND l.sales_ready_at IS NULL")
			case mspeval.LeadSalesReady:
				q = q.Where("c.response_status = 'submitted' AND l.sales_ready_at IS NOT NULL")
			}
			if lq.Tier != "" {
				q = q.Where("c.response_status = 'submitted' AND l.tier = ?", lq.Tier)
			}
			if lq.Source != "" {
				q = q.Where("l.source_label = ?", lq.Source)
			}
			if t := strings.ToLower(strings.TrimSpace(lq.Search)); t != "" {
				like := "%" + escapeLike(t) + "%"
				q = q.Where("(LOWER(c.name) LIKE ? ESCAPE '\\' OR LOWER(c.contact_name) LIKE ? ESCAPE '\\' OR LOWER(c.contact_email) LIKE ? ESCAPE '\\')",
					like, like, like)
			}
			return q
		}
		var total int64
		if err := filter(db).Count(&total).Error; err != nil {
			return LeadPage{}, translate(err)
		}
		dir := " DESC"
		if lq.Asc {
			dir = " ASC"
		}
		nulls := " NULLS LAST"
		limit := lq.Limit
		if limit == 0 {
			limit = 50
		}
		rows, err := s.leadRows(filter(db).Order(order + dir + nulls).Order("c.id").Limit(limit).Offset(lq.Offset))
		if err != nil {
			return LeadPage{}, err
		}
		out := LeadPage{Total: int(total), Leads: make([]mspeval.Lead, 0, len(rows))}
		for _, r := range rows {
			out.Leads = append(out.Leads, r.toDomain())
		}
		return out, nil
	})
}

func escapeLike(s string) string {
	return strings.NewReplacer("\\", "\\\\", "%", "\\%", "_", "\\_").Replace(s)
}

func orDefaultString(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Funnel counts a campaign's visits, starts, submissions and sales-ready
// leads, in total and per day (UTC) over the last days days.
func (s *Store) Funnel(ctx context.Context, c mspeval.Caller, evaluationID string, days int) (mspeval.Funnel, error) {
	if days < 1 || days > 366 {
		return mspeval.Funnel{}, mspeval.Invalid("the funnel's period is not valid",
			mspeval.FieldError{Field: "days", Message: "must be between 1 and 366"})
	}
	return snapshotValue(s, ctx, func(db *gorm.DB) (mspeval.Funnel, error) {
		ev, _, err := s.campaignEvaluation(db, c, evaluationID)
		if err != nil {
			return mspeval.Funnel{}, err
		}
		now := s.clock().UTC()
		from := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, -(days - 1))
		byDay := map[string]*mspeval.FunnelDay{}
		out := mspeval.Funnel{Days: make([]mspeval.FunnelDay, 0, days)}
		for d := 0; d < days; d++ {
			k := from.AddDate(0, 0, d).Format("2006-01-02")
			out.Days = append(out.Days, mspeval.FunnelDay{Day: k})
		}
		for i := range out.Days {
			byDay[out.Days[i].Day] = &out.Days[i]
		}
		var visits []struct {
			Day    string
			Visits int
		}
		if err := db.Table("campaign_visits").Select("day, visits").Where("evaluation_id = ?", ev.ID).Find(&visits).Error; err != nil {
			return out, translate(err)
		}
		for _, v := range visits {
			out.Visits += v.Visits
			if d := byDay[v.Day]; d != nil {
				d.Visits += v.Visits
			}
		}
		var leads []struct {
			CreatedAt      time.Time
			ResponseStatus string
			SubmittedAt    *time.Time
			SalesReadyAt   *time.Time
		}
		if err := leadsFrom(db).Select("c.created_at, c.response_status, c.submitted_at, l.sales_ready_at").
			Where("c.evaluation_id = ? AND c.workspace_id = ?", ev.ID, c.WorkspaceID).Find(&leads).Error; err != nil {
			return out, translate(err)
		}
		day := func(t time.Time) *mspeval.FunnelDay { return byDay[t.UTC().Format("2006-01-02")] }
		for _, l := range leads {
			out.Started++
			if d := day(l.CreatedAt); d != nil {
				d.Started++
			}
			if l.ResponseStatus != mspeval.ResponseSubmitted || l.SubmittedAt == nil {
				continue
			}
			out.Submitted++
			if d := day(*l.SubmittedAt); d != nil {
				d.Submitted++
			}
			if l.SalesReadyAt != nil {
				out.SalesReady++
				if d := day(*l.SalesReadyAt); d != nil {
					d.SalesReady++
				}
			}
		}
		return out, nil
	})
}

// brandingOf reads a workspace's branding, without the logo's bytes.
func brandingOf(db *gorm.DB, workspaceID string) (mspeval.Branding, error) {
	var row struct {
		Name         string
		AccentColor  string
		LogoType     string
		EmbedOrigins string
	}
	if err := db.Table("workspaces").Select("name, accent_color, logo_type, embed_origins").Where("id = ?", workspaceID).Take(&row).Error; err != nil {
		return mspeval.Branding{}, translate(err)
	}
	return mspeval.Branding{Name: row.Name, AccentColor: row.AccentColor, HasLogo: row.LogoType != "", LogoType: row.LogoType,
		EmbedOrigins: strings.Fields(row.EmbedOrigins)}, nil
}

// Branding returns the caller's workspace's branding.
func (s *Store) Branding(ctx context.Context, c mspeval.Caller) (mspeval.Branding, error) {
	return brandingOf(s.read(ctx), c.WorkspaceID)
}

// BrandingInput changes a workspace's branding; nil fields stay.
type BrandingInput struct {
	AccentColor  *string
	EmbedOrigins *[]string
}

// SetBranding changes the accent colour and the origins that may frame the
// public pages.
func (s *Store) SetBranding(ctx context.Context, c mspeval.Caller, in BrandingInput) (mspeval.Branding, error) {
	changes := map[string]any{}
	var fields []mspeval.FieldError
	if in.AccentColor != nil {
		v := strings.TrimSpace(*in.AccentColor)
		if p := mspeval.AccentProblem(v); p != "" {
			fields = append(fields, mspeval.FieldError{Field: "accent_color", Message: p})
		}
		changes["accent_color"] = strings.ToUpper(v)
	}
	if in.EmbedOrigins != nil {
		if len(*in.EmbedOrigins) > 20 {
			fields = append(fields, mspeval.FieldError{Field: "embed_origins", Message: "must list at most 20 origins"})
		}
		var keep []string
		for i, o := range *in.EmbedOrigins {
			o = strings.TrimSuffix(strings.TrimSpace(o), "/")
			if p := mspeval.OriginProblem(o); p != "" {
				fields = append(fields, mspeval.FieldError{Field: fmt.Sprintf("embed_origins[%d]", i), Message: p})
				continue
			}
			if !contains(keep, strings.ToLower(o)) {
				keep = append(keep, strings.ToLower(o))
			}
		}
		changes["embed_origins"] = strings.Join(keep, " ")
	}
	if len(fields) > 0 {
		return mspeval.Branding{}, mspeval.Invalid("the branding is not valid", fields...)
	}
	if len(changes) > 0 {
		if err := s.write(ctx, func(tx *gorm.DB) error {
			return tx.Table("workspaces").Where("id = ?", c.WorkspaceID).Updates(changes).Error
		}); err != nil {
			return mspeval.Branding{}, err
		}
	}
	return s.Branding(ctx, c)
}

// SetLogo stores the workspace's logo (PNG or JPEG, checked by the caller);
// nil data removes it.
func (s *Store) SetLogo(ctx context.Context, c mspeval.Caller, data []byte, contentType string) error {
	if data == nil {
		contentType = ""
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		return tx.Table("workspaces").Where("id = ?", c.WorkspaceID).
			Updates(map[string]any{"logo": data, "logo_type": contentType}).Error
	})
}

// Logo returns a workspace's logo and its type; ENOTFOUND when it has none.
func (s *Store) Logo(ctx context.Context, workspaceID string) ([]byte, string, error) {
	var row struct {
		Logo     []byte
		LogoType string
	}
	if err := s.read(ctx).Table("workspaces").Select("logo, logo_type").Where("id = ?", workspaceID).Take(&row).Error; err != nil {
		return nil, "", translate(err)
	}
	if row.LogoType == "" || len(row.Logo) == 0 {
		return nil, "", mspeval.NotFound("logo")
	}
	return row.Logo, row.LogoType, nil
}

// LinkWorkspace returns the workspace behind a respondent's link or a public
// link (one of them set), for the branding of what the respondent sees.
func (s *Store) LinkWorkspace(ctx context.Context, secret, slug string) (string, mspeval.Branding, error) {
	var id string
	var b mspeval.Branding
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		switch {
		case slug != "":
			row, _, err := s.resolveCampaign(tx, slug)
			if err != nil {
				return err
			}
			id = row.WorkspaceID
		default:
			var inv invitationRow
			err := tx.Select("workspace_id").Where("token_hash = ?", mspeval.HashSecret(secret)).Take(&inv).Error
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return mspeval.Errorf(mspeval.ENOTFOUND, "this link is not valid; check that it was copied whole")
			}
			if err != nil {
				return err
			}
			id = inv.WorkspaceID
		}
		var err error
		b, err = brandingOf(tx, id)
		return err
	})
	return id, b, translate(err)
}
