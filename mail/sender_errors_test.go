package mail_test

import (
	"context"
	"errors"
	"fmt"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"mspeval/mail"
	"mspeval/mail/mailtest"
)

// These tests pin how each kind of failure is reported: which Stage, whether
// Permanent, and that the server's own reply survives.

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
