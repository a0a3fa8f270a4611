package webhook

import (
	"encoding/json"
	"errors"
	"time"
)

// envelope is the payload shape the specification recommends, so receivers'
// tooling can route on type without knowing our events.
type envelope struct {
	Type      string          `json:"type"`
	Timestamp string          `json:"timestamp"`
	Data      json.RawMessage `json:"data"`
}

// Payload encodes a Delivery body: {"type": event, "timestamp": at in RFC
// 3339 UTC, "data": data}. The timestamp is when the event happened, which
// stays the same on every attempt, unlike the webhook-timestamp header.
func Payload(event string, at time.Time, data any) ([]byte, error) {
	if event == "" {
		return nil, errors.New("webhook: payload without event type")
	}
	raw, err := json.Marshal(data)
	if err != nil {
		return nil, err
	}
	return json.Marshal(envelope{Type: event, Timestamp: at.UTC().Format(time.RFC3339Nano), Data: raw})
}
