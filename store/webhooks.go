package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"mspeval"
)

type webhookEndpointRow struct {
	ID          string
	WorkspaceID string
	URL         string
	Events      string
	Secrets     string
	CreatedBy   *string
	CreatedAt   time.Time
	DisabledAt  *time.Time
}

func (webhookEndpointRow) TableName() string { return "webhook_endpoints" }

func (r webhookEndpointRow) toDomain() mspeval.WebhookEndpoint {
	e := mspeval.WebhookEndpoint{ID: r.ID, URL: r.URL, Events: strings.Split(r.Events, ","), CreatedAt: r.CreatedAt.UTC()}
	if r.CreatedBy != nil {
		e.CreatedBy = *r.CreatedBy
	}
	return e
}

func (r webhookEndpointRow) secrets() []string {
	var s []string
	_ = json.Unmarshal([]byte(r.Secrets), &s)
	return s
}

// WebhookInput registers an endpoint. The URL is checked by the caller (the
// app layer knows which address ranges are allowed); the store checks events.
type WebhookInput struct {
	URL    string
	Events []string
	Secret string
}

func checkEvents(events []string) []mspeval.FieldError {
	if len(events) == 0 {
		return []mspeval.FieldError{{Field: "events", Message: "pick at least one event"}}
	}
	var fields []mspeval.FieldError
	for i, ev := range events {
		known := false
		for _, k := range mspeval.WebhookEvents {
			known = known || ev == k
		}
		if !known {
			fields = append(fields, mspeval.FieldError{Field: fmt.Sprintf("events[%d]", i),
				Message: "must be one of " + strings.Join(mspeval.WebhookEvents, ", ")})
		}
	}
	return fields
}

// CreateWebhook registers an endpoint of the caller's workspace.
func (s *Store) CreateWebhook(ctx context.Context, c mspeval.Caller, in WebhookInput) (mspeval.WebhookEndpoint, error) {
	if fields := checkEvents(in.Events); len(fields) > 0 {
		return mspeval.WebhookEndpoint{}, mspeval.Invalid("the webhook is not valid", fields...)
	}
	now := s.clock()
	secrets, _ := json.Marshal([]string{in.Secret})
	row := webhookEndpointRow{ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, URL: in.URL,
		Events: strings.Join(in.Events, ","), Secrets: string(secrets), CreatedBy: nonEmpty(c.UserID), CreatedAt: now}
	if err := s.write(ctx, func(tx *gorm.DB) error { return tx.Create(&row).Error }); err != nil {
		return mspeval.WebhookEndpoint{}, err
	}
	return row.toDomain(), nil
}

// ListWebhooks lists the workspace's endpoints.
func (s *Store) ListWebhooks(ctx context.Context, c mspeval.Caller) ([]mspeval.WebhookEndpoint, error) {
	var rows []webhookEndpointRow
	if err := s.read(ctx).Where("workspace_id = ? AND disabled_at IS NULL", c.WorkspaceID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]mspeval.WebhookEndpoint, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// DeleteWebhook removes an endpoint; its queued deliveries go with it.
func (s *Store) DeleteWebhook(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Delete(&webhookEndpointRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return mspeval.NotFound("webhook")
		}
		return nil
	})
}

// RotateWebhookSecret adds a new signing secret. Deliveries are signed with the
// new and the previous one until the previous is dropped (keepPrevious false),
// so a receiver can switch without missing a delivery.
func (s *Store) RotateWebhookSecret(ctx context.Context, c mspeval.Caller, id, secret string, keepPrevious bool) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		var row webhookEndpointRow
		if err := tx.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Take(&row).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return mspeval.NotFound("webhook")
			}
			return err
		}
		list := []string{secret}
		if old := row.secrets(); keepPrevious && len(old) > 0 {
			list = append(list, old[0])
		}
		b, _ := json.Marshal(list)
		return tx.Model(&webhookEndpointRow{}).Where("id = ?", row.ID).Update("secrets", string(b)).Error
	})
}

// WebhookTarget is what the worker needs to deliver to an endpoint.
type WebhookTarget struct {
	URL     string
	Secrets []string
}

// WebhookTarget reads an endpoint's address and signing secrets, for the worker.
func (s *Store) WebhookTarget(ctx context.Context, endpointID string) (WebhookTarget, error) {
	var row webhookEndpointRow
	if err := s.read(ctx).Where("id = ?", endpointID).Take(&row).Error; err != nil {
		return WebhookTarget{}, translate(err)
	}
	return WebhookTarget{URL: row.URL, Secrets: row.secrets()}, nil
}

// WebhookDeliveries lists an endpoint's deliveries, newest first.
func (s *Store) WebhookDeliveries(ctx context.Context, c mspeval.Caller, endpointID string) ([]mspeval.OutboxItem, error) {
	var n int64
	if err := s.read(ctx).Model(&webhookEndpointRow{}).Where("id = ? AND workspace_id = ?", endpointID, c.WorkspaceID).Count(&n).Error; err != nil {
		return nil, translate(err)
	}
	if n == 0 {
		return nil, mspeval.NotFound("webhook")
	}
	var rows []outboxRow
	err := s.read(ctx).Where("endpoint_id = ? AND workspace_id = ?", endpointID, c.WorkspaceID).Order("id DESC").Limit(200).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]mspeval.OutboxItem, len(rows))
	for i, r := range rows {
		out[i] = r.toDomain()
	}
	return out, nil
}

// Redeliver queues a delivery again, now, whatever became of it.
func (s *Store) Redeliver(ctx context.Context, c mspeval.Caller, deliveryID string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&outboxRow{}).Where("id = ? AND workspace_id = ? AND kind = ? AND state <> ?", deliveryID, c.WorkspaceID, mspeval.OutboxWebhook, OutboxSending).
			Updates(map[string]any{"state": OutboxQueued, "next_attempt_at": s.clock(), "attempts": 0})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return mspeval.NotFound("delivery")
		}
		return nil
	})
}

// emit queues one delivery of an event to every endpoint of the workspace that
// subscribed to it, inside the caller's transaction. subject and version make
// the idempotency key: the same change never queues the same event twice.
func (s *Store) emit(tx *gorm.DB, workspaceID, event, subject string, version int, candidateID string, data any) error {
	var rows []webhookEndpointRow
	if err := tx.Where("workspace_id = ? AND disabled_at IS NULL", workspaceID).Find(&rows).Error; err != nil {
		return err
	}
	now := s.clock()
	for _, r := range rows {
		if !strings.Contains(","+r.Events+",", ","+event+",") {
			continue
		}
		body, err := json.Marshal(map[string]any{"type": event, "timestamp": now.Format(time.RFC3339), "data": data})
		if err != nil {
			return err
		}
		err = s.enqueue(tx, mspeval.OutboxItem{WorkspaceID: workspaceID, Kind: mspeval.OutboxWebhook, Topic: event,
			CandidateID: candidateID, EndpointID: r.ID, Recipient: r.URL, Payload: body,
			IdempotencyKey: fmt.Sprintf("%s:%s:%d:%s", event, subject, version, r.ID)})
		if err != nil {
			return err
		}
	}
	return nil
}
