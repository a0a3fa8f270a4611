package mail

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

const testFrom = "Équipe Lumenfjord <evaluations@lumenfjord.example>"

func TestParseConfig(t *testing.T) {
	valid := []struct {
		name, url string
		want      endpoint // from is checked separately
	}{
		{"StartTLSWithAuth", "smtp://user:pass@mail.example:587?tls=starttls",
			endpoint{host: "mail.example", port: 587, username: "user", password: "pass", tls: tlsStartTLS}},
		{"StartTLSIsTheDefault", "smtp://mail.example",
			endpoint{host: "mail.example", port: 587, tls: tlsStartTLS}},
		{"ImplicitTLS", "smtps://user:pass@mail.example:465",
			endpoint{host: "mail.example", port: 465, username: "user", password: "pass", tls: tlsImplicit}},
		{"ImplicitTLSDefaultPort", "smtps://mail.example",
			endpoint{host: "mail.example", port: 465, tls: tlsImplicit}},
		{"PlainForMailCatcher", "smtp://localhost:1025?tls=none",
			endpoint{host: "localhost", port: 1025, tls: tlsNone}},
		{"PlainDefaultPort", "smtp://mailpit?tls=none",
			endpoint{host: "mailpit", port: 25, tls: tlsNone}},
		{"InsecureSkipVerifyForTests", "smtp://127.0.0.1:2525?tls=starttls&insecure_skip_verify=true",
			endpoint{host: "127.0.0.1", port: 2525, tls: tlsStartTLS, insecureSkipVerify: true}},
		{"PercentEncodedPassword", "smtp://apikey:p%40ss%3Aw%2Fd@smtp.example:587",
			endpoint{host: "smtp.example", port: 587, username: "apikey", password: "p@ss:w/d", tls: tlsStartTLS}},
		{"EmailAsUserName", "smtp://me%40example.com:secret@smtp.example",
			endpoint{host: "smtp.example", port: 587, username: "me@example.com", password: "secret", tls: tlsStartTLS}},
		{"IPv6Literal", "smtp://[::1]:25?tls=none",
			endpoint{host: "::1", port: 25, tls: tlsNone}},
		{"UpperCaseOptionValue", "smtp://mail.example?tls=STARTTLS",
			endpoint{host: "mail.example", port: 587, tls: tlsStartTLS}},
		{"TrailingSlash", "smtp://mail.example:587/",
			endpoint{host: "mail.example", port: 587, tls: tlsStartTLS}},
		{"SurroundingSpace", "  smtp://mail.example:587  ",
			endpoint{host: "mail.example", port: 587, tls: tlsStartTLS}},
	}
	for _, tc := range valid {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ParseConfig(tc.url, testFrom)
			if err != nil {
				t.Fatalf("ParseConfig(%q) = %v", tc.url, err)
			}
			got, err := cfg.endpoint()
			if err != nil {
				t.Fatal(err)
			}
			if got.from == nil || got.from.Address != "evaluations@lumenfjord.example" || got.from.Name != "Équipe Lumenfjord" {
				t.Errorf("from = %v, want Équipe Lumenfjord <evaluations@lumenfjord.example>", got.from)
			}
			got.from = nil
			if got != tc.want {
				t.Errorf("endpoint = %+v, want %+v", got, tc.want)
			}
			if !cfg.Enabled() {
				t.Error("Enabled() = false with a URL")
			}
		})
	}

	invalid := []struct {
		name, url, from string
		want            []string // all must appear in the error
	}{
		{"WrongScheme", "http://mail.example", testFrom, []string{"MSPEVAL_SMTP_URL", `scheme "http"`}},
		{"NoScheme", "mail.example:587", testFrom, []string{"MSPEVAL_SMTP_URL", "scheme"}},
		{"NoHost", "smtp://:587", testFrom, []string{"MSPEVAL_SMTP_URL", "host missing"}},
		{"Opaque", "smtp:mail.example", testFrom, []string{"MSPEVAL_SMTP_URL", "host missing"}},
		{"BadPort", "smtp://mail.example:99999", testFrom, []string{"MSPEVAL_SMTP_URL", `port "99999"`}},
		{"PortNotANumber", "smtp://mail.example:smtp", testFrom, []string{"MSPEVAL_SMTP_URL", "port"}},
		{"UnknownTLSMode", "smtp://mail.example?tls=yes", testFrom, []string{"MSPEVAL_SMTP_URL", `tls="yes"`}},
		{"TLSOptionOnSMTPS", "smtps://mail.example?tls=starttls", testFrom, []string{"MSPEVAL_SMTP_URL", "smtps://"}},
		{"TypoInOption", "smtp://mail.example?tsl=none", testFrom, []string{"MSPEVAL_SMTP_URL", `unknown option "tsl"`}},
		{"OptionTwice", "smtp://mail.example?tls=none&tls=starttls", testFrom, []string{"MSPEVAL_SMTP_URL", "tls given 2 times"}},
		{"SkipVerifyNotBool", "smtp://mail.example?insecure_skip_verify=maybe", testFrom, []string{"MSPEVAL_SMTP_URL", "insecure_skip_verify"}},
		{"SkipVerifyWithoutTLS", "smtp://mail.example?tls=none&insecure_skip_verify=true", testFrom, []string{"MSPEVAL_SMTP_URL", "needs TLS"}},
		{"PasswordMissing", "smtp://user@mail.example", testFrom, []string{"MSPEVAL_SMTP_URL", "password missing"}},
		{"UserMissing", "smtp://:pass@mail.example", testFrom, []string{"MSPEVAL_SMTP_URL", "user name missing"}},
		{"Path", "smtp://mail.example/inbox", testFrom, []string{"MSPEVAL_SMTP_URL", `path "/inbox"`}},
		{"FromMissing", "smtp://mail.example", "", []string{"MSPEVAL_MAIL_FROM", "required"}},
		{"FromNotAnAddress", "smtp://mail.example", "evaluations at lumenfjord", []string{"MSPEVAL_MAIL_FROM", "not an email address"}},
		{"FromInvalidWithoutURL", "", "not an address", []string{"MSPEVAL_MAIL_FROM", "not an email address"}},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := ParseConfig(tc.url, tc.from)
			if err == nil {
				t.Fatalf("ParseConfig(%q, %q) = %v, want an error", tc.url, tc.from, cfg)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}

	t.Run("ErrorsNeverShowThePassword", func(t *testing.T) {
		for _, url := range []string{
			"smtp://user:hunter2@mail.example:99999",
			"smtp://user:hunter2@mail.example?tls=bogus",
			"smtp://user:hunter2@mail.example/%zz",
			"smtp://user:hunter2@[::1", // does not parse at all
			"ftp://user:hunter2@mail.example",
		} {
			_, err := ParseConfig(url, testFrom)
			if err == nil {
				t.Errorf("ParseConfig(%q) succeeded, want an error", url)
				continue
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error for %q shows the password: %v", url, err)
			}
		}
	})

	t.Run("EmptyURLMeansOff", func(t *testing.T) {
		cfg, err := ParseConfig("", "")
		if err != nil {
			t.Fatal(err)
		}
		if cfg.Enabled() {
			t.Error("Enabled() = true without a URL")
		}
		if _, err := NewSender(cfg); !errors.Is(err, ErrDisabled) {
			t.Errorf("NewSender(off) error = %v, want ErrDisabled", err)
		}
	})
}

