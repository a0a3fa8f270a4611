package app

import (
	"context"

	"mspeval"
	"mspeval/store"
	"mspeval/webhook"
)

// CreatedWebhook is a new endpoint with its signing secret, shown this once.
type CreatedWebhook struct {
	Endpoint mspeval.WebhookEndpoint `json:"endpoint"`
	Secret   string                  `json:"secret"`
}

// CreateWebhook registers an endpoint for events. Its address must be https and
// outside private, loopback and link-local ranges unless the configuration
// allows them (MSPEVAL_WEBHOOK_ALLOW); deliveries check the resolved address
// again, so a name that later points inside is refused too.
func (s *Service) CreateWebhook(ctx context.Context, c mspeval.Caller, url string, events []string) (CreatedWebhook, error) {
	if err := c.May(mspeval.ManageWebhooks); err != nil {
		return CreatedWebhook{}, err
	}
	if err := webhook.ValidateURL(url, s.webhookAllow); err != nil {
		return CreatedWebhook{}, mspeval.Invalid("the address cannot receive webhooks", mspeval.FieldError{Field: "url", Message: err.Error()})
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return CreatedWebhook{}, mspeval.Internal(err)
	}
	ep, err := s.store.CreateWebhook(ctx, c, store.WebhookInput{URL: url, Events: events, Secret: secret})
	return CreatedWebhook{Endpoint: ep, Secret: secret}, err
}

// ListWebhooks lists the workspace's endpoints (never their secrets).
func (s *Service) ListWebhooks(ctx context.Context, c mspeval.Caller) ([]mspeval.WebhookEndpoint, error) {
	return allowed(c, mspeval.ManageWebhooks, func() ([]mspeval.WebhookEndpoint, error) { return s.store.ListWebhooks(ctx, c) })
}

// DeleteWebhook removes an endpoint.
func (s *Service) DeleteWebhook(ctx context.Context, c mspeval.Caller, id string) error {
	if err := c.May(mspeval.ManageWebhooks); err != nil {
		return err
	}
	return s.store.DeleteWebhook(ctx, c, id)
}

// RotateWebhookSecret gives an endpoint a new secret, returned this once.
// Deliveries carry signatures by the new and the previous secret until the
// next rotation, so the receiver can switch at its own pace.
func (s *Service) RotateWebhookSecret(ctx context.Context, c mspeval.Caller, id string) (string, error) {
	if err := c.May(mspeval.ManageWebhooks); err != nil {
		return "", err
	}
	secret, err := webhook.NewSecret()
	if err != nil {
		return "", mspeval.Internal(err)
	}
	return secret, s.store.RotateWebhookSecret(ctx, c, id, secret, true)
}

// WebhookDeliveries lists an endpoint's deliveries with their state, status
// code and latency.
func (s *Service) WebhookDeliveries(ctx context.Context, c mspeval.Caller, id string) ([]mspeval.OutboxItem, error) {
	return allowed(c, mspeval.ManageWebhooks, func() ([]mspeval.OutboxItem, error) { return s.store.WebhookDeliveries(ctx, c, id) })
}

// Redeliver queues a delivery again, now.
func (s *Service) Redeliver(ctx context.Context, c mspeval.Caller, deliveryID string) error {
	if err := c.May(mspeval.ManageWebhooks); err != nil {
		return err
	}
	return s.store.Redeliver(ctx, c, deliveryID)
}
