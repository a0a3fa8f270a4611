package mail_test

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"sync"
	"testing"
	"time"

	"mspeval/mail"
	"mspeval/mail/mailtest"
)

const from = "Équipe Lumenfjord <evaluations@lumenfjord.example>"

func newSender(t *testing.T, url string) *mail.SMTPSender {
	t.Helper()
	cfg, err := mail.ParseConfig(url, from)
	if err != nil {
		t.Fatal(err)
	}
	s, err := mail.NewSender(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// only returns the one message the server holds, failing otherwise.
func only(t *testing.T, srv *mailtest.Server) (mailtest.Message, mailtest.Parsed) {
	t.Helper()
	msgs := srv.Messages()
	if len(msgs) != 1 {
		t.Fatalf("server holds %d messages, want 1", len(msgs))
	}
	p, err := msgs[0].Parse()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, msgs[0].Raw)
	}
	return msgs[0], p
}

func simple(to string) mail.Message {
	return mail.Message{To: to, Subject: "Hello", Text: "Hello there.\n"}
}

func asError(t *testing.T, err error) *mail.Error {
	t.Helper()
	var e *mail.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not a *mail.Error", err, err)
	}
	return e
}

func TestSendInvitation(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv.URL())
	v := mail.InvitationView{
		CandidateName:  `<script>alert(1)</script> Acme IT`,
		ContactName:    "Μαρία Παπαδοπούλου",
		RequesterName:  "Anna Berg",
		Workspace:      "Équipe Lumenfjord",
		EvaluationName: "Sélection MSP 2027",
		DueDate:        "2027-03-15",
		Link:           "https://mspeval.example/r/tok_abc123",
		UnsubscribeURL: "https://mspeval.example/unsubscribe/u_789",
	}
	m := mail.InvitationMessage(v, "maria@acme.example", "inv-42")
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got, p := only(t, srv)
	head, _, _ := strings.Cut(string(got.Raw), "\r\n\r\n")

	t.Run("Envelope", func(t *testing.T) {
		if got.From != "evaluations@lumenfjord.example" {
			t.Errorf("MAIL FROM = %q", got.From)
		}
		if len(got.To) != 1 || got.To[0] != "maria@acme.example" {
			t.Errorf("RCPT TO = %q", got.To)
		}
	})

	t.Run("HeadersAreSevenBit", func(t *testing.T) {
		for i := 0; i < len(head); i++ {
			if head[i] >= 0x80 {
				t.Fatalf("raw header has a non-ASCII byte at %d:\n%s", i, head)
			}
		}
		if !strings.Contains(p.Header.Get("Subject"), "=?UTF-8?q?") {
			t.Errorf("Subject not RFC 2047-encoded: %q", p.Header.Get("Subject"))
		}
	})

	t.Run("UnicodeDecodesBack", func(t *testing.T) {
		if p.Subject != m.Subject {
			t.Errorf("Subject = %q, want %q", p.Subject, m.Subject)
		}
		if len(p.From) != 1 || p.From[0].Name != "Équipe Lumenfjord" || p.From[0].Address != "evaluations@lumenfjord.example" {
			t.Errorf("From = %v", p.From)
		}
		if len(p.To) != 1 || p.To[0].Name != "Μαρία Παπαδοπούλου" || p.To[0].Address != "maria@acme.example" {
			t.Errorf("To = %v", p.To)
		}
	})

	t.Run("BothParts", func(t *testing.T) {
		if ct := p.Header.Get("Content-Type"); !strings.HasPrefix(ct, "multipart/alternative;") {
			t.Errorf("Content-Type = %q, want multipart/alternative", ct)
		}
		if p.Text != strings.ReplaceAll(m.Text, "\r\n", "\n") {
			t.Errorf("text part differs:\ngot:\n%s\nwant:\n%s", p.Text, m.Text)
		}
		if p.HTML != m.HTML {
			t.Errorf("HTML part differs:\ngot:\n%s\nwant:\n%s", p.HTML, m.HTML)
		}
		if !strings.Contains(p.Text, "Hello Μαρία Παπαδοπούλου,") || !strings.Contains(p.Text, "15 March 2027") {
			t.Errorf("text part lacks greeting or due date:\n%s", p.Text)
		}
	})

	t.Run("HTMLEscapesHostileName", func(t *testing.T) {
		if strings.Contains(p.HTML, "<script>") {
			t.Errorf("HTML part contains a live <script>:\n%s", p.HTML)
		}
		if !strings.Contains(p.HTML, "&lt;script&gt;alert(1)&lt;/script&gt; Acme IT") {
			t.Errorf("HTML part lacks the escaped name:\n%s", p.HTML)
		}
	})

	t.Run("Link", func(t *testing.T) {
		if !strings.Contains(p.Text, "\nhttps://mspeval.example/r/tok_abc123\n") {
			t.Errorf("text part lacks the link:\n%s", p.Text)
		}
		if !strings.Contains(p.HTML, `<a href="https://mspeval.example/r/tok_abc123"`) ||
			!strings.Contains(p.HTML, ">https://mspeval.example/r/tok_abc123</a>") {
			t.Errorf("HTML part lacks the link as link and as text:\n%s", p.HTML)
		}
	})

	t.Run("OneClickUnsubscribe", func(t *testing.T) {
		if got := p.Header.Get("List-Unsubscribe"); got != "<https://mspeval.example/unsubscribe/u_789>" {
			t.Errorf("List-Unsubscribe = %q", got)
		}
		if got := p.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
			t.Errorf("List-Unsubscribe-Post = %q", got)
		}
	})

	t.Run("MessageIDFromID", func(t *testing.T) {
		if got := p.Header.Get("Message-Id"); got != "<inv-42@lumenfjord.example>" {
			t.Errorf("Message-ID = %q, want <inv-42@lumenfjord.example>", got)
		}
	})

	t.Run("DateAndNoLibraryBanner", func(t *testing.T) {
		if _, err := p.Header.Date(); err != nil {
			t.Errorf("Date: %v", err)
		}
		if ua := p.Header.Get("User-Agent") + p.Header.Get("X-Mailer"); ua != "" {
			t.Errorf("User-Agent/X-Mailer = %q, want none", ua)
		}
	})
}

