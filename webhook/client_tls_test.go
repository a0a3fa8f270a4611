package webhook

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// The https path is the production one; this test trusts httptest's
// certificate by reaching into the Client, which only an internal test can.
func TestDeliverHTTPS(t *testing.T) {
	secret, err := NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := Verify([]string{secret}, r.Header, body, time.Now(), 0); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		w.WriteHeader(http.StatusOK)
	}))
	t.Cleanup(srv.Close)

	trust := func(c *Client) {
		c.https.Transport.(*http.Transport).TLSClientConfig = srv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	}
	d := Delivery{ID: "msg_tls", URL: srv.URL + "/hook", Secrets: []string{secret}, Event: "invitation.sent", Body: []byte(`{}`)}

	t.Run("AllowedLoopbackOverTLS", func(t *testing.T) {
		c := NewClient(Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8")}})
		trust(c)
		res, err := c.Deliver(context.Background(), d)
		if err != nil || res.Status != http.StatusOK {
			t.Errorf("Deliver = %+v, %v; want 200 from a receiver that verified the signature", res, err)
		}
	})

	t.Run("LoopbackOverTLSRefusedWithoutAllowList", func(t *testing.T) {
		c := NewClient(Options{})
		trust(c)
		if _, err := c.Deliver(context.Background(), d); err == nil {
			t.Error("Deliver to 127.0.0.1 over https succeeded without an allow list")
		}
	})
}
