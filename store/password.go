package store

import (
	"crypto/rand"
	"crypto/subtle"
	_ "embed"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// argon2id parameters: 7 MiB, five passes, one lane — one of the settings
// OWASP's password storage guidance lists as equal in strength to its 19 MiB,
// two-pass baseline, for about the same time (some 30 ms on a small server) but
// a third of the memory, which every sign-in takes at once. The parameters are
// stored with each hash, so hashes made with other parameters (the 19 MiB ones
// of earlier versions) keep working, and they can be raised later.
const (
	argonMemory  = 7 * 1024
	argonTime    = 5
	argonThreads = 1
	argonKeyLen  = 32
)

// HashPassword returns an argon2id hash in the PHC string format.
func HashPassword(password string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", err
	}
	key := argon2.IDKey([]byte(password), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// CheckPassword reports whether password matches the encoded hash, in constant time.
func CheckPassword(encoded, password string) (bool, error) {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errors.New("unknown password hash format")
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errors.New("unsupported argon2 version")
	}
	var m uint32
	var t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil {
		return false, fmt.Errorf("bad argon2 parameters: %w", err)
	}
	salt, err := base64.RawStdEncoding.DecodeString(parts[4])
	if err != nil {
		return false, err
	}
	want, err := base64.RawStdEncoding.DecodeString(parts[5])
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}

// dummyHash is checked against when the email is unknown, so that a wrong email
// takes as long as a wrong password and timing does not reveal who has an account.
// It is made at the first such sign-in rather than at start: argon2 takes tens
// of MB a time, which every command and every start-up would otherwise pay.
var dummyHash = sync.OnceValue(func() string {
	h, err := HashPassword("not a real password, only for timing")
	if err != nil {
		panic(err)
	}
	return h
})

// Passwords are checked as NIST SP 800-63B (5.1.1.2) asks of a verifier: a
// length, and no value that is commonly used, expected or compromised —
// dictionary words with the usual endings, repetitive or sequential characters,
// and context-specific words (here, the account's email). No composition rules.
const (
	MinPasswordLength = 10
	maxPasswordLength = 1024
)

// commonWords is a list written for this project; commonPasswords expands it.
//
//go:embed common_words.txt
var commonWords string

// commonPasswords is built once, on first use, from commonWords and a few
// patterns. A value is common when it is one of the words followed by one of
// the endings (about 90 words, a few thousand endings), or in the runs set.
type commonList struct {
	words   []string
	endings map[string]bool
	runs    map[string]bool
}

var commonPasswords = sync.OnceValue(func() commonList {
	var l commonList
	for _, line := range strings.Split(commonWords, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			l.words = append(l.words, line)
		}
	}
	digits := []string{"", "0", "00", "01", "1", "11", "12", "13", "21", "22", "23", "69", "77", "88", "99", "007", "111",
		"123", "321", "777", "1111", "1234", "4321", "12345", "54321", "123456", "1234567", "12345678", "123456789", "1234567890"}
	for y := 1950; y <= 2040; y++ {
		digits = append(digits, strconv.Itoa(y), strconv.Itoa(y)[2:])
	}
	symbols := []string{"", "!", "!!", "@", "#", "$", "?", ".", "*", "_", "-"}
	l.endings = map[string]bool{}
	for _, d := range digits {
		for _, s := range symbols {
			l.endings[d+s] = true
			l.endings[s+d] = true
		}
	}
	// Runs along the digits, the alphabet and keyboard rows, both ways.
	l.runs = map[string]bool{}
	for _, seq := range []string{"0123456789", "abcdefghijklmnopqrstuvwxyz", "qwertyuiop", "asdfghjkl", "zxcvbnm",
		"1q2w3e4r5t6y7u8i9o0p", "q1w2e3r4t5y6u7i8o9p0", "1qaz2wsx3edc4rfv5tgb", "qazwsxedcrfvtgbyhnujm", "zaq1xsw2cde3vfr4"} {
		long := strings.Repeat(seq, 2+24/len(seq))
		rev := reverse(long)
		for n := MinPasswordLength; n <= 24; n++ {
			for i := 0; i < len(seq); i++ {
				l.runs[long[i:i+n]], l.runs[rev[i:i+n]] = true, true
			}
		}
	}
	return l
})

// has reports whether the lower-cased password is on the list.
func (l commonList) has(lower string) bool {
	if l.runs[lower] {
		return true
	}
	for _, w := range l.words {
		if strings.HasPrefix(lower, w) && l.endings[lower[len(w):]] {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	b := []byte(s)
	for i, j := 0, len(b)-1; i < j; i, j = i+1, j-1 {
		b[i], b[j] = b[j], b[i]
	}
	return string(b)
}

// PasswordProblem says what is wrong with password as a new password for the
// account with email, in words for a field error, or "" when it is fine.
func PasswordProblem(password, email string) string {
	n := utf8.RuneCountInString(password)
	if n < MinPasswordLength || n > maxPasswordLength {
		return "must be 10 to 1024 characters long"
	}
	lower := strings.ToLower(password)
	distinct := map[rune]bool{}
	for _, r := range lower {
		distinct[r] = true
	}
	if len(distinct) < 4 {
		return "repeats too few characters: choose a password that is not repetitive or sequential (NIST SP 800-63B)"
	}
	if list := commonPasswords(); list.has(lower) || list.has(strings.TrimRightFunc(lower, unicode.IsSpace)) {
		return "is on a list of commonly used, expected or compromised passwords: choose a different one (NIST SP 800-63B)"
	}
	if email = strings.ToLower(strings.TrimSpace(email)); email != "" {
		local, _, _ := strings.Cut(email, "@")
		for _, part := range []string{email, local} {
			// What is left once the email is taken out must be a password on its own.
			if len(part) >= 3 && strings.Contains(lower, part) && utf8.RuneCountInString(strings.Replace(lower, part, "", 1)) < MinPasswordLength {
				return "is too close to your email address: choose a password that does not contain it (NIST SP 800-63B)"
			}
		}
	}
	return ""
}