func TestSendShapes(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv.URL())
	ctx := context.Background()

	t.Run("TextOnly", func(t *testing.T) {
		srv.Clear()
		if err := s.Send(ctx, mail.Message{To: "a@example.com", Subject: "Plain", Text: "Only text, ünïcödé.\n"}); err != nil {
			t.Fatal(err)
		}
		_, p := only(t, srv)
		if !strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") || p.Text != "Only text, ünïcödé.\n" || p.HTML != "" {
			t.Errorf("Content-Type %q, text %q, html %q", p.Header.Get("Content-Type"), p.Text, p.HTML)
		}
	})

	t.Run("HTMLOnly", func(t *testing.T) {
		srv.Clear()
		if err := s.Send(ctx, mail.Message{To: "a@example.com", Subject: "Markup", HTML: "<p>Hi</p>"}); err != nil {
			t.Fatal(err)
		}
		_, p := only(t, srv)
		if !strings.HasPrefix(p.Header.Get("Content-Type"), "text/html") || strings.TrimSpace(p.HTML) != "<p>Hi</p>" || p.Text != "" {
			t.Errorf("Content-Type %q, text %q, html %q", p.Header.Get("Content-Type"), p.Text, p.HTML)
		}
	})

	t.Run("ExtraHeadersAndReplyTo", func(t *testing.T) {
		srv.Clear()
		m := simple("a@example.com")
		m.Headers = map[string]string{"Reply-To": "Anna Bérg <anna@lumenfjord.example>", "X-Mspeval-Invitation": "inv_1"}
		if err := s.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		_, p := only(t, srv)
		rt, err := p.Header.AddressList("Reply-To")
		if err != nil || len(rt) != 1 || rt[0].Name != "Anna Bérg" || rt[0].Address != "anna@lumenfjord.example" {
			t.Errorf("Reply-To = %v (%v)", rt, err)
		}
		if got := p.Header.Get("X-Mspeval-Invitation"); got != "inv_1" {
			t.Errorf("X-Mspeval-Invitation = %q", got)
		}
	})

	t.Run("IDWithDomainKept", func(t *testing.T) {
		srv.Clear()
		m := simple("a@example.com")
		m.ID = "<retry-7@outbox.lumenfjord.example>"
		if err := s.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		if _, p := only(t, srv); p.Header.Get("Message-Id") != "<retry-7@outbox.lumenfjord.example>" {
			t.Errorf("Message-ID = %q", p.Header.Get("Message-Id"))
		}
	})

	t.Run("NoIDGetsARandomOne", func(t *testing.T) {
		srv.Clear()
		if err := s.Send(ctx, simple("a@example.com")); err != nil {
			t.Fatal(err)
		}
		if _, p := only(t, srv); !strings.HasPrefix(p.Header.Get("Message-Id"), "<") {
			t.Errorf("Message-ID = %q, want a generated one", p.Header.Get("Message-Id"))
		}
	})

	t.Run("LineBreakInNameCannotAddHeaders", func(t *testing.T) {
		srv.Clear()
		m := simple("a@example.com")
		m.ToName = "Eve\r\nBcc: victim@example.com"
		m.Subject = "Hi\r\nBcc: victim@example.com"
		if err := s.Send(ctx, m); err != nil {
			t.Fatal(err)
		}
		got, p := only(t, srv)
		if len(got.To) != 1 || p.Header.Get("Bcc") != "" || strings.Contains(string(got.Raw), "\r\nBcc:") {
			t.Errorf("a line break in a name added a header:\n%s", got.Raw)
		}
		if p.To[0].Name != "Eve Bcc: victim@example.com" {
			t.Errorf("To name = %q, want it on one line", p.To[0].Name)
		}
	})

	t.Run("ConcurrentSends", func(t *testing.T) {
		srv.Clear()
		var wg sync.WaitGroup
		errs := make(chan error, 20)
		for i := range 20 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- s.Send(ctx, simple(fmt.Sprintf("r%d@example.com", i)))
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Error(err)
			}
		}
		if n := len(srv.Messages()); n != 20 {
			t.Errorf("server holds %d messages, want 20", n)
		}
	})
}

