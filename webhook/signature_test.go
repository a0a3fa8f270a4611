package webhook_test

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"mspeval/webhook"
)

// The Standard Webhooks reference vector: what any receiver library checks.
const (
	vectorSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	vectorID     = "msg_p5jXN8AQM9LWM0D4loKWxJek"
	vectorTS     = 1614265330
	vectorBody   = `{"test": 2432232314}`
	vectorSig    = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="
)

func TestSign(t *testing.T) {
	t.Run("MatchesReferenceVector", func(t *testing.T) {
		got, err := webhook.Sign(vectorSecret, vectorID, time.Unix(vectorTS, 0), []byte(vectorBody))
		if err != nil {
			t.Fatal(err)
		}
		if got != vectorSig {
			t.Errorf("Sign = %q, want %q", got, vectorSig)
		}
	})

	t.Run("PrefixOptional", func(t *testing.T) {
		got, err := webhook.Sign(strings.TrimPrefix(vectorSecret, "whsec_"), vectorID, time.Unix(vectorTS, 0), []byte(vectorBody))
		if err != nil || got != vectorSig {
			t.Errorf("Sign without prefix = %q, %v; want %q", got, err, vectorSig)
		}
	})

	t.Run("BadSecretsRefused", func(t *testing.T) {
		for _, s := range []string{"", "whsec_", "whsec_not*base64", "whsec_" + base64.StdEncoding.EncodeToString(make([]byte, 16))} {
			if _, err := webhook.Sign(s, "msg_1", time.Now(), nil); !errors.Is(err, webhook.ErrInvalidSecret) {
				t.Errorf("Sign(secret %q) error = %v, want ErrInvalidSecret", s, err)
			}
		}
	})

	t.Run("EmptyIDRefused", func(t *testing.T) {
		if _, err := webhook.Sign(vectorSecret, "", time.Now(), nil); err == nil {
			t.Error("Sign with an empty id succeeded")
		}
	})
}

func TestNewSecret(t *testing.T) {
	a, err := webhook.NewSecret()
	if err != nil {
		t.Fatal(err)
	}
	b, _ := webhook.NewSecret()
	if a == b {
		t.Error("two secrets are equal")
	}
	if !strings.HasPrefix(a, "whsec_") {
		t.Errorf("secret %q lacks the whsec_ prefix", a)
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(a, "whsec_"))
	if err != nil || len(key) != 32 {
		t.Errorf("secret decodes to %d bytes (%v), want 32", len(key), err)
	}
	if _, err := webhook.Sign(a, "msg_1", time.Now(), []byte("{}")); err != nil {
		t.Errorf("a new secret cannot sign: %v", err)
	}
}

// signed builds the headers a sender would send.
func signed(t *testing.T, secrets []string, id string, ts time.Time, body string) http.Header {
	t.Helper()
	var sigs []string
	for _, s := range secrets {
		sig, err := webhook.Sign(s, id, ts, []byte(body))
		if err != nil {
			t.Fatal(err)
		}
		sigs = append(sigs, sig)
	}
	h := http.Header{}
	h.Set("webhook-id", id)
	h.Set("webhook-timestamp", strconv.FormatInt(ts.Unix(), 10))
	h.Set("webhook-signature", strings.Join(sigs, " "))
	return h
}

