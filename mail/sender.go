package mail

import (
	"context"
	"crypto/tls"
	"fmt"
	"net"
	"sync"
	"time"

	gomail "github.com/wneessen/go-mail"
)

// Message is one email to one recipient, already composed as text.
type Message struct {
	To      string // the bare address, e.g. "ops@msp.example"
	ToName  string // the display name; any Unicode, encoded on the wire
	Subject string // one line; any Unicode, encoded on the wire
	Text    string // the plain-text body; Text, HTML or both are required
	HTML    string // the HTML body, sent as the alternative to Text
	// Headers are extra header fields, e.g. from UnsubscribeHeaders or a
	// Reply-To pointing at the person who asks. Fields that the sender sets
	// itself (From, To, Subject, Date, Message-ID, MIME and Content-*) are
	// refused, as are values with line breaks.
	Headers map[string]string
	// ID becomes the Message-ID, so that a message sent again after a
	// failure whose outcome was unknown can be recognised as the same one.
	// Without "@", the From address's domain is appended; "" lets go-mail
	// make a random one.
	ID string
}

// Sender sends one message. The outbox depends on this interface, so that its
// tests can swap in a fake where a real SMTP server is not the point.
type Sender interface {
	Send(ctx context.Context, m Message) error
}

// Timeout bounds each half of an SMTP session: connecting (TCP, greeting,
// TLS, login), then sending the message. It is a backstop against a server
// that stops answering; a context deadline that comes sooner wins.
const Timeout = 30 * time.Second

// SMTPSender sends through the server in a Config. Each Send opens its own
// session and closes it, so one SMTPSender serves any number of goroutines.
type SMTPSender struct {
	ep endpoint
}

var _ Sender = (*SMTPSender)(nil)

// NewSender checks cfg and returns a sender for it; it does not connect.
// It returns ErrDisabled when cfg.URL is empty.
func NewSender(cfg Config) (*SMTPSender, error) {
	ep, err := cfg.endpoint()
	if err != nil {
		return nil, err
	}
	return &SMTPSender{ep: ep}, nil
}

// Send delivers m in one SMTP session. Every failure is an *Error (use
// Permanent to decide between retrying and giving up). Cancelling ctx closes
// the connection at once, whatever step the session is in.
//
// Once the server has accepted the content (250 after DATA) the message is
// sent, and Send returns nil even if the polite end of the session (RSET,
// QUIT) fails, so that a delivered message is never queued again.
func (s *SMTPSender) Send(ctx context.Context, m Message) error {
	msg, err := compose(s.ep.from, m)
	if err != nil {
		return &Error{Stage: StageCompose, To: m.To, Err: err}
	}
	server := s.ep.address()
	if err := ctx.Err(); err != nil {
		return &Error{Stage: StageConnect, To: m.To, Server: server, Err: err}
	}

	var conn connHolder
	client, err := gomail.NewClient(s.ep.host, s.options(&conn)...)
	if err != nil {
		return &Error{Stage: StageConnect, To: m.To, Server: server, Err: err}
	}
	stop := context.AfterFunc(ctx, conn.close)
	defer stop()
	session, err := client.DialToSMTPClientWithContext(ctx)
	if err != nil {
		conn.close()
		return classify(StageConnect, m.To, server, interrupted(ctx, err))
	}
	// QUIT's outcome does not change whether the message went through.
	defer func() { _ = client.CloseWithSMTPClient(session) }()

	if err := client.SendWithSMTPClient(session, msg); err != nil && !msg.IsDelivered() {
		return classify(StageData, m.To, server, interrupted(ctx, err))
	}
	return nil
}

// options configures go-mail for one session. The connection is dialled here
// rather than by go-mail so that cancelling the context can close it: go-mail
// itself only honours the context while dialling.
func (s *SMTPSender) options(conn *connHolder) []gomail.Option {
	tlsConfig := &tls.Config{
		ServerName:         s.ep.host,
		MinVersion:         tls.VersionTLS12,
		InsecureSkipVerify: s.ep.insecureSkipVerify, //nolint:gosec // only when the setting asks for it, for tests
	}
	policy := gomail.NoTLS // smtps is encrypted by the dialler; tls=none not at all
	if s.ep.tls == tlsStartTLS {
		policy = gomail.TLSMandatory
	}
	opts := []gomail.Option{
		gomail.WithPort(s.ep.port),
		gomail.WithTimeout(Timeout),
		gomail.WithTLSPolicy(policy),
		gomail.WithTLSConfig(tlsConfig),
		gomail.WithDialContextFunc(conn.dialer(s.ep.address(), s.ep.tls == tlsImplicit, tlsConfig)),
	}
	if s.ep.username != "" {
		// A preference list rather than go-mail's auto-discovery, because the
		// latter does not know an smtps connection is encrypted when we dial
		// it ourselves and would then rule out PLAIN and LOGIN. go-mail's
		// PLAIN and LOGIN still refuse to send a password unencrypted to
		// anything but localhost.
		opts = append(opts,
			gomail.WithOpportunisticSMTPAuth(gomail.SMTPAuthSCRAMSHA256, gomail.SMTPAuthSCRAMSHA1,
				gomail.SMTPAuthPlain, gomail.SMTPAuthLogin, gomail.SMTPAuthCramMD5),
			gomail.WithUsername(s.ep.username),
			gomail.WithPassword(s.ep.password))
	}
	return opts
}

// interrupted puts the context's error in front when the context is why the
// session broke off, so errors.Is(err, context.Canceled) works.
func interrupted(ctx context.Context, err error) error {
	if cerr := ctx.Err(); cerr != nil {
		return fmt.Errorf("%w: %w", cerr, err)
	}
	return err
}

// connHolder dials the connection of one session and remembers it, so that
// a cancelled context can close it from another goroutine.
type connHolder struct {
	mu     sync.Mutex
	conn   net.Conn
	closed bool
}

// dialer ignores the address go-mail passes, which it builds as host:port
// and so gets wrong for an IPv6 literal.
func (h *connHolder) dialer(addr string, implicitTLS bool, cfg *tls.Config) gomail.DialContextFunc {
	return func(ctx context.Context, network, _ string) (net.Conn, error) {
		var d net.Dialer
		raw, err := d.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		if !h.set(raw) {
			return nil, context.Canceled
		}
		if !implicitTLS {
			return raw, nil
		}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			_ = raw.Close()
			return nil, fmt.Errorf("TLS handshake: %w", err)
		}
		return tc, nil
	}
}

// set records c, or closes it if the session was cancelled meanwhile.
func (h *connHolder) set(c net.Conn) bool {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		_ = c.Close()
		return false
	}
	h.conn = c
	return true
}

func (h *connHolder) close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.closed = true
	if h.conn != nil {
		_ = h.conn.Close()
	}
}
