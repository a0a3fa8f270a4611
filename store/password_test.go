package store

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/crypto/argon2"
)

// TestHashesOfEarlierParametersStillVerify: a hash made with the 19 MiB,
// two-pass parameters of earlier versions still checks, since each hash
// carries its own parameters; a new hash uses the current ones.
func TestHashesOfEarlierParametersStillVerify(t *testing.T) {
	salt := []byte("0123456789abcdef")
	key := argon2.IDKey([]byte("correct horse battery staple"), salt, 2, 19*1024, 1, 32)
	old := fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, 19*1024, 2, 1,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key))
	for _, c := range []struct {
		password string
		want     bool
	}{{"correct horse battery staple", true}, {"correct horse battery stapler", false}} {
		got, err := CheckPassword(old, c.password)
		if err != nil || got != c.want {
			t.Errorf("CheckPassword(old hash, %q) = %v, %v; want %v", c.password, got, err, c.want)
		}
	}
	fresh, err := HashPassword("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("$m=%d,t=%d,p=%d$", argonMemory, argonTime, argonThreads); !strings.Contains(fresh, want) {
		t.Errorf("a new hash %q does not carry the current parameters %s", fresh, want)
	}
	if ok, err := CheckPassword(fresh, "correct horse battery staple"); !ok || err != nil {
		t.Errorf("a new hash does not check: %v, %v", ok, err)
	}
}