func TestConfigString(t *testing.T) {
	t.Run("PasswordMasked", func(t *testing.T) {
		cfg, err := ParseConfig("smtp://user:hunter2@mail.example:587?tls=starttls", "evaluations@lumenfjord.example")
		if err != nil {
			t.Fatal(err)
		}
		want := "smtp://user:xxxxx@mail.example:587?tls=starttls from evaluations@lumenfjord.example"
		for verb, got := range map[string]string{
			"String": cfg.String(), "%v": fmt.Sprintf("%v", cfg), "%+v": fmt.Sprintf("%+v", cfg), "%s": fmt.Sprintf("%s", cfg),
		} {
			if strings.Contains(got, "hunter2") {
				t.Errorf("%s shows the password: %s", verb, got)
			}
			if got != want {
				t.Errorf("%s = %q, want %q", verb, got, want)
			}
		}
		if got := fmt.Sprintf("%#v", cfg); strings.Contains(got, "hunter2") {
			t.Errorf("%%#v shows the password: %s", got)
		}
	})

	t.Run("Off", func(t *testing.T) {
		if got := (Config{}).String(); got != "email off (MSPEVAL_SMTP_URL not set)" {
			t.Errorf("String() = %q", got)
		}
	})

	t.Run("UnparsableNotShown", func(t *testing.T) {
		got := Config{URL: "smtp://user:hunter2@[::1"}.String()
		if strings.Contains(got, "hunter2") {
			t.Errorf("String() = %q shows the password", got)
		}
	})
}
