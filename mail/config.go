package mail

import (
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
)

// Names of the settings, used in every configuration error so that the person
// reading it knows which variable to fix.
const (
	settingURL  = "MSPEVAL_SMTP_URL"
	settingFrom = "MSPEVAL_MAIL_FROM"
)

// Config is the email setting as the operator writes it. An empty URL turns
// email off; everything else in the service keeps working without it.
//
// URL forms (user and password percent-encoded where needed):
//
//	smtp://user:pass@host:587?tls=starttls   STARTTLS, required (the default for smtp://)
//	smtps://user:pass@host:465               TLS from the first byte
//	smtp://host:25?tls=none                  no TLS, for a local mail catcher
//
// Without a port, smtp:// uses 587 (25 with tls=none) and smtps:// uses 465.
// insecure_skip_verify=true accepts any server certificate; it exists for
// tests against a throw-away server and must not be used in production.
//
// With tls=none, a password is only sent to localhost: go-mail refuses to send
// PLAIN or LOGIN credentials in clear text to any other host.
type Config struct {
	URL  string // MSPEVAL_SMTP_URL; "" turns email off
	From string // MSPEVAL_MAIL_FROM, e.g. "Lumenfjord evaluations <evaluations@example.com>"
}

// tlsMode is how the connection to the server is protected.
type tlsMode int

const (
	tlsStartTLS tlsMode = iota // plain connect, then STARTTLS, which must succeed
	tlsImplicit                // TLS handshake before the SMTP greeting (smtps)
	tlsNone                    // no encryption at all (a local mail catcher)
)

// endpoint is a Config taken apart into what the SMTP client needs.
type endpoint struct {
	host               string // host name or IP; an IPv6 literal is kept without brackets
	port               int
	username, password string
	tls                tlsMode
	insecureSkipVerify bool
	from               *netmail.Address
}

// address is host:port in the form net.Dial expects.
func (e endpoint) address() string { return net.JoinHostPort(e.host, strconv.Itoa(e.port)) }

// ParseConfig checks the two settings and returns them as a Config. An empty
// rawURL is valid and means email is off; from is then optional. Each error
// names the setting and the problem, never the password.
func ParseConfig(rawURL, from string) (Config, error) {
	cfg := Config{URL: strings.TrimSpace(rawURL), From: strings.TrimSpace(from)}
	if !cfg.Enabled() {
		if cfg.From != "" {
			if _, err := parseFrom(cfg.From); err != nil {
				return Config{}, err
			}
		}
		return cfg, nil
	}
	if _, err := cfg.endpoint(); err != nil {
		return Config{}, err
	}
	return cfg, nil
}

// Enabled reports whether email is configured at all.
func (c Config) Enabled() bool { return c.URL != "" }

// String shows the setting with the password masked, so a Config can be
// logged or printed at start-up as it is.
func (c Config) String() string {
	if !c.Enabled() {
		return "email off (" + settingURL + " not set)"
	}
	u, err := url.Parse(c.URL)
	if err != nil {
		// The unparsable text may hold a password; say only that it is wrong.
		return "invalid " + settingURL + " (not shown)"
	}
	return u.Redacted() + " from " + c.From
}

// GoString masks the password for %#v as well.
func (c Config) GoString() string { return "mail.Config(" + c.String() + ")" }

// endpoint parses the URL and the From address; every error names its setting.
func (c Config) endpoint() (endpoint, error) {
	if !c.Enabled() {
		return endpoint{}, ErrDisabled
	}
	ep, err := parseURL(c.URL)
	if err != nil {
		return endpoint{}, fmt.Errorf("%s: %w", settingURL, err)
	}
	if c.From == "" {
		return endpoint{}, fmt.Errorf("%s: required when %s is set (the address invitations come from)", settingFrom, settingURL)
	}
	if ep.from, err = parseFrom(c.From); err != nil {
		return endpoint{}, err
	}
	return ep, nil
}

