package webhook

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"syscall"
	"time"
	"unicode"
)

// DefaultTimeout bounds one delivery, from dialling to the end of the
// response, when Options.Timeout is 0. Receivers are expected to answer at
// once and do their work later; one that takes longer is retried.
const DefaultTimeout = 10 * time.Second

// maxResponseBytes is how much of a response body is read: enough for an
// error message worth logging, not enough for a receiver to make us buffer a
// download.
const maxResponseBytes = 4 << 10

// maxErrorBody is how much of that body goes into Result.Error.
const maxErrorBody = 256

// Options configure a Client; the zero value is the production setting.
type Options struct {
	// Timeout bounds each delivery; DefaultTimeout when 0.
	Timeout time.Duration
	// AllowPrivate lists ranges that may be targets although they are
	// private, loopback and so on; plain http is allowed only into these.
	// For tests (127.0.0.0/8) and for installations whose receivers live on
	// the same network. Empty in production.
	AllowPrivate []netip.Prefix
	// Now gives the webhook-timestamp; time.Now when nil. Latency is always
	// measured on the real clock.
	Now func() time.Time
}

// Delivery is one message to one endpoint.
type Delivery struct {
	// ID is the webhook-id: the same on every attempt of this message, so a
	// receiver can drop duplicates.
	ID  string
	URL string
	// Secrets sign the message: normally one; during a rotation, the new and
	// the old, so receivers with either verify it.
	Secrets []string
	Event   string // e.g. "response.submitted"; named in errors
	Body    []byte // the JSON payload, see Payload
}

// Result is what the delivery log keeps about one attempt.
type Result struct {
	Status  int           // the HTTP status, 0 when no response came
	Latency time.Duration // from sending the request to the end of reading the response
	Error   string        // "" on success; otherwise one line for the log and the UI
}

// StatusError is a response outside 2xx.
type StatusError struct {
	Status int
	Body   string // the start of the response body, cleaned for display
}

func (e *StatusError) Error() string {
	msg := fmt.Sprintf("HTTP %d %s", e.Status, http.StatusText(e.Status))
	if e.Status >= 300 && e.Status < 400 {
		msg += " (redirects are not followed: register the final URL)"
	}
	if e.Body != "" {
		msg += ": " + e.Body
	}
	return msg
}

// Client sends deliveries. It is safe for concurrent use and keeps
// connections to receivers open between deliveries.
type Client struct {
	https, http *http.Client
	allow       []netip.Prefix
	now         func() time.Time
}

// NewClient returns a Client with the SSRF protection described in the
// package comment.
func NewClient(opts Options) *Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	allow := append([]netip.Prefix(nil), opts.AllowPrivate...)
	return &Client{
		https: newHTTPClient(opts.Timeout, dialControl(allow, false)),
		http:  newHTTPClient(opts.Timeout, dialControl(allow, true)),
		allow: allow,
		now:   opts.Now,
	}
}

// newHTTPClient builds a client whose every connection passes control. No
// proxy is used: a proxy would dial on our behalf and skip the check.
func newHTTPClient(timeout time.Duration, control func(string, string, syscall.RawConn) error) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: control}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   timeout,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   4,
			IdleConnTimeout:       90 * time.Second,
		},
		// A redirect could lead anywhere, and the signature was made for
		// this URL; the 3xx is reported as the result instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// Deliver makes one attempt. It returns a nil error only for a 2xx response.
// Otherwise the error wraps ErrInvalidURL, ErrForbiddenAddress,
// ErrInvalidSecret or ErrInvalidDelivery (see Retryable), is a *StatusError
// (the receiver answered outside 2xx; Result.Status has the code), or is the
// transport's error (refused, timed out, TLS). Result.Error says the same in
// one line, and Result.Latency is filled as far as the attempt got.
func (c *Client) Deliver(ctx context.Context, d Delivery) (Result, error) {
	res, err := c.deliver(ctx, d)
	if err != nil {
		res.Error = err.Error()
	}
	return res, err
}

func (c *Client) deliver(ctx context.Context, d Delivery) (Result, error) {
	if d.ID == "" || d.Event == "" {
		return Result{}, fmt.Errorf("%w: ID and Event are required", ErrInvalidDelivery)
	}
	u, err := parseEndpoint(d.URL, c.allow)
	if err != nil {
		return Result{}, err
	}
	now := c.now()
	sig, err := signatureHeader(d.Secrets, d.ID, now, d.Body)
	if err != nil {
		return Result{}, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), bytes.NewReader(d.Body))
	if err != nil {
		return Result{}, fmt.Errorf("%w: %v", ErrInvalidURL, err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "mspeval-webhooks/1")
	req.Header.Set(HeaderID, d.ID)
	req.Header.Set(HeaderTimestamp, unix(now))
	req.Header.Set(HeaderSignature, sig)

	client := c.https
	if u.Scheme == "http" {
		client = c.http
	}
	start := time.Now()
	resp, err := client.Do(req)
	if err != nil {
		return Result{Latency: time.Since(start)}, transportError(ctx, d, err, client.Timeout)
	}
	defer resp.Body.Close()
	// A read error is ignored: the status is the receiver's answer, and a
	// body cut short does not change it.
	body, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	res := Result{Status: resp.StatusCode, Latency: time.Since(start)}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return res, &StatusError{Status: resp.StatusCode, Body: clean(body)}
	}
	return res, nil
}

// transportError says what went wrong without the URL, which the caller has
// already and which may hold a token in its query.
func transportError(ctx context.Context, d Delivery, err error, timeout time.Duration) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	var ne net.Error
	if ctx.Err() == nil && (errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())) {
		return fmt.Errorf("webhook %s: no response within %v: %w", d.Event, timeout, err)
	}
	return fmt.Errorf("webhook %s: %w", d.Event, err)
}

// ErrInvalidDelivery is a Delivery without ID or Event: a bug in the caller.
var ErrInvalidDelivery = errors.New("webhook: invalid delivery")

// Retryable reports whether another attempt may succeed. An invalid or
// forbidden endpoint, a bad secret or an incomplete Delivery fails the same
// way every time until someone changes it; anything else (a status outside
// 2xx, a time-out, a refused connection) may pass later.
func Retryable(err error) bool {
	return err != nil && !errors.Is(err, ErrInvalidURL) && !errors.Is(err, ErrForbiddenAddress) &&
		!errors.Is(err, ErrInvalidSecret) && !errors.Is(err, ErrInvalidDelivery)
}

// clean makes a response body fit for one line of a log: valid UTF-8,
// control characters as spaces, trimmed to maxErrorBody bytes.
func clean(b []byte) string {
	s := strings.ToValidUTF8(string(b), "�")
	s = strings.Join(strings.FieldsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }), " ")
	if len(s) > maxErrorBody {
		cut := maxErrorBody
		for cut > 0 && !utf8Start(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func utf8Start(b byte) bool { return b&0xC0 != 0x80 }
