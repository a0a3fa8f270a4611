package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"mspeval/webhook"
)

var allowLoopback = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}

// receiver is a CRM-like endpoint that verifies every delivery with Verify,
// as a customer's receiver would.
type receiver struct {
	*httptest.Server
	secrets []string
	conns   atomic.Int32 // connections accepted, to prove a refusal happened before connecting

	mu  sync.Mutex
	got []received
}

type received struct {
	header http.Header
	body   string
	err    error // Verify's verdict
}

func newReceiver(t *testing.T, secrets ...string) *receiver {
	t.Helper()
	r := &receiver{secrets: secrets}
	r.Server = httptest.NewUnstartedServer(http.HandlerFunc(r.serve))
	r.Config.ConnState = func(_ net.Conn, s http.ConnState) {
		if s == http.StateNew {
			r.conns.Add(1)
		}
	}
	r.Start()
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) serve(w http.ResponseWriter, req *http.Request) {
	body, _ := io.ReadAll(req.Body)
	err := webhook.Verify(r.secrets, req.Header, body, time.Now(), 0)
	r.mu.Lock()
	r.got = append(r.got, received{header: req.Header.Clone(), body: string(body), err: err})
	r.mu.Unlock()
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

func (r *receiver) received() []received {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]received(nil), r.got...)
}

func newSecret(t *testing.T) string {
	t.Helper()
	s, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func delivery(url string, secrets ...string) webhook.Delivery {
	return webhook.Delivery{ID: "msg_2zJd7", URL: url, Secrets: secrets, Event: "response.submitted",
		Body: []byte(`{"type":"response.submitted","timestamp":"2027-03-15T09:00:00Z","data":{"response_id":"r_1"}}`)}
}

func TestDeliverSigned(t *testing.T) {
	secret := newSecret(t)
	recv := newReceiver(t, secret)
	c := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback})

	d := delivery(recv.URL+"/hooks/mspeval?token=t1", secret)
	res, err := c.Deliver(context.Background(), d)
	if err != nil {
		t.Fatalf("Deliver: %v (result %+v)", err, res)
	}
	if res.Status != http.StatusNoContent || res.Error != "" || res.Latency <= 0 {
		t.Errorf("Result = %+v, want 204, no error, a latency", res)
	}
	got := recv.received()
	if len(got) != 1 {
		t.Fatalf("receiver got %d requests, want 1", len(got))
	}
	if got[0].err != nil {
		t.Errorf("receiver's Verify: %v", got[0].err)
	}
	if got[0].body != string(d.Body) {
		t.Errorf("body = %q, want %q", got[0].body, d.Body)
	}
	h := got[0].header
	if h.Get("Content-Type") != "application/json" || h.Get("webhook-id") != "msg_2zJd7" {
		t.Errorf("Content-Type, webhook-id = %q, %q", h.Get("Content-Type"), h.Get("webhook-id"))
	}
	if n := len(strings.Fields(h.Get("webhook-signature"))); n != 1 {
		t.Errorf("webhook-signature has %d signatures, want 1", n)
	}
}

func TestDeliverRotation(t *testing.T) {
	oldSecret, newSecret := newSecret(t), newSecret(t)
	notYetRotated := newReceiver(t, oldSecret)
	rotated := newReceiver(t, newSecret)
	c := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback})

	for name, recv := range map[string]*receiver{"ReceiverWithOldSecret": notYetRotated, "ReceiverWithNewSecret": rotated} {
		t.Run(name, func(t *testing.T) {
			if _, err := c.Deliver(context.Background(), delivery(recv.URL, newSecret, oldSecret)); err != nil {
				t.Fatalf("Deliver: %v", err)
			}
			got := recv.received()
			if len(got) != 1 || got[0].err != nil {
				t.Fatalf("received %+v, want one verified delivery", got)
			}
			if n := len(strings.Fields(got[0].header.Get("webhook-signature"))); n != 2 {
				t.Errorf("webhook-signature has %d signatures, want 2 during rotation", n)
			}
		})
	}

	t.Run("AfterRotationOldReceiverRejects", func(t *testing.T) {
		res, err := c.Deliver(context.Background(), delivery(notYetRotated.URL, newSecret))
		var se *webhook.StatusError
		if !errors.As(err, &se) || se.Status != http.StatusUnauthorized || res.Status != http.StatusUnauthorized {
			t.Fatalf("Deliver = %+v, %v; want a 401 from the receiver", res, err)
		}
		if !strings.Contains(res.Error, "no signature matches") {
			t.Errorf("Result.Error = %q, want the receiver's words", res.Error)
		}
	})
}