func TestVerify(t *testing.T) {
	now := time.Date(2027, 3, 15, 9, 0, 0, 0, time.UTC)
	oldSecret, _ := webhook.NewSecret()
	newSecret, _ := webhook.NewSecret()
	body := `{"type":"response.submitted","data":{"id":"r_1"}}`

	t.Run("ReferenceVector", func(t *testing.T) {
		h := http.Header{}
		h.Set("webhook-id", vectorID)
		h.Set("webhook-timestamp", strconv.Itoa(vectorTS))
		h.Set("webhook-signature", vectorSig)
		if err := webhook.Verify([]string{vectorSecret}, h, []byte(vectorBody), time.Unix(vectorTS+10, 0), 0); err != nil {
			t.Errorf("Verify(reference vector) = %v", err)
		}
	})

	t.Run("RotationEitherSecretVerifies", func(t *testing.T) {
		h := signed(t, []string{newSecret, oldSecret}, "msg_1", now, body)
		for name, secrets := range map[string][]string{
			"OldOnly": {oldSecret}, "NewOnly": {newSecret}, "Both": {newSecret, oldSecret},
		} {
			if err := webhook.Verify(secrets, h, []byte(body), now, 0); err != nil {
				t.Errorf("%s: Verify = %v", name, err)
			}
		}
	})

	t.Run("ReceiverWithTwoSecretsAcceptsOldSignature", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		if err := webhook.Verify([]string{newSecret, oldSecret}, h, []byte(body), now, 0); err != nil {
			t.Errorf("Verify = %v", err)
		}
	})

	t.Run("WrongSecretRejected", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		if err := webhook.Verify([]string{newSecret}, h, []byte(body), now, 0); !errors.Is(err, webhook.ErrSignature) {
			t.Errorf("Verify = %v, want ErrSignature", err)
		}
	})

	t.Run("TamperedBodyRejected", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		tampered := strings.Replace(body, "r_1", "r_2", 1)
		if err := webhook.Verify([]string{oldSecret}, h, []byte(tampered), now, 0); !errors.Is(err, webhook.ErrSignature) {
			t.Errorf("Verify = %v, want ErrSignature", err)
		}
	})

	t.Run("TamperedTimestampRejected", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now.Add(-time.Hour), body)
		// Moving the timestamp forward to pass the age check breaks the signature.
		h.Set("webhook-timestamp", strconv.FormatInt(now.Unix(), 10))
		if err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0); !errors.Is(err, webhook.ErrSignature) {
			t.Errorf("Verify = %v, want ErrSignature", err)
		}
	})

	t.Run("TamperedIDRejected", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		h.Set("webhook-id", "msg_2")
		if err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0); !errors.Is(err, webhook.ErrSignature) {
			t.Errorf("Verify = %v, want ErrSignature", err)
		}
	})

	t.Run("StaleRejected", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now.Add(-6*time.Minute), body)
		err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0)
		if !errors.Is(err, webhook.ErrTimestamp) || !strings.Contains(err.Error(), "6m0s ago") {
			t.Errorf("Verify = %v, want ErrTimestamp, 6m0s ago", err)
		}
	})

	t.Run("FutureRejected", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now.Add(6*time.Minute), body)
		err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0)
		if !errors.Is(err, webhook.ErrTimestamp) || !strings.Contains(err.Error(), "in the future") {
			t.Errorf("Verify = %v, want ErrTimestamp in the future", err)
		}
	})

	t.Run("WithinToleranceAccepted", func(t *testing.T) {
		for _, skew := range []time.Duration{-4 * time.Minute, 4 * time.Minute} {
			h := signed(t, []string{oldSecret}, "msg_1", now.Add(skew), body)
			if err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0); err != nil {
				t.Errorf("skew %v: Verify = %v", skew, err)
			}
		}
	})

	t.Run("CustomTolerance", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now.Add(-30*time.Second), body)
		if err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 10*time.Second); !errors.Is(err, webhook.ErrTimestamp) {
			t.Errorf("Verify with 10s tolerance = %v, want ErrTimestamp", err)
		}
	})

	t.Run("MissingHeadersNamed", func(t *testing.T) {
		for _, name := range []string{"webhook-id", "webhook-timestamp", "webhook-signature"} {
			h := signed(t, []string{oldSecret}, "msg_1", now, body)
			h.Del(name)
			err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0)
			if !errors.Is(err, webhook.ErrMissingHeader) || !strings.Contains(err.Error(), name) {
				t.Errorf("without %s: Verify = %v, want ErrMissingHeader naming it", name, err)
			}
		}
	})

	t.Run("TimestampNotANumber", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		h.Set("webhook-timestamp", "2027-03-15T09:00:00Z")
		if err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0); !errors.Is(err, webhook.ErrTimestamp) {
			t.Errorf("Verify = %v, want ErrTimestamp", err)
		}
	})

	t.Run("OtherVersionsAndGarbageIgnored", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		h.Set("webhook-signature", "v1a,c2lnbmF0dXJl v1,!!notbase64 nonsense "+h.Get("webhook-signature"))
		if err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0); err != nil {
			t.Errorf("Verify = %v", err)
		}
	})

	t.Run("SignatureUnderOtherVersionNotAccepted", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		h.Set("webhook-signature", strings.Replace(h.Get("webhook-signature"), "v1,", "v2,", 1))
		if err := webhook.Verify([]string{oldSecret}, h, []byte(body), now, 0); !errors.Is(err, webhook.ErrSignature) {
			t.Errorf("Verify = %v, want ErrSignature", err)
		}
	})

	t.Run("MalformedSecretReported", func(t *testing.T) {
		h := signed(t, []string{oldSecret}, "msg_1", now, body)
		if err := webhook.Verify([]string{"whsec_short"}, h, []byte(body), now, 0); !errors.Is(err, webhook.ErrInvalidSecret) {
			t.Errorf("Verify = %v, want ErrInvalidSecret", err)
		}
		if err := webhook.Verify(nil, h, []byte(body), now, 0); !errors.Is(err, webhook.ErrInvalidSecret) {
			t.Errorf("Verify(no secrets) = %v, want ErrInvalidSecret", err)
		}
	})
}
