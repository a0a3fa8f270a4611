package mail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

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
