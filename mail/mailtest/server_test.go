package mailtest_test

import (
	"net/smtp"
	"strings"
	"sync"
	"testing"
	"time"

	"mspeval/mail/mailtest"
)

// send uses the standard library's client, so these tests pin the server's
// behaviour independently of the mail package that it serves.
func send(srv *mailtest.Server, to string, raw string) error {
	return smtp.SendMail(srv.Addr(), nil, "sender@example.com", []string{to}, []byte(raw))
}

const plain = "From: sender@example.com\r\nTo: a@example.com\r\nSubject: Hi\r\n\r\nHello.\r\n"

func TestServer(t *testing.T) {
	t.Run("KeepsWhatItAccepts", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		if err := send(srv, "a@example.com", plain); err != nil {
			t.Fatal(err)
		}
		msgs := srv.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d messages, want 1", len(msgs))
		}
		m := msgs[0]
		if m.From != "sender@example.com" || len(m.To) != 1 || m.To[0] != "a@example.com" || string(m.Raw) != plain {
			t.Errorf("message = %+v", m)
		}
		if m.TLS || m.User != "" || m.Received.IsZero() {
			t.Errorf("TLS, User, Received = %v, %q, %v", m.TLS, m.User, m.Received)
		}
	})

	t.Run("URLMatchesOptions", func(t *testing.T) {
		for _, tc := range []struct {
			opts []mailtest.Option
			want string
		}{
			{nil, "smtp://%s?tls=none"},
			{[]mailtest.Option{mailtest.WithAuth("u", "p")}, "smtp://u:p@%s?tls=none"},
			{[]mailtest.Option{mailtest.WithSTARTTLS()}, "smtp://%s?tls=starttls&insecure_skip_verify=true"},
			{[]mailtest.Option{mailtest.WithImplicitTLS()}, "smtps://%s?insecure_skip_verify=true"},
		} {
			srv := mailtest.NewServer(t, tc.opts...)
			if want := strings.Replace(tc.want, "%s", srv.Addr(), 1); srv.URL() != want {
				t.Errorf("URL() = %q, want %q", srv.URL(), want)
			}
		}
	})

	t.Run("RejectsChosenRecipients", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		srv.Reject("Gone@Example.com", 550, "5.1.1 No such user")
		err := send(srv, "gone@example.com", plain)
		if err == nil || !strings.Contains(err.Error(), "550") || !strings.Contains(err.Error(), "5.1.1 No such user") {
			t.Errorf("error = %v, want the 550 reply", err)
		}
		if err := send(srv, "other@example.com", plain); err != nil {
			t.Errorf("other recipient refused: %v", err)
		}
	})

	t.Run("RejectsEveryoneThenAcceptsAgain", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		srv.Reject("*", 451, "Try later")
		err := send(srv, "a@example.com", plain)
		if err == nil || !strings.Contains(err.Error(), "451") || !strings.Contains(err.Error(), "4.0.0 Try later") {
			t.Errorf("error = %v, want 451 4.0.0 Try later", err)
		}
		srv.AcceptAll()
		if err := send(srv, "a@example.com", plain); err != nil {
			t.Errorf("after AcceptAll: %v", err)
		}
		if n := len(srv.Messages()); n != 1 {
			t.Errorf("%d messages, want 1", n)
		}
	})

	t.Run("RequiresLoginWithAuth", func(t *testing.T) {
		srv := mailtest.NewServer(t, mailtest.WithAuth("u", "p"))
		if err := send(srv, "a@example.com", plain); err == nil || !strings.Contains(err.Error(), "authenticate") {
			t.Errorf("unauthenticated send error = %v, want a refusal", err)
		}
		auth := smtp.PlainAuth("", "u", "p", "127.0.0.1")
		if err := smtp.SendMail(srv.Addr(), auth, "s@example.com", []string{"a@example.com"}, []byte(plain)); err != nil {
			t.Fatal(err)
		}
		if m := srv.Messages(); len(m) != 1 || m[0].User != "u" {
			t.Errorf("messages = %+v, want one from user u", m)
		}
	})

	t.Run("GoesDownAndComesBack", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		addr := srv.Addr()
		if err := send(srv, "a@example.com", plain); err != nil {
			t.Fatal(err)
		}
		srv.Stop()
		srv.Stop() // twice is harmless
		if err := send(srv, "b@example.com", plain); err == nil || !strings.Contains(err.Error(), "refused") {
			t.Errorf("send while down: error = %v, want connection refused", err)
		}
		srv.Start(t)
		srv.Start(t) // twice is harmless
		if srv.Addr() != addr {
			t.Errorf("Addr() = %q after restart, want %q", srv.Addr(), addr)
		}
		if err := send(srv, "c@example.com", plain); err != nil {
			t.Fatalf("send after restart: %v", err)
		}
		var to []string
		for _, m := range srv.Messages() {
			to = append(to, m.To[0])
		}
		if strings.Join(to, ",") != "a@example.com,c@example.com" {
			t.Errorf("recipients = %v, want a and c (kept across the restart)", to)
		}
	})

	t.Run("StopCutsSlowSessionAndLosesItsMessage", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		srv.SetDataDelay(time.Minute)
		done := make(chan error, 1)
		go func() { done <- send(srv, "a@example.com", plain) }()
		time.Sleep(200 * time.Millisecond) // let the session reach DATA
		start := time.Now()
		srv.Stop()
		select {
		case err := <-done:
			if err == nil {
				t.Error("send succeeded although the server stopped mid-session")
			}
		case <-time.After(5 * time.Second):
			t.Fatal("send still blocked 5s after Stop")
		}
		if took := time.Since(start); took > 5*time.Second {
			t.Errorf("Stop took %v", took)
		}
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages kept from a cut session, want 0", n)
		}
	})

	t.Run("WaitReturnsOnceEnoughArrived", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		var wg sync.WaitGroup
		for _, to := range []string{"a@example.com", "b@example.com", "c@example.com"} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(50 * time.Millisecond)
				if err := send(srv, to, plain); err != nil {
					t.Error(err)
				}
			}()
		}
		if got := srv.Wait(t, 3, 5*time.Second); len(got) != 3 {
			t.Errorf("Wait returned %d messages, want 3", len(got))
		}
		wg.Wait()
	})

	t.Run("ClearForgets", func(t *testing.T) {
		srv := mailtest.NewServer(t)
		if err := send(srv, "a@example.com", plain); err != nil {
			t.Fatal(err)
		}
		srv.Clear()
		if n := len(srv.Messages()); n != 0 {
			t.Errorf("%d messages after Clear", n)
		}
	})
}