func TestSendRefusedByServer(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv.URL())
	srv.Reject("gone@acme.example", 550, "5.1.1 No such user here")
	srv.Reject("full@acme.example", 451, "4.2.2 Mailbox full, try again later")

	t.Run("PermanentKeepsServerWords", func(t *testing.T) {
		err := s.Send(context.Background(), simple("gone@acme.example"))
		if err == nil {
			t.Fatal("Send succeeded, want a 550")
		}
		if !mail.Permanent(err) {
			t.Errorf("Permanent(%v) = false, want true", err)
		}
		e := asError(t, err)
		if e.Stage != mail.StageRecipient || e.Code != 550 || e.EnhancedCode != "5.1.1" {
			t.Errorf("Stage, Code, EnhancedCode = %q, %d, %q; want recipient, 550, 5.1.1", e.Stage, e.Code, e.EnhancedCode)
		}
		if e.Reply != "550 5.1.1 No such user here" {
			t.Errorf("Reply = %q, want the server's reply as sent", e.Reply)
		}
		if !strings.Contains(err.Error(), "550 5.1.1 No such user here") || !strings.Contains(err.Error(), "gone@acme.example") {
			t.Errorf("error %q lacks the server's reply or the recipient", err)
		}
	})

	t.Run("TemporaryKeepsServerWords", func(t *testing.T) {
		err := s.Send(context.Background(), simple("full@acme.example"))
		if err == nil {
			t.Fatal("Send succeeded, want a 451")
		}
		if mail.Permanent(err) {
			t.Errorf("Permanent(%v) = true, want false", err)
		}
		e := asError(t, err)
		if e.Stage != mail.StageRecipient || e.Code != 451 || e.EnhancedCode != "4.2.2" {
			t.Errorf("Stage, Code, EnhancedCode = %q, %d, %q; want recipient, 451, 4.2.2", e.Stage, e.Code, e.EnhancedCode)
		}
		if e.Reply != "451 4.2.2 Mailbox full, try again later" {
			t.Errorf("Reply = %q, want the server's reply as sent", e.Reply)
		}
		if !strings.Contains(err.Error(), "451 4.2.2 Mailbox full, try again later") {
			t.Errorf("error %q lacks the server's reply", err)
		}
	})

	t.Run("OthersStillDelivered", func(t *testing.T) {
		if err := s.Send(context.Background(), simple("ok@acme.example")); err != nil {
			t.Fatal(err)
		}
		if msgs := srv.Messages(); len(msgs) != 1 || msgs[0].To[0] != "ok@acme.example" {
			t.Errorf("messages = %v, want only the one to ok@acme.example", msgs)
		}
	})
}

