package webhook

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
)

// secretPrefix marks a Standard Webhooks signing secret; the rest is base64.
const secretPrefix = "whsec_"

// Secret sizes: the specification asks for 24 to 64 random bytes.
const (
	secretBytes    = 32
	minSecretBytes = 24
	maxSecretBytes = 64
)

// ErrInvalidSecret is returned for a secret that is not whsec_ followed by
// the base64 of 24 to 64 bytes.
var ErrInvalidSecret = errors.New("webhook: invalid secret")

// NewSecret returns a fresh signing secret: "whsec_" and the base64 of 32
// random bytes. It is shown to the endpoint's owner once and stored; the
// receiver verifies with it.
func NewSecret() (string, error) {
	b := make([]byte, secretBytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("webhook: new secret: %w", err)
	}
	return secretPrefix + base64.StdEncoding.EncodeToString(b), nil
}

// secretKey returns the HMAC key a secret stands for. The prefix is optional,
// as in the reference libraries, so a secret pasted without it still works.
func secretKey(secret string) ([]byte, error) {
	key, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, secretPrefix))
	if err != nil {
		return nil, fmt.Errorf("%w: not base64 after %q", ErrInvalidSecret, secretPrefix)
	}
	if len(key) < minSecretBytes || len(key) > maxSecretBytes {
		return nil, fmt.Errorf("%w: %d bytes, want %d to %d", ErrInvalidSecret, len(key), minSecretBytes, maxSecretBytes)
	}
	return key, nil
}