func TestDeliverTimestamp(t *testing.T) {
	secret := newSecret(t)
	recv := newReceiver(t, secret)
	fixed := time.Now().Add(-time.Hour).Truncate(time.Second)
	c := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback, Now: func() time.Time { return fixed }})

	res, err := c.Deliver(context.Background(), delivery(recv.URL, secret))
	// An hour-old timestamp is a replay as far as the receiver can tell.
	if err == nil || res.Status != http.StatusUnauthorized {
		t.Fatalf("Deliver = %+v, %v; want the receiver to refuse a stale timestamp", res, err)
	}
	got := recv.received()
	if len(got) != 1 || got[0].header.Get("webhook-timestamp") != fmt.Sprint(fixed.Unix()) {
		t.Errorf("webhook-timestamp = %q, want Options.Now's %d", got[0].header.Get("webhook-timestamp"), fixed.Unix())
	}
	if !errors.Is(got[0].err, webhook.ErrTimestamp) {
		t.Errorf("receiver's Verify = %v, want ErrTimestamp", got[0].err)
	}
}

func TestDeliverRefusesPrivateTargets(t *testing.T) {
	secret := newSecret(t)

	t.Run("LoopbackRefusedWithoutAllowList", func(t *testing.T) {
		recv := newReceiver(t, secret)
		res, err := webhook.NewClient(webhook.Options{}).Deliver(context.Background(), delivery(recv.URL, secret))
		if !errors.Is(err, webhook.ErrForbiddenAddress) || webhook.Retryable(err) {
			t.Errorf("Deliver error = %v, want ErrForbiddenAddress, not retryable", err)
		}
		if res.Status != 0 || !strings.Contains(res.Error, "127.0.0.1 is loopback") {
			t.Errorf("Result = %+v, want no status and the reason", res)
		}
		if n := recv.conns.Load(); n != 0 {
			t.Errorf("receiver saw %d connections, want none", n)
		}
	})

	t.Run("LoopbackAcceptedWhenAllowed", func(t *testing.T) {
		recv := newReceiver(t, secret)
		c := webhook.NewClient(webhook.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		if _, err := c.Deliver(context.Background(), delivery(recv.URL, secret)); err != nil {
			t.Errorf("Deliver: %v", err)
		}
	})

	t.Run("NameResolvingToLoopbackRefusedAtDial", func(t *testing.T) {
		recv := newReceiver(t, secret)
		port := recv.Listener.Addr().(*net.TCPAddr).Port
		// https passes ValidateURL (a host name is not resolved there); the
		// dial must refuse what "localhost" resolves to.
		url := fmt.Sprintf("https://localhost:%d/hook", port)
		if err := webhook.ValidateURL(url, nil); err != nil {
			t.Fatalf("ValidateURL(%q) = %v; the test needs it to pass", url, err)
		}
		res, err := webhook.NewClient(webhook.Options{}).Deliver(context.Background(), delivery(url, secret))
		if !errors.Is(err, webhook.ErrForbiddenAddress) {
			t.Errorf("Deliver error = %v, want ErrForbiddenAddress", err)
		}
		if !strings.Contains(res.Error, "is loopback") {
			t.Errorf("Result.Error = %q, want it to name the loopback address", res.Error)
		}
		if n := recv.conns.Load(); n != 0 {
			t.Errorf("receiver saw %d connections, want none", n)
		}
	})

	t.Run("PlainHTTPOnlyIntoAllowedRanges", func(t *testing.T) {
		recv := newReceiver(t, secret)
		port := recv.Listener.Addr().(*net.TCPAddr).Port
		// The allow list is not empty, so http with a host name passes
		// ValidateURL, but localhost resolves outside it.
		c := webhook.NewClient(webhook.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("10.99.0.0/16")}})
		_, err := c.Deliver(context.Background(), delivery(fmt.Sprintf("http://localhost:%d/hook", port), secret))
		if !errors.Is(err, webhook.ErrForbiddenAddress) {
			t.Errorf("Deliver error = %v, want ErrForbiddenAddress", err)
		}
		if n := recv.conns.Load(); n != 0 {
			t.Errorf("receiver saw %d connections, want none", n)
		}
	})

	t.Run("MetadataRefused", func(t *testing.T) {
		_, err := webhook.NewClient(webhook.Options{}).Deliver(context.Background(),
			delivery("http://169.254.169.254/latest/meta-data/", secret))
		if !errors.Is(err, webhook.ErrForbiddenAddress) {
			t.Errorf("Deliver error = %v, want ErrForbiddenAddress", err)
		}
	})
}

