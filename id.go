package mspeval

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"strings"
	"time"
)

// crockford is Crockford's base32 alphabet in lower case: it sorts the same as the bytes it encodes.
var crockford = base32.NewEncoding("0123456789abcdefghjkmnpqrstvwxyz").WithPadding(base32.NoPadding)

// NewID returns a 26-character identifier: 48 bits of milliseconds then 80 random bits.
// IDs of later objects sort after earlier ones, which lets lists page by ID alone.
func NewID(now time.Time) string {
	var b [16]byte
	ms := uint64(now.UnixMilli())
	var t [8]byte
	binary.BigEndian.PutUint64(t[:], ms)
	copy(b[:6], t[2:])
	if _, err := rand.Read(b[6:]); err != nil {
		panic("mspeval: no randomness: " + err.Error())
	}
	return crockford.EncodeToString(b[:])
}

// NewSecret returns a random token of 32 bytes (256 bits) with a readable prefix,
// for invitation links, sessions and API tokens.
func NewSecret(prefix string) string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		panic("mspeval: no randomness: " + err.Error())
	}
	return prefix + base64.RawURLEncoding.EncodeToString(b[:])
}

// HashSecret is how secrets are stored: a hex SHA-256. The secrets carry 256 random
// bits, so a fast hash is enough; a slow one is for passwords.
func HashSecret(secret string) string {
	sum := sha256.Sum256([]byte(secret))
	return hex.EncodeToString(sum[:])
}

// NormalizeEmail lowercases and trims an address so that one person has one account.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// ValidID reports whether s has the form NewID gives. Anything else cannot name
// an object, so it is answered as not found without asking the database.
func ValidID(s string) bool {
	if len(s) != 26 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if strings.IndexByte("0123456789abcdefghjkmnpqrstvwxyz", s[i]) < 0 {
			return false
		}
	}
	return true
}
