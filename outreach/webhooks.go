package outreach

import (
	"context"
	"errors"

	"mspeval"
	"mspeval/store"
	"mspeval/webhook"
)

// Poster delivers one signed webhook; *webhook.Client is one.
type Poster interface {
	Deliver(ctx context.Context, d webhook.Delivery) (webhook.Result, error)
}

// deliver makes one attempt at a webhook delivery. A 2xx answer is sent; any
// other answer or a network failure is retried on webhook.Backoff's schedule;
// an endpoint that can never be reached (a forbidden address) fails at once.
func (w *Worker) deliver(ctx context.Context, it mspeval.OutboxItem) store.OutboxResult {
	if w.hooks == nil {
		return store.OutboxResult{State: store.OutboxFailed, Error: "webhooks are off"}
	}
	target, err := w.store.WebhookTarget(ctx, it.EndpointID)
	if err != nil {
		return store.OutboxResult{State: store.OutboxFailed, Error: "the endpoint is gone: " + err.Error()}
	}
	res, err := w.hooks.Deliver(ctx, webhook.Delivery{ID: it.ID, URL: target.URL, Secrets: target.Secrets, Event: it.Topic, Body: it.Payload})
	out := store.OutboxResult{Latency: res.Latency}
	if res.Status != 0 {
		status := res.Status
		out.StatusCode = &status
	}
	var se *webhook.StatusError
	switch {
	case err == nil:
		out.State = store.OutboxSent
	case !errors.As(err, &se) && !webhook.Retryable(err):
		out.State, out.Error = store.OutboxFailed, res.Error
	default:
		out.Error = res.Error
		if out.Error == "" {
			out.Error = err.Error()
		}
		if wait := webhook.Backoff(it.Attempts); wait > 0 {
			out.State, out.RetryAt = store.OutboxQueued, w.now().Add(wait)
		} else {
			out.State = store.OutboxFailed
		}
	}
	return out
}