func TestSendAuth(t *testing.T) {
	srv := mailtest.NewServer(t, mailtest.WithAuth("mailer", "s3cret"))

	t.Run("RightPassword", func(t *testing.T) {
		if err := newSender(t, srv.URL()).Send(context.Background(), simple("a@example.com")); err != nil {
			t.Fatal(err)
		}
		if got, _ := only(t, srv); got.User != "mailer" {
			t.Errorf("authenticated as %q, want mailer", got.User)
		}
	})

	t.Run("WrongPasswordIsNotPermanent", func(t *testing.T) {
		url := strings.Replace(srv.URL(), "s3cret", "wrong", 1)
		err := newSender(t, url).Send(context.Background(), simple("a@example.com"))
		if err == nil {
			t.Fatal("Send succeeded with a wrong password")
		}
		e := asError(t, err)
		if e.Stage != mail.StageConnect || e.Code != 535 || mail.Permanent(err) {
			t.Errorf("Stage, Code, Permanent = %q, %d, %v; want connect, 535, false (fixing the setting fixes it)",
				e.Stage, e.Code, mail.Permanent(err))
		}
		if e.Reply != "535 5.7.8 Authentication failed" {
			t.Errorf("Reply = %q, want the server's reply as sent", e.Reply)
		}
	})

	t.Run("MissingCredentialsIsNotPermanent", func(t *testing.T) {
		url := strings.Replace(srv.URL(), "mailer:s3cret@", "", 1)
		err := newSender(t, url).Send(context.Background(), simple("a@example.com"))
		if err == nil {
			t.Fatal("Send succeeded without credentials")
		}
		if e := asError(t, err); e.Stage != mail.StageSender || mail.Permanent(err) || e.Reply != "502 5.7.0 Please authenticate first" {
			t.Errorf("Stage, Permanent, Reply = %q, %v, %q; want sender, false, the server's reply", e.Stage, mail.Permanent(err), e.Reply)
		}
	})
}

func TestSendTLS(t *testing.T) {
	t.Run("StartTLSAgainstPlainServerFailsClearly", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		url := strings.Replace(srv.URL(), "?tls=none", "?tls=starttls", 1)
		err := newSender(t, url).Send(context.Background(), simple("a@example.com"))
		if err == nil {
			t.Fatal("Send succeeded without TLS although STARTTLS was required")
		}
		if !strings.Contains(err.Error(), "STARTTLS") || !strings.Contains(err.Error(), srv.Addr()) {
			t.Errorf("error %q does not say that the server at %s lacks STARTTLS", err, srv.Addr())
		}
		if e := asError(t, err); e.Stage != mail.StageConnect || mail.Permanent(err) {
			t.Errorf("Stage, Permanent = %q, %v; want connect, false", e.Stage, mail.Permanent(err))
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("server received %d messages in clear text", n)
		}
	})

	t.Run("StartTLS", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS(), mailtest.WithAuth("mailer", "s3cret"))
		if err := newSender(t, srv.URL()).Send(context.Background(), simple("a@example.com")); err != nil {
			t.Fatal(err)
		}
		if got, _ := only(t, srv); !got.TLS || got.User != "mailer" {
			t.Errorf("TLS, User = %v, %q; want true, mailer", got.TLS, got.User)
		}
	})

	t.Run("ImplicitTLS", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithImplicitTLS(), mailtest.WithAuth("mailer", "s3cret"))
		if !strings.HasPrefix(srv.URL(), "smtps://") {
			t.Fatalf("URL = %q, want smtps://", srv.URL())
		}
		if err := newSender(t, srv.URL()).Send(context.Background(), simple("a@example.com")); err != nil {
			t.Fatal(err)
		}
		if got, _ := only(t, srv); !got.TLS || got.User != "mailer" {
			t.Errorf("TLS, User = %v, %q; want true, mailer", got.TLS, got.User)
		}
	})

	t.Run("UntrustedCertificateRefused", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithSTARTTLS())
		url := strings.Replace(srv.URL(), "&insecure_skip_verify=true", "", 1)
		err := newSender(t, url).Send(context.Background(), simple("a@example.com"))
		if err == nil || !strings.Contains(err.Error(), "certificate") {
			t.Fatalf("Send error = %v, want a certificate error", err)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("server received %d messages", n)
		}
	})
}

func TestSendServerDown(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv.URL())
	srv.Stop()

	err := s.Send(context.Background(), simple("a@example.com"))
	if err == nil {
		t.Fatal("Send succeeded with the server down")
	}
	if e := asError(t, err); e.Stage != mail.StageConnect || e.Code != 0 || mail.Permanent(err) {
		t.Errorf("Stage, Code, Permanent = %q, %d, %v; want connect, 0, false", e.Stage, e.Code, mail.Permanent(err))
	}
	if !strings.Contains(err.Error(), "connection refused") {
		t.Errorf("error %q does not say the connection was refused", err)
	}

	srv.Start(t)
	if err := s.Send(context.Background(), simple("a@example.com")); err != nil {
		t.Fatalf("Send after the server came back: %v", err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server holds %d messages, want 1", n)
	}
}

