package app

import (
	"bytes"
	"context"
	"image"
	_ "image/jpeg" // logos may be JPEG
	_ "image/png"  // or PNG
	"net/http"

	"mspeval"
	"mspeval/store"
)

// Campaigns: a sales team's survey of prospects (mspeval.Campaign). The
// public link's routes take its slug instead of a caller and reach only the
// campaign's first page and the start of a new response; a lead's own
// routes take their private link's secret, like every respondent's.

// Campaign returns an evaluation's public link settings.
func (s *Service) Campaign(ctx context.Context, c mspeval.Caller, evaluationID string) (mspeval.Campaign, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (mspeval.Campaign, error) { return s.store.Campaign(ctx, c, evaluationID) })
}

// SaveCampaign creates or changes the public link.
func (s *Service) SaveCampaign(ctx context.Context, c mspeval.Caller, evaluationID string, in store.CampaignInput) (mspeval.Campaign, error) {
	return allowed(c, mspeval.EditEvaluations, func() (mspeval.Campaign, error) { return s.store.SaveCampaign(ctx, c, evaluationID, in) })
}

// ListLeads lists a campaign's leads.
func (s *Service) ListLeads(ctx context.Context, c mspeval.Caller, evaluationID string, q store.LeadQuery) (store.LeadPage, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (store.LeadPage, error) { return s.store.ListLeads(ctx, c, evaluationID, q) })
}

// Funnel counts a campaign's visits, starts, submissions and sales-ready
// leads over the last days days.
func (s *Service) Funnel(ctx context.Context, c mspeval.Caller, evaluationID string, days int) (mspeval.Funnel, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (mspeval.Funnel, error) { return s.store.Funnel(ctx, c, evaluationID, days) })
}

// Branding returns the workspace's branding.
func (s *Service) Branding(ctx context.Context, c mspeval.Caller) (mspeval.Branding, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (mspeval.Branding, error) { return s.store.Branding(ctx, c) })
}

// SetBranding changes the accent colour and the sites that may embed the
// public pages.
func (s *Service) SetBranding(ctx context.Context, c mspeval.Caller, in store.BrandingInput) (mspeval.Branding, error) {
	return allowed(c, mspeval.ManageBranding, func() (mspeval.Branding, error) { return s.store.SetBranding(ctx, c, in) })
}

// LogoTypes are the image types a logo may have.
var LogoTypes = []string{"image/png", "image/jpeg"}

// SetLogo checks and stores the workspace's logo: a PNG or JPEG of at most
// mspeval.MaxLogoBytes and 2,000 pixels a side. The type is read from the
// bytes, never taken from the client.
func (s *Service) SetLogo(ctx context.Context, c mspeval.Caller, data []byte) (mspeval.Branding, error) {
	if err := c.May(mspeval.ManageBranding); err != nil {
		return mspeval.Branding{}, err
	}
	typ, err := CheckLogo(data)
	if err != nil {
		return mspeval.Branding{}, err
	}
	if err := s.store.SetLogo(ctx, c, data, typ); err != nil {
		return mspeval.Branding{}, err
	}
	return s.store.Branding(ctx, c)
}

// CheckLogo returns a logo's type, or why it is refused.
func CheckLogo(data []byte) (string, error) {
	field := func(msg string) error {
		return mspeval.Invalid("the logo is not usable", mspeval.FieldError{Field: "logo", Message: msg})
	}
	if len(data) == 0 {
		return "", field("is empty")
	}
	if len(data) > mspeval.MaxLogoBytes {
		return "", mspeval.Errorf(mspeval.ETOOLARGE, "the logo is over %d KB; make it smaller", mspeval.MaxLogoBytes>>10)
	}
	typ := http.DetectContentType(data)
	if typ != "image/png" && typ != "image/jpeg" {
		return "", mspeval.Errorf(mspeval.EUNSUPPORTED, "the logo must be a PNG or JPEG image")
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return "", field("is not a readable " + typ + " image")
	}
	if cfg.Width < 1 || cfg.Height < 1 || cfg.Width > 2000 || cfg.Height > 2000 {
		return "", field("must be at most 2000 pixels wide and high")
	}
	// Decode it whole: a truncated file passes DecodeConfig but would break
	// the PDF later.
	if _, _, err := image.Decode(bytes.NewReader(data)); err != nil {
		return "", field("is not a readable " + typ + " image")
	}
	return typ, nil
}

// RemoveLogo drops the workspace's logo.
func (s *Service) RemoveLogo(ctx context.Context, c mspeval.Caller) (mspeval.Branding, error) {
	if err := c.May(mspeval.ManageBranding); err != nil {
		return mspeval.Branding{}, err
	}
	if err := s.store.SetLogo(ctx, c, nil, ""); err != nil {
		return mspeval.Branding{}, err
	}
	return s.store.Branding(ctx, c)
}

// WorkspaceLogo returns the caller's workspace's logo.
func (s *Service) WorkspaceLogo(ctx context.Context, c mspeval.Caller) ([]byte, string, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, "", err
	}
	return s.store.Logo(ctx, c.WorkspaceID)
}

// LinkBranding is the branding of the workspace behind a respondent's link
// (secret) or a public link (slug): what its pages show and which sites may
// frame them.
func (s *Service) LinkBranding(ctx context.Context, secret, slug string) (mspeval.Branding, error) {
	_, b, err := s.store.LinkWorkspace(ctx, secret, slug)
	return b, err
}

// LinkSender names the member who created a respondent's link ("" when none
// did) and the workspace, for the page of a link that no longer works.
func (s *Service) LinkSender(ctx context.Context, secret string) (person, workspace string, err error) {
	return s.store.LinkSender(ctx, secret)
}

// LinkLogo is the logo of the workspace behind a respondent's or a public link.
func (s *Service) LinkLogo(ctx context.Context, secret, slug string) ([]byte, string, error) {
	id, _, err := s.store.LinkWorkspace(ctx, secret, slug)
	if err != nil {
		return nil, "", err
	}
	return s.store.Logo(ctx, id)
}

// OpenPublicCampaign shows a public link's first page; visit counts it in
// the funnel.
func (s *Service) OpenPublicCampaign(ctx context.Context, slug string, visit bool) (store.PublicCampaign, error) {
	return s.store.OpenPublicCampaign(ctx, slug, visit)
}

// StartLead starts a visitor's own response through a public link and
// returns their private link's secret; with email configured the link is
// emailed to them as well.
func (s *Service) StartLead(ctx context.Context, slug string, f mspeval.LeadForm) (store.StartedLead, error) {
	return s.store.StartLead(ctx, slug, f, s.mail)
}

// MarkSalesReady records a submitted lead's "talk to us".
func (s *Service) MarkSalesReady(ctx context.Context, secret, note string) (mspeval.Lead, error) {
	return s.store.MarkSalesReady(ctx, secret, note)
}

// RespondentLead is the lead behind a link, when the link is a campaign's.
func (s *Service) RespondentLead(ctx context.Context, secret string) (mspeval.Lead, bool, error) {
	return s.store.RespondentLead(ctx, secret)
}
