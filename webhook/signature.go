package webhook

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The Standard Webhooks headers.
const (
	HeaderID        = "webhook-id"
	HeaderTimestamp = "webhook-timestamp"
	HeaderSignature = "webhook-signature"
)

// DefaultTolerance is how far a timestamp may be from the receiver's clock,
// either way, when Verify is given no tolerance: the specification's
// suggestion, wide enough for clock drift and slow networks, narrow enough
// to make replaying an old delivery useless.
const DefaultTolerance = 5 * time.Minute

// Verification failures; Verify wraps them with the detail.
var (
	ErrMissingHeader = errors.New("webhook: header missing")
	ErrTimestamp     = errors.New("webhook: timestamp outside tolerance")
	ErrSignature     = errors.New("webhook: no signature matches")
)

// Sign returns the signature of one message with one secret, "v1,<base64>",
// over id + "." + unix seconds of ts + "." + body.
func Sign(secret, id string, ts time.Time, body []byte) (string, error) {
	key, err := secretKey(secret)
	if err != nil {
		return "", err
	}
	if id == "" {
		return "", errors.New("webhook: sign: empty message id")
	}
	return "v1," + base64.StdEncoding.EncodeToString(mac(key, id, unix(ts), body)), nil
}

// signatureHeader signs with every secret and joins the results with spaces,
// so that during a rotation receivers holding the old or the new secret both
// find a match.
func signatureHeader(secrets []string, id string, ts time.Time, body []byte) (string, error) {
	if len(secrets) == 0 {
		return "", fmt.Errorf("%w: none given", ErrInvalidSecret)
	}
	sigs := make([]string, 0, len(secrets))
	for i, s := range secrets {
		sig, err := Sign(s, id, ts, body)
		if err != nil {
			return "", fmt.Errorf("secret %d: %w", i+1, err)
		}
		sigs = append(sigs, sig)
	}
	return strings.Join(sigs, " "), nil
}

// Verify checks a delivery the way a receiver should: the three headers are
// present, the timestamp is within tolerance of now (DefaultTolerance when
// tolerance is 0 or less), and one of the v1 signatures matches one of
// secrets. Several secrets let a receiver accept both sides of a rotation.
//
// Errors wrap ErrMissingHeader, ErrTimestamp or ErrSignature, or
// ErrInvalidSecret when one of secrets is malformed (a receiver's
// configuration error, reported rather than skipped).
func Verify(secrets []string, headers http.Header, body []byte, now time.Time, tolerance time.Duration) error {
	id, tsText, sigText := headers.Get(HeaderID), headers.Get(HeaderTimestamp), headers.Get(HeaderSignature)
	for _, h := range [...]struct{ name, value string }{{HeaderID, id}, {HeaderTimestamp, tsText}, {HeaderSignature, sigText}} {
		if h.value == "" {
			return fmt.Errorf("%w: %s", ErrMissingHeader, h.name)
		}
	}
	if tolerance <= 0 {
		tolerance = DefaultTolerance
	}
	sec, err := strconv.ParseInt(tsText, 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %s %q is not unix seconds", ErrTimestamp, HeaderTimestamp, tsText)
	}
	ts := time.Unix(sec, 0)
	if age := now.Sub(ts); age > tolerance {
		return fmt.Errorf("%w: sent %v ago, tolerance %v", ErrTimestamp, age.Round(time.Second), tolerance)
	} else if -age > tolerance {
		return fmt.Errorf("%w: %v in the future, tolerance %v", ErrTimestamp, (-age).Round(time.Second), tolerance)
	}
	if len(secrets) == 0 {
		return fmt.Errorf("%w: none given", ErrInvalidSecret)
	}
	var given [][]byte
	for _, part := range strings.Fields(sigText) {
		version, sig, ok := strings.Cut(part, ",")
		if !ok || version != "v1" {
			continue // other schemes (v1a is asymmetric) are not ours to check
		}
		if b, err := base64.StdEncoding.DecodeString(sig); err == nil {
			given = append(given, b)
		}
	}
	for i, s := range secrets {
		key, err := secretKey(s)
		if err != nil {
			return fmt.Errorf("secret %d: %w", i+1, err)
		}
		// The timestamp is signed as received, digits and all.
		want := mac(key, id, tsText, body)
		for _, g := range given {
			if hmac.Equal(g, want) {
				return nil
			}
		}
	}
	return ErrSignature
}

func mac(key []byte, id, ts string, body []byte) []byte {
	h := hmac.New(sha256.New, key)
	h.Write([]byte(id))
	h.Write([]byte{'.'})
	h.Write([]byte(ts))
	h.Write([]byte{'.'})
	h.Write(body)
	return h.Sum(nil)
}

func unix(ts time.Time) string { return strconv.FormatInt(ts.Unix(), 10) }