func TestParse(t *testing.T) {
	t.Run("NestedMultipartAndEncodings", func(t *testing.T) {
		raw := strings.Join([]string{
			"From: =?utf-8?q?=C3=89quipe_Lumenfjord?= <e@lumenfjord.example>",
			"To: =?utf-8?b?zpzOsc+Bzq/OsQ==?= <maria@acme.example>",
			"Subject: =?UTF-8?q?Caf=C3=A9?= =?UTF-8?q?_cr=C3=A8me?=",
			"MIME-Version: 1.0",
			`Content-Type: multipart/mixed; boundary="outer"`,
			"",
			"--outer",
			`Content-Type: multipart/alternative; boundary="inner"`,
			"",
			"--inner",
			"Content-Type: text/plain; charset=UTF-8",
			"Content-Transfer-Encoding: quoted-printable",
			"",
			"Caf=C3=A9 au lait, a long line that is soft=",
			"-wrapped.",
			"--inner",
			"Content-Type: text/html; charset=UTF-8",
			"Content-Transfer-Encoding: base64",
			"",
			"PHA+Q2Fmw6k8L3A+",
			"--inner--",
			"--outer",
			"Content-Type: application/pdf",
			"Content-Transfer-Encoding: base64",
			"",
			"JVBERi0=",
			"--outer--",
			"",
		}, "\r\n")
		p, err := mailtest.Message{Raw: []byte(raw)}.Parse()
		if err != nil {
			t.Fatal(err)
		}
		if p.Subject != "Café crème" {
			t.Errorf("Subject = %q", p.Subject)
		}
		if p.From[0].Name != "Équipe Lumenfjord" || p.To[0].Name != "Μαρία" {
			t.Errorf("From, To names = %q, %q", p.From[0].Name, p.To[0].Name)
		}
		if p.Text != "Café au lait, a long line that is soft-wrapped." {
			t.Errorf("Text = %q", p.Text)
		}
		if p.HTML != "<p>Café</p>" {
			t.Errorf("HTML = %q", p.HTML)
		}
	})

	t.Run("NoContentTypeIsPlainText", func(t *testing.T) {
		p, err := mailtest.Message{Raw: []byte(plain)}.Parse()
		if err != nil {
			t.Fatal(err)
		}
		if p.Text != "Hello.\n" || p.HTML != "" {
			t.Errorf("Text, HTML = %q, %q", p.Text, p.HTML)
		}
	})

	t.Run("BrokenHeaderIsAnError", func(t *testing.T) {
		if _, err := (mailtest.Message{Raw: []byte("not a header line\r\n")}).Parse(); err == nil {
			t.Error("Parse succeeded on a broken message")
		}
	})
}