func TestSendContext(t *testing.T) {
	t.Run("DeadlineInterruptsSlowServer", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		srv.SetDataDelay(10 * time.Second)
		s := newSender(t, srv.URL())
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		start := time.Now()
		err := s.Send(ctx, simple("a@example.com"))
		if took := time.Since(start); took > 3*time.Second {
			t.Errorf("Send took %v after a 200ms deadline", took)
		}
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Errorf("error = %v, want context.DeadlineExceeded", err)
		}
		if mail.Permanent(err) {
			t.Error("an interrupted send is reported as permanent")
		}
	})

	t.Run("CancelledBeforeStart", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		err := newSender(t, srv.URL()).Send(ctx, simple("a@example.com"))
		if !errors.Is(err, context.Canceled) || mail.Permanent(err) {
			t.Errorf("error = %v, want context.Canceled, not permanent", err)
		}
	})
}

func TestSendInvalidMessage(t *testing.T) {
	srv := mailtest.NewServer(t)
	s := newSender(t, srv.URL())
	cases := []struct {
		name string
		edit func(*mail.Message)
		want string
	}{
		{"BadRecipient", func(m *mail.Message) { m.To = "not an address" }, "not an email address"},
		{"NoSubject", func(m *mail.Message) { m.Subject = " \n" }, "subject is empty"},
		{"NoBody", func(m *mail.Message) { m.Text = "" }, "body is empty"},
		{"ReservedHeader", func(m *mail.Message) { m.Headers = map[string]string{"from": "x@y.example"} }, "From is set from Message"},
		{"HeaderWithLineBreak", func(m *mail.Message) { m.Headers = map[string]string{"X-A": "1\r\nBcc: x@y.example"} }, "line break"},
		{"BadHeaderName", func(m *mail.Message) { m.Headers = map[string]string{"X A": "1"} }, "not a valid field name"},
		{"PostWithoutUnsubscribe", func(m *mail.Message) {
			m.Headers = map[string]string{"List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
		}, "without List-Unsubscribe"},
		{"UnsubscribeNotAURI", func(m *mail.Message) { m.Headers = mail.UnsubscribeHeaders("javascript:alert(1)") }, "not an https, http or mailto URI"},
		{"BadID", func(m *mail.Message) { m.ID = "two words" }, "message ID"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := simple("a@example.com")
			tc.edit(&m)
			err := s.Send(context.Background(), m)
			if err == nil {
				t.Fatal("Send succeeded, want a compose error")
			}
			if e := asError(t, err); e.Stage != mail.StageCompose || !mail.Permanent(err) {
				t.Errorf("Stage, Permanent = %q, %v; want compose, true", e.Stage, mail.Permanent(err))
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not contain %q", err, tc.want)
			}
		})
	}
	if n := len(srv.Messages()); n != 0 {
		t.Errorf("server received %d invalid messages", n)
	}
}

func TestPermanent(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want bool
	}{
		{"Nil", nil, false},
		{"Foreign", errors.New("550 looks like SMTP but is not ours"), false},
		{"Recipient5xx", &mail.Error{Stage: mail.StageRecipient, Code: 550}, true},
		{"Data5xx", &mail.Error{Stage: mail.StageData, Code: 554}, true},
		{"Data4xx", &mail.Error{Stage: mail.StageData, Code: 452}, false},
		{"Sender5xx", &mail.Error{Stage: mail.StageSender, Code: 553}, false},
		{"Connect5xx", &mail.Error{Stage: mail.StageConnect, Code: 554}, false},
		{"Compose", &mail.Error{Stage: mail.StageCompose}, true},
		{"Wrapped", fmt.Errorf("outbox: %w", &mail.Error{Stage: mail.StageRecipient, Code: 551}), true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := mail.Permanent(tc.err); got != tc.want {
				t.Errorf("Permanent(%v) = %v, want %v", tc.err, got, tc.want)
			}
		})
	}
}

// The From setting may carry a Unicode display name; it must parse.
func TestFromWithUnicodeName(t *testing.T) {
	a, err := netmail.ParseAddress(from)
	if err != nil || a.Name != "Équipe Lumenfjord" {
		t.Fatalf("ParseAddress(%q) = %v, %v", from, a, err)
	}
}