func TestDeliverDoesNotFollowRedirects(t *testing.T) {
	secret := newSecret(t)
	target := newReceiver(t, secret)
	redirector := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, target.URL+"/elsewhere", http.StatusTemporaryRedirect)
	}))
	t.Cleanup(redirector.Close)

	c := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback})
	res, err := c.Deliver(context.Background(), delivery(redirector.URL, secret))
	var se *webhook.StatusError
	if !errors.As(err, &se) || se.Status != http.StatusTemporaryRedirect || res.Status != http.StatusTemporaryRedirect {
		t.Fatalf("Deliver = %+v, %v; want the 307 as the result", res, err)
	}
	if !strings.Contains(res.Error, "redirects are not followed") {
		t.Errorf("Result.Error = %q, want it to say redirects are not followed", res.Error)
	}
	if n := len(target.received()); n != 0 {
		t.Errorf("redirect target got %d requests, want none", n)
	}
}

func TestDeliverFailures(t *testing.T) {
	secret := newSecret(t)

	t.Run("TimeoutReported", func(t *testing.T) {
		slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Reading the body lets the server notice the client hanging up.
			_, _ = io.Copy(io.Discard, r.Body)
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}))
		t.Cleanup(slow.Close)
		c := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback, Timeout: 200 * time.Millisecond})
		start := time.Now()
		res, err := c.Deliver(context.Background(), delivery(slow.URL, secret))
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("Deliver took %v with a 200ms timeout", took)
		}
		if err == nil || !webhook.Retryable(err) || res.Status != 0 {
			t.Fatalf("Deliver = %+v, %v; want a retryable error without status", res, err)
		}
		if !strings.Contains(res.Error, "no response within 200ms") {
			t.Errorf("Result.Error = %q, want it to name the timeout", res.Error)
		}
		if res.Latency < 200*time.Millisecond {
			t.Errorf("Latency = %v, want at least the 200ms waited", res.Latency)
		}
	})

	t.Run("CancelledContext", func(t *testing.T) {
		recv := newReceiver(t, secret)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback}).Deliver(ctx, delivery(recv.URL, secret))
		if !errors.Is(err, context.Canceled) {
			t.Errorf("Deliver error = %v, want context.Canceled", err)
		}
	})

	t.Run("ServerErrorKeepsBodyStart", func(t *testing.T) {
		failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusBadGateway)
			fmt.Fprint(w, "upstream\r\n\tdown\x00 ")
			fmt.Fprint(w, strings.Repeat("x", 10000))
		}))
		t.Cleanup(failing.Close)
		res, err := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback}).Deliver(context.Background(), delivery(failing.URL, secret))
		var se *webhook.StatusError
		if !errors.As(err, &se) || se.Status != http.StatusBadGateway || !webhook.Retryable(err) {
			t.Fatalf("Deliver error = %v, want a retryable 502 StatusError", err)
		}
		if !strings.HasPrefix(res.Error, "HTTP 502 Bad Gateway: upstream down xxx") {
			t.Errorf("Result.Error = %q, want the status and the body's start on one line", res.Error)
		}
		if len(res.Error) > 400 {
			t.Errorf("Result.Error is %d bytes; the body should be cut short", len(res.Error))
		}
	})

	t.Run("ConnectionRefused", func(t *testing.T) {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		url := "http://" + ln.Addr().String() + "/hook"
		ln.Close()
		res, err := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback}).Deliver(context.Background(), delivery(url, secret))
		if err == nil || !webhook.Retryable(err) || !strings.Contains(res.Error, "connection refused") {
			t.Errorf("Deliver = %+v, %v; want a retryable connection refused", res, err)
		}
	})

	t.Run("HugeResponseNotBuffered", func(t *testing.T) {
		big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusOK)
			chunk := []byte(strings.Repeat("y", 64<<10))
			for i := 0; i < 1<<10; i++ { // 64 MiB, unless the client hangs up
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}))
		t.Cleanup(big.Close)
		res, err := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback}).Deliver(context.Background(), delivery(big.URL, secret))
		if err != nil || res.Status != http.StatusOK {
			t.Errorf("Deliver = %+v, %v; want 200", res, err)
		}
	})

	t.Run("InvalidDeliveriesNotRetryable", func(t *testing.T) {
		recv := newReceiver(t, secret)
		c := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback})
		for name, d := range map[string]webhook.Delivery{
			"NoSecret":  delivery(recv.URL),
			"BadSecret": delivery(recv.URL, "whsec_AAAA"),
			"BadURL":    delivery("ftp://example.com/", secret),
			"NoID":      {URL: recv.URL, Secrets: []string{secret}, Event: "invitation.sent"},
			"NoEvent":   {ID: "msg_1", URL: recv.URL, Secrets: []string{secret}},
		} {
			_, err := c.Deliver(context.Background(), d)
			if err == nil || webhook.Retryable(err) {
				t.Errorf("%s: Deliver error = %v, want a non-retryable error", name, err)
			}
		}
		if n := recv.conns.Load(); n != 0 {
			t.Errorf("receiver saw %d connections for invalid deliveries", n)
		}
	})
}

