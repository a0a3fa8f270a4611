package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"mspeval/api"
	"mspeval/app"
	"mspeval/mail"
	"mspeval/store"
)

// Config is the whole service's configuration. Each field is set, in rising
// order of precedence, by its default, an MSPEVAL_* environment variable and a flag.
type Config struct {
	Addr           string
	DB             string
	BaseURL        string
	TrustedProxies []string
	SecureCookies  bool
	Migrate        bool
	// QuickCheck runs SQLite's quick_check at start (off for very large files).
	QuickCheck    bool
	LogLevel      string
	ShutdownGrace time.Duration
	// SMTPURL and MailFrom turn email on (invitations by email, notices).
	SMTPURL  string
	MailFrom string
	// WebhookAllow lists address ranges webhooks may reach although they are
	// private or loopback (for a CRM on the same network, or tests).
	WebhookAllow []string
	// SessionIdle ends a browser session unused for that long; SessionMax ends
	// any session that long after sign-in, however much it is used.
	SessionIdle time.Duration
	SessionMax  time.Duration
	// MetricsToken turns /metrics on for callers that send it as a bearer token.
	MetricsToken string
	// UploadSlots is how many evidence-file uploads are read at once; each is
	// held in memory (up to 25 MB) until it is stored.
	UploadSlots int
}

func defaultConfig() Config {
	return Config{
		Addr: ":8080", DB: "mspeval.db", Migrate: true, QuickCheck: true, LogLevel: "info", ShutdownGrace: 15 * time.Second,
		SessionIdle: store.DefaultSessionIdle, SessionMax: store.DefaultSessionMax, UploadSlots: app.DefaultUploadSlots,
	}
}

// configVar documents one setting for flags, environment and the README.
type configVar struct {
	flag, env, usage string
	set              func(*Config, string) error
	get              func(*Config) string
	secret           bool
}

var configVars = []configVar{
	{"addr", "MSPEVAL_ADDR", "address to listen on", func(c *Config, v string) error { c.Addr = v; return nil },
		func(c *Config) string { return c.Addr }, false},
	{"db", "MSPEVAL_DB", "SQLite file path, or a postgres:// URL", func(c *Config, v string) error { c.DB = v; return nil },
		func(c *Config) string { return c.DB }, true},
	{"base-url", "MSPEVAL_BASE_URL", "public URL of the service; invitation links start with it (default: http://localhost<addr>)",
		func(c *Config, v string) error { c.BaseURL = v; return nil }, func(c *Config) string { return c.BaseURL }, false},
	{"trusted-proxies", "MSPEVAL_TRUSTED_PROXIES", "comma-separated proxy addresses or CIDR ranges whose X-Forwarded-For is believed (default: none)",
		func(c *Config, v string) error { c.TrustedProxies = splitList(v); return nil },
		func(c *Config) string { return strings.Join(c.TrustedProxies, ",") }, false},
	{"secure-cookies", "MSPEVAL_SECURE_COOKIES", "mark the session cookie Secure (set when TLS ends at a proxy)",
		func(c *Config, v string) (err error) { c.SecureCookies, err = strconv.ParseBool(v); return },
		func(c *Config) string { return strconv.FormatBool(c.SecureCookies) }, false},
	{"migrate", "MSPEVAL_MIGRATE", "apply pending database migrations at start (false: refuse to start when any are pending)",
		func(c *Config, v string) (err error) { c.Migrate, err = strconv.ParseBool(v); return },
		func(c *Config) string { return strconv.FormatBool(c.Migrate) }, false},
	{"quick-check", "MSPEVAL_QUICK_CHECK", "check a SQLite file for damage at start (false: skip it, for very large files)",
		func(c *Config, v string) (err error) { c.QuickCheck, err = strconv.ParseBool(v); return },
		func(c *Config) string { return strconv.FormatBool(c.QuickCheck) }, false},
	{"log-level", "MSPEVAL_LOG_LEVEL", "debug, info, warn or error", func(c *Config, v string) error { c.LogLevel = v; return nil },
		func(c *Config) string { return c.LogLevel }, false},
	{"smtp-url", "MSPEVAL_SMTP_URL", "SMTP server for email, e.g. smtp://user:pass@host:587?tls=starttls (default: email off)",
		func(c *Config, v string) error { c.SMTPURL = v; return nil }, func(c *Config) string { return c.SMTPURL }, true},
	{"mail-from", "MSPEVAL_MAIL_FROM", "the From address of email, e.g. \"Acme IT <it@acme.example>\"",
		func(c *Config, v string) error { c.MailFrom = v; return nil }, func(c *Config) string { return c.MailFrom }, false},
	{"webhook-allow", "MSPEVAL_WEBHOOK_ALLOW", "comma-separated CIDR ranges webhooks may reach although private or loopback (default: none)",
		func(c *Config, v string) error { c.WebhookAllow = splitList(v); return nil },
		func(c *Config) string { return strings.Join(c.WebhookAllow, ",") }, false},
	{"session-idle", "MSPEVAL_SESSION_IDLE", "sign a browser session out after this long without use, e.g. 12h or 30m",
		func(c *Config, v string) (err error) { c.SessionIdle, err = time.ParseDuration(v); return },
		func(c *Config) string { return c.SessionIdle.String() }, false},
	{"session-max", "MSPEVAL_SESSION_MAX", "sign a browser session out this long after sign-in however much it is used, e.g. 336h",
		func(c *Config, v string) (err error) { c.SessionMax, err = time.ParseDuration(v); return },
		func(c *Config) string { return c.SessionMax.String() }, false},
	{"metrics-token", "MSPEVAL_METRICS_TOKEN", "serve Prometheus metrics at /metrics to callers that send this bearer token (default: /metrics off)",
		func(c *Config, v string) error { c.MetricsToken = v; return nil }, func(c *Config) string { return c.MetricsToken }, true},
	{"upload-slots", "MSPEVAL_UPLOAD_SLOTS", "how many file uploads are read at once, each held in memory until stored; more get 503 with Retry-After",
		func(c *Config, v string) (err error) { c.UploadSlots, err = strconv.Atoi(v); return },
		func(c *Config) string { return strconv.Itoa(c.UploadSlots) }, false},
}

