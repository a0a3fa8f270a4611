package api_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"sync"
	"testing"
	"time"

	"mspeval"
	"mspeval/outreach"
	"mspeval/store/storetest"
	"mspeval/webhook"
)

// receiver is a CRM's endpoint: it verifies every delivery's signature with
// the secrets it was given and keeps the verified ones.
type receiver struct {
	mu       sync.Mutex
	secrets  []string
	got      []http.Header
	bodies   []string
	rejected int
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	r.mu.Lock()
	defer r.mu.Unlock()
	if err := webhook.Verify(r.secrets, req.Header, body, time.Now(), 0); err != nil {
		r.rejected++
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	r.got = append(r.got, req.Header.Clone())
	r.bodies = append(r.bodies, string(body))
	w.WriteHeader(http.StatusNoContent)
}

// TestSignedWebhooks: an owner registers an endpoint; a submitted response
// reaches it signed (Standard Webhooks) through the outbox; the delivery is
// logged with its status and latency, can be redelivered with the same ID, and
// the secret can be rotated without a delivery failing verification.
func TestSignedWebhooks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		rcv := &receiver{}
		srv := httptest.NewServer(rcv)
		t.Cleanup(srv.Close)

		e.must(403, request{Method: "POST", Path: "/api/v1/webhooks", As: "editorA", Body: map[string]any{"url": srv.URL, "events": []string{"response.submitted"}}})
		p := e.must(422, request{Method: "POST", Path: "/api/v1/webhooks", As: "ownerA", Body: map[string]any{"url": "http://169.254.169.254/latest", "events": []string{"response.submitted"}}}).problem(t)
		if !hasField(p.Errors, "url") {
			t.Errorf("a link-local address: %+v, want refused naming url", p)
		}
		var created struct {
			Endpoint mspeval.WebhookEndpoint
			Secret   string
		}
		e.must(201, request{Method: "POST", Path: "/api/v1/webhooks", As: "ownerA",
			Body: map[string]any{"url": srv.URL, "events": []string{"response.submitted", "response.reopened"}}}).decode(t, &created)
		rcv.secrets = []string{created.Secret}

		var link struct{ Token string }
		e.must(201, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA"}).decode(t, &link)
		q, _ := e.store.Catalog().Latest("partner-selection")
		e.must(200, request{Method: "PUT", Path: "/api/v1/respond/" + link.Token + "/answers", Body: map[string]any{"answers": storetest.CompleteAnswers(q)}})
		e.must(200, request{Method: "POST", Path: "/api/v1/respond/" + link.Token + "/submit"})

		w := outreach.New(e.store, nil, webhook.NewClient(webhook.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}}),
			outreach.Config{BaseURL: "http://mspeval.test"}, slog.New(slog.NewTextHandler(io.Discard, nil)))
		run := func() {
			t.Helper()
			for i := 0; i < 10; i++ {
				if n, err := w.RunOnce(context.Background()); err != nil || n == 0 {
					return
				}
			}
		}
		run()
		rcv.mu.Lock()
		if len(rcv.bodies) != 1 || rcv.rejected != 0 {
			t.Fatalf("deliveries: %d verified, %d rejected; want 1 verified", len(rcv.bodies), rcv.rejected)
		}
		firstID := rcv.got[0].Get("webhook-id")
		rcv.mu.Unlock()

		var log struct{ Items []mspeval.OutboxItem }
		e.must(200, request{Method: "GET", Path: "/api/v1/webhooks/" + created.Endpoint.ID + "/deliveries", As: "ownerA"}).decode(t, &log)
		if len(log.Items) != 1 || log.Items[0].State != "sent" || log.Items[0].StatusCode == nil || *log.Items[0].StatusCode != 204 || log.Items[0].LatencyMs == nil {
			t.Fatalf("the delivery log: %+v", log.Items)
		}
		e.must(404, request{Method: "GET", Path: "/api/v1/webhooks/" + created.Endpoint.ID + "/deliveries", As: "ownerB"})

		// Redelivered by hand: the same webhook-id, verified again.
		e.must(202, request{Method: "POST", Path: "/api/v1/deliveries/" + log.Items[0].ID + "/redeliver", As: "ownerA"})
		run()
		// Rotated: the next delivery verifies with the new secret alone, and
		// with the old one alone.
		var rotated struct{ Secret string }
		e.must(200, request{Method: "POST", Path: "/api/v1/webhooks/" + created.Endpoint.ID + "/rotate", As: "ownerA"}).decode(t, &rotated)
		rcv.mu.Lock()
		rcv.secrets = []string{rotated.Secret}
		rcv.mu.Unlock()
		e.must(200, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/reopen", As: "ownerA"})
		run()
		rcv.mu.Lock()
		defer rcv.mu.Unlock()
		if len(rcv.bodies) != 3 || rcv.rejected != 0 {
			t.Fatalf("after redelivery and rotation: %d verified, %d rejected; want 3 and 0", len(rcv.bodies), rcv.rejected)
		}
		if rcv.got[1].Get("webhook-id") != firstID {
			t.Errorf("a redelivery carries webhook-id %q, want the original %q", rcv.got[1].Get("webhook-id"), firstID)
		}
		if err := webhook.Verify([]string{created.Secret}, rcv.got[2], []byte(rcv.bodies[2]), time.Now(), 0); err != nil {
			t.Errorf("during a rotation the previous secret must still verify: %v", err)
		}
	})
}