func TestDeliverLatency(t *testing.T) {
	secret := newSecret(t)
	slowish := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(150 * time.Millisecond)
		w.WriteHeader(http.StatusAccepted)
	}))
	t.Cleanup(slowish.Close)
	res, err := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback}).Deliver(context.Background(), delivery(slowish.URL, secret))
	if err != nil || res.Status != http.StatusAccepted {
		t.Fatalf("Deliver = %+v, %v; want 202", res, err)
	}
	if res.Latency < 150*time.Millisecond || res.Latency > 5*time.Second {
		t.Errorf("Latency = %v, want about 150ms", res.Latency)
	}
}

func TestDeliverConcurrently(t *testing.T) {
	secret := newSecret(t)
	recv := newReceiver(t, secret)
	c := webhook.NewClient(webhook.Options{AllowPrivate: allowLoopback})
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			d := delivery(recv.URL, secret)
			d.ID = fmt.Sprintf("msg_%d", i)
			if _, err := c.Deliver(context.Background(), d); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	for _, r := range recv.received() {
		if r.err != nil {
			t.Errorf("delivery %s failed verification: %v", r.header.Get("webhook-id"), r.err)
		}
	}
	if n := len(recv.received()); n != 20 {
		t.Errorf("receiver got %d deliveries, want 20", n)
	}
}