func parseFrom(from string) (*netmail.Address, error) {
	a, err := netmail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not an email address (%v); use addr@example.com or \"Name <addr@example.com>\"", settingFrom, from, err)
	}
	return a, nil
}

const urlExample = "e.g. smtp://user:pass@host:587?tls=starttls"

func parseURL(raw string) (endpoint, error) {
	u, err := url.Parse(raw)
	if err != nil {
		// url.Error repeats the whole URL, password included; keep only the reason.
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return endpoint{}, fmt.Errorf("not a URL: %v (%s)", err, urlExample)
	}
	var ep endpoint
	switch u.Scheme {
	case "smtp":
		ep.tls = tlsStartTLS
	case "smtps":
		ep.tls = tlsImplicit
	case "":
		return endpoint{}, fmt.Errorf("scheme missing: start with smtp:// or smtps:// (%s)", urlExample)
	default:
		return endpoint{}, fmt.Errorf("scheme %q is not smtp or smtps (%s)", u.Scheme, urlExample)
	}
	if u.Opaque != "" || u.Hostname() == "" {
		return endpoint{}, fmt.Errorf("host missing (%s)", urlExample)
	}
	if u.Path != "" && u.Path != "/" {
		return endpoint{}, fmt.Errorf("unexpected path %q: the URL names a server, nothing more", u.Path)
	}
	if u.Fragment != "" {
		return endpoint{}, fmt.Errorf("unexpected fragment #%s", u.Fragment)
	}
	ep.host = u.Hostname()
	if u.User != nil {
		ep.username = u.User.Username()
		ep.password, _ = u.User.Password()
		if ep.username == "" {
			return endpoint{}, errors.New("user name missing before the password")
		}
		if ep.password == "" {
			return endpoint{}, fmt.Errorf("password missing for user %q (write user:password@host)", ep.username)
		}
	}
	if err := parseOptions(u, &ep); err != nil {
		return endpoint{}, err
	}
	if ep.port, err = parsePort(u.Port(), ep.tls); err != nil {
		return endpoint{}, err
	}
	return ep, nil
}

// parseOptions reads the query. Unknown keys are errors, so that a typo such
// as "tsl=none" is not silently ignored in favour of the default.
func parseOptions(u *url.URL, ep *endpoint) error {
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return fmt.Errorf("options after '?' do not parse: %v", err)
	}
	for key, vals := range q {
		if len(vals) > 1 {
			return fmt.Errorf("option %s given %d times", key, len(vals))
		}
		val := vals[0]
		switch key {
		case "tls":
			if ep.tls == tlsImplicit {
				return fmt.Errorf("tls=%s does not apply to smtps://, which uses TLS from the first byte", val)
			}
			switch strings.ToLower(val) {
			case "starttls":
				ep.tls = tlsStartTLS
			case "none":
				ep.tls = tlsNone
			default:
				return fmt.Errorf("tls=%q: use tls=starttls, tls=none, or smtps:// for TLS from the first byte", val)
			}
		case "insecure_skip_verify":
			b, err := strconv.ParseBool(val)
			if err != nil {
				return fmt.Errorf("insecure_skip_verify=%q: use true or false", val)
			}
			ep.insecureSkipVerify = b
		default:
			return fmt.Errorf("unknown option %q (known: tls, insecure_skip_verify)", key)
		}
	}
	if ep.insecureSkipVerify && ep.tls == tlsNone {
		return errors.New("insecure_skip_verify needs TLS, but tls=none turns it off")
	}
	return nil
}

func parsePort(p string, mode tlsMode) (int, error) {
	if p == "" {
		switch mode {
		case tlsImplicit:
			return 465, nil
		case tlsNone:
			return 25, nil
		default:
			return 587, nil
		}
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 65535 {
		return 0, fmt.Errorf("port %q is not between 1 and 65535", p)
	}
	return n, nil
}
