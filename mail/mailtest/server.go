// Package mailtest runs a real SMTP server inside a test process, so tests of
// anything that sends email can read back exactly what went over the wire.
//
// The server is github.com/emersion/go-smtp listening on 127.0.0.1; it
// keeps every message it accepts and can be told to refuse recipients, to
// answer slowly, or to go down and come back on the same address. It is for
// tests only: it trusts everything and keeps all messages in memory.
//
// Set MAILTEST_DEBUG=1 to see every server's SMTP dialogue on stderr.
package mailtest

import (
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Server is an SMTP server for one test. Its methods are safe for concurrent
// use.
type Server struct {
	opts options
	addr string
	tls  *tls.Config // nil without WithSTARTTLS or WithImplicitTLS

	mu       sync.Mutex
	srv      *smtp.Server  // nil while stopped
	ln       net.Listener  // srv's listener
	served   chan struct{} // closed when srv's Serve returns
	messages []Message
	arrived  chan struct{} // closed and replaced when a message arrives
	rejects  map[string]*smtp.SMTPError
	delay    time.Duration
}

// Option changes how NewServer's server behaves.
type Option func(*options)

type options struct {
	username, password string
	startTLS           bool
	implicitTLS        bool
}

// WithAuth makes the server offer AUTH PLAIN and refuse MAIL FROM until the
// client has logged in with these credentials (535 5.7.8 for wrong ones).
func WithAuth(username, password string) Option {
	return func(o *options) { o.username, o.password = username, password }
}

// WithSTARTTLS makes the server offer STARTTLS with a self-signed certificate
// for 127.0.0.1, so clients need insecure_skip_verify=true.
func WithSTARTTLS() Option { return func(o *options) { o.startTLS = true } }

// WithImplicitTLS makes the server speak TLS from the first byte (smtps),
// with the same self-signed certificate as WithSTARTTLS.
func WithImplicitTLS() Option { return func(o *options) { o.implicitTLS = true } }

// NewServer starts a server on a free port of 127.0.0.1 and stops it when the
// test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := &Server{arrived: make(chan struct{}), rejects: map[string]*smtp.SMTPError{}}
	for _, o := range opts {
		o(&s.opts)
	}
	if s.opts.startTLS || s.opts.implicitTLS {
		cfg, err := selfSignedTLS()
		if err != nil {
			t.Fatalf("mailtest: certificate: %v", err)
		}
		s.tls = cfg
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("mailtest: listen: %v", err)
	}
	s.addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

// Addr is the server's host:port, the same across Stop and Start.
func (s *Server) Addr() string { return s.addr }

// URL is an MSPEVAL_SMTP_URL that reaches this server with its options.
func (s *Server) URL() string {
	scheme, query := "smtp", "?tls=none"
	switch {
	case s.opts.implicitTLS:
		scheme, query = "smtps", "?insecure_skip_verify=true"
	case s.opts.startTLS:
		query = "?tls=starttls&insecure_skip_verify=true"
	}
	user := ""
	if s.opts.username != "" {
		user = s.opts.username + ":" + s.opts.password + "@"
	}
	return scheme + "://" + user + s.addr + query
}

// Messages returns a copy of what the server accepted, in arrival order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Message(nil), s.messages...)
}

// Wait returns the messages once there are at least n, and fails the test
// if that takes longer than timeout. It is for senders that run in their own
// goroutine, such as an outbox worker.
func (s *Server) Wait(t testing.TB, n int, timeout time.Duration) []Message {
	t.Helper()
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	for {
		s.mu.Lock()
		msgs, arrived := append([]Message(nil), s.messages...), s.arrived
		s.mu.Unlock()
		if len(msgs) >= n {
			return msgs
		}
		select {
		case <-arrived:
		case <-deadline.C:
			t.Fatalf("mailtest: %d message(s) after %v, want %d", len(msgs), timeout, n)
			return nil
		}
	}
}

// Clear forgets the messages received so far.
func (s *Server) Clear() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = nil
}

// Reject makes the server answer RCPT TO for addr with code and text, e.g.
// Reject("gone@example.com", 550, "5.1.1 No such user") for a permanent
// failure or 451 for a temporary one. A text that starts with an enhanced
// status code (d.d.d) sends it as such. addr "*" refuses every recipient.
func (s *Server) Reject(addr string, code int, text string) {
	e := &smtp.SMTPError{Code: code, EnhancedCode: smtp.EnhancedCodeNotSet, Message: text}
	if m := enhancedRE.FindStringSubmatch(text); m != nil {
		var c smtp.EnhancedCode
		_, _ = fmt.Sscanf(m[1], "%d.%d.%d", &c[0], &c[1], &c[2])
		e.EnhancedCode, e.Message = c, m[2]
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects[strings.ToLower(addr)] = e
}

var enhancedRE = regexp.MustCompile(`^([245]\.\d{1,3}\.\d{1,3}) (.*)$`)

// AcceptAll undoes every Reject.
func (s *Server) AcceptAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rejects = map[string]*smtp.SMTPError{}
}