// loadConfig reads the environment, then the flags of fs (already defined by
// bindFlags) from args.
func loadConfig(fs *flag.FlagSet, args []string, getenv func(string) string) (Config, error) {
	cfg := defaultConfig()
	for _, v := range configVars {
		if val := getenv(v.env); val != "" {
			if err := v.set(&cfg, val); err != nil {
				return cfg, fmt.Errorf("%s: %w", v.env, err)
			}
		}
	}
	for _, v := range configVars {
		v := v
		fs.Func(v.flag, v.usage+" (env "+v.env+")", func(val string) error { return v.set(&cfg, val) })
	}
	if err := fs.Parse(args); err != nil {
		return cfg, err
	}
	return cfg, cfg.validate()
}

func (c *Config) validate() error {
	var errs []error
	if c.BaseURL == "" {
		host := c.Addr
		if strings.HasPrefix(host, ":") {
			host = "localhost" + host
		}
		c.BaseURL = "http://" + host
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("base-url %q: must be an http or https URL", c.BaseURL))
	}
	if strings.TrimSpace(c.DB) == "" {
		errs = append(errs, errors.New("db: empty"))
	}
	if err := api.ParseProxies(c.TrustedProxies); err != nil {
		errs = append(errs, fmt.Errorf("trusted-proxies: %w", err))
	}
	if c.SMTPURL != "" {
		if _, err := mail.ParseConfig(c.SMTPURL, c.MailFrom); err != nil {
			errs = append(errs, err)
		}
	}
	for _, p := range c.WebhookAllow {
		if _, err := netip.ParsePrefix(p); err != nil {
			errs = append(errs, fmt.Errorf("webhook-allow %q: not a CIDR range (e.g. 127.0.0.0/8)", p))
		}
	}
	if c.SessionIdle < time.Minute || c.SessionMax < time.Minute {
		errs = append(errs, fmt.Errorf("session-idle %s, session-max %s: each must be a minute or more", c.SessionIdle, c.SessionMax))
	} else if c.SessionIdle > c.SessionMax {
		errs = append(errs, fmt.Errorf("session-idle %s: must not be longer than session-max %s", c.SessionIdle, c.SessionMax))
	}
	if c.UploadSlots < 1 {
		errs = append(errs, fmt.Errorf("upload-slots %d: must be 1 or more", c.UploadSlots))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("log-level %q: use debug, info, warn or error", c.LogLevel))
	}
	return errors.Join(errs...)
}

// print writes the configuration with secrets masked (a PostgreSQL URL's password).
func (c *Config) print(w io.Writer) {
	for _, v := range configVars {
		val := v.get(c)
		if v.secret {
			val = maskDSN(val)
		}
		fmt.Fprintf(w, "%-24s %s\n", v.env, val)
	}
}

func maskDSN(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
