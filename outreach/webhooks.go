package outreach

import (
	"context"
	"fmt"
	"time"

	"mspeval"
	"mspeval/store"
)

// Post is one signed webhook delivery: the endpoint, the secrets to sign with,
// the message ID (webhook-id) and the body.
type Post struct {
	URL     string
	Secrets []string
	ID      string
	Event   string
	Body    []byte
}

// Poster delivers a Post and says the HTTP status the receiver answered; an
// error means no answer (refused address, timeout, connection failure).
type Poster interface {
	Post(ctx context.Context, p Post) (status int, err error)
}

func (w *Worker) deliver(ctx context.Context, it mspeval.OutboxItem) store.OutboxResult {
	if w.hooks == nil {
		return store.OutboxResult{State: store.OutboxQueued, RetryAt: w.now().Add(time.Hour), Error: "webhooks are off"}
	}
	target, err := w.store.WebhookTarget(ctx, it.EndpointID)
	if err != nil {
		return store.OutboxResult{State: store.OutboxFailed, Error: "the endpoint is gone: " + err.Error()}
	}
	start := w.now()
	status, err := w.hooks.Post(ctx, Post{URL: target.URL, Secrets: target.Secrets, ID: it.ID, Event: it.Topic, Body: it.Payload})
	res := store.OutboxResult{Latency: w.now().Sub(start)}
	if status != 0 {
		res.StatusCode = &status
	}
	switch {
	case err == nil && status >= 200 && status < 300:
		res.State = store.OutboxSent
	case err != nil:
		res.State, res.RetryAt, res.Error = store.OutboxQueued, w.retryAt(it.Attempts), err.Error()
	default:
		res.State, res.RetryAt, res.Error = store.OutboxQueued, w.retryAt(it.Attempts), fmt.Sprintf("the receiver answered %d", status)
	}
	return res
}