// SetDataDelay makes the server wait d after receiving a message's content
// before answering, to test time-outs and cancellation. Stop cuts the wait short.
func (s *Server) SetDataDelay(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

// Stop closes the listener and every open connection: sessions in progress
// break off and new connections are refused, as when a mail server goes down.
// Received messages are kept. Stopping a stopped server does nothing.
func (s *Server) Stop() {
	s.mu.Lock()
	srv, ln, served := s.srv, s.ln, s.served
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	if srv == nil {
		return
	}
	// Close the listener too: srv.Close only closes listeners that Serve has
	// registered, and Serve may not have started yet.
	_ = srv.Close()
	_ = ln.Close()
	<-served
}

// Start brings a stopped server back on the same address. Starting a running
// server does nothing.
func (s *Server) Start(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	running := s.srv != nil
	s.mu.Unlock()
	if running {
		return
	}
	var ln net.Listener
	var err error
	// The port was ours a moment ago; retry briefly in case the kernel has
	// not quite let go of it.
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", s.addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		t.Fatalf("mailtest: listen again on %s: %v", s.addr, err)
	}
	s.serve(ln)
}

func (s *Server) serve(ln net.Listener) {
	srv := smtp.NewServer(backend{s})
	srv.Domain = "mailtest.localhost"
	srv.AllowInsecureAuth = true // AUTH PLAIN without TLS, for tls=none tests on 127.0.0.1
	srv.ReadTimeout = 30 * time.Second
	srv.WriteTimeout = 30 * time.Second
	srv.MaxMessageBytes = 10 << 20
	srv.ErrorLog = log.New(io.Discard, "", 0) // a test that cares reads the client's error
	if os.Getenv("MAILTEST_DEBUG") != "" {
		srv.Debug = os.Stderr
	}
	if s.tls != nil {
		if s.opts.implicitTLS {
			ln = tls.NewListener(ln, s.tls)
		} else {
			srv.TLSConfig = s.tls
		}
	}
	served := make(chan struct{})
	s.mu.Lock()
	s.srv, s.ln, s.served = srv, ln, served
	s.mu.Unlock()
	go func() {
		defer close(served)
		if err := srv.Serve(ln); err != nil && !errors.Is(err, smtp.ErrServerClosed) && !errors.Is(err, net.ErrClosed) {
			log.Printf("mailtest: serve %s: %v", s.addr, err)
		}
	}()
}

// store keeps an accepted message and wakes Wait.
func (s *Server) store(m Message) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.messages = append(s.messages, m)
	close(s.arrived)
	s.arrived = make(chan struct{})
}

func (s *Server) rejection(rcpt string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.rejects[strings.ToLower(rcpt)]; ok {
		return e
	}
	if e, ok := s.rejects["*"]; ok {
		return e
	}
	return nil
}

// wait sleeps for the data delay. It reports false if the server stopped
// meanwhile: the message is then lost, as it would be in a real crash.
func (s *Server) wait() bool {
	s.mu.Lock()
	d, served := s.delay, s.served
	s.mu.Unlock()
	if d <= 0 {
		return true
	}
	select {
	case <-time.After(d):
		return true
	case <-served:
		return false
	}
}

type backend struct{ s *Server }

func (b backend) NewSession(c *smtp.Conn) (smtp.Session, error) {
	_, encrypted := c.TLSConnectionState()
	return &session{s: b.s, conn: c, tls: encrypted}, nil
}

// session is one SMTP connection's state between MAIL FROM and the end of DATA.
type session struct {
	s    *Server
	conn *smtp.Conn
	tls  bool
	user string
	from string
	to   []string
}

func (se *session) AuthMechanisms() []string {
	if se.s.opts.username == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (se *session) Auth(mech string) (sasl.Server, error) {
	if se.s.opts.username == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, username, password string) error {
		if username != se.s.opts.username || password != se.s.opts.password {
			return smtp.ErrAuthFailed
		}
		se.user = username
		return nil
	}), nil
}

func (se *session) Mail(from string, _ *smtp.MailOptions) error {
	if se.s.opts.username != "" && se.user == "" {
		return smtp.ErrAuthRequired
	}
	se.from = from
	return nil
}

func (se *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if err := se.s.rejection(to); err != nil {
		return err
	}
	se.to = append(se.to, to)
	return nil
}

func (se *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	// The TLS state may have changed since the session began (STARTTLS).
	_, encrypted := se.conn.TLSConnectionState()
	if !se.s.wait() {
		return &smtp.SMTPError{Code: 421, EnhancedCode: smtp.EnhancedCode{4, 3, 2}, Message: "Shutting down"}
	}
	se.s.store(Message{From: se.from, To: append([]string(nil), se.to...), Raw: raw,
		User: se.user, TLS: encrypted || se.tls, Received: time.Now()})
	return nil
}

func (se *session) Reset() { se.from, se.to = "", nil }

func (se *session) Logout() error { return nil }
