package webhook_test

import (
	"encoding/json"
	"testing"
	"time"

	"mspeval/webhook"
)

func TestPayload(t *testing.T) {
	t.Run("StandardEnvelope", func(t *testing.T) {
		at := time.Date(2027, 3, 15, 9, 30, 0, 123000000, time.FixedZone("CET", 3600))
		b, err := webhook.Payload("response.submitted", at, map[string]string{"response_id": "r_1"})
		if err != nil {
			t.Fatal(err)
		}
		want := `{"type":"response.submitted","timestamp":"2027-03-15T08:30:00.123Z","data":{"response_id":"r_1"}}`
		if string(b) != want {
			t.Errorf("Payload = %s, want %s", b, want)
		}
		if !json.Valid(b) {
			t.Error("payload is not valid JSON")
		}
	})

	t.Run("EventRequired", func(t *testing.T) {
		if _, err := webhook.Payload("", time.Now(), nil); err == nil {
			t.Error("Payload without an event succeeded")
		}
	})

	t.Run("UnencodableDataIsAnError", func(t *testing.T) {
		if _, err := webhook.Payload("x", time.Now(), func() {}); err == nil {
			t.Error("Payload with a func succeeded")
		}
	})
}
