package mail

import (
	"errors"
	"fmt"
	netmail "net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"unicode"

	gomail "github.com/wneessen/go-mail"
)

// Header fields for RFC 8058 one-click unsubscribe.
const (
	headerListUnsubscribe     = "List-Unsubscribe"
	headerListUnsubscribePost = "List-Unsubscribe-Post"
	oneClick                  = "List-Unsubscribe=One-Click"
)

// UnsubscribeHeaders returns the List-Unsubscribe and List-Unsubscribe-Post
// fields (RFC 2369, RFC 8058) for Message.Headers, or nil when unsubscribeURL
// is "". The URL must accept a POST with the body "List-Unsubscribe=One-Click"
// and unsubscribe without asking anything, because mail providers send that
// POST themselves when the recipient clicks their own "unsubscribe" button.
// Providers only honour https URLs; an http URL (local development) is still
// written, so that development mail looks like production mail.
func UnsubscribeHeaders(unsubscribeURL string) map[string]string {
	if unsubscribeURL == "" {
		return nil
	}
	return map[string]string{
		headerListUnsubscribe:     "<" + unsubscribeURL + ">",
		headerListUnsubscribePost: oneClick,
	}
}

// reservedHeaders are set by compose from Message's own fields or by go-mail;
// letting Headers set them too would produce duplicate or conflicting fields.
var reservedHeaders = map[string]bool{
	"From": true, "Sender": true, "To": true, "Cc": true, "Bcc": true, "Subject": true,
	"Date": true, "Message-Id": true, "Mime-Version": true, "Return-Path": true,
	"Content-Type": true, "Content-Transfer-Encoding": true, "Content-Disposition": true,
}

// compose builds the go-mail message. Errors here mean the Message can never
// be sent as it is.
func compose(from *netmail.Address, m Message) (*gomail.Msg, error) {
	to, err := netmail.ParseAddress(m.To)
	if err != nil {
		return nil, fmt.Errorf("recipient %q is not an email address: %v", m.To, err)
	}
	subject := oneLine(m.Subject)
	if subject == "" {
		return nil, errors.New("subject is empty")
	}
	if m.Text == "" && m.HTML == "" {
		return nil, errors.New("body is empty: give Text, HTML or both")
	}

	msg := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	msg.FromMailAddress(from)
	name := oneLine(m.ToName)
	if name == "" {
		name = to.Name
	}
	msg.ToMailAddress(&netmail.Address{Name: name, Address: to.Address})
	msg.Subject(subject)
	msg.SetDate()
	if m.ID != "" {
		id, err := messageID(m.ID, from.Address)
		if err != nil {
			return nil, err
		}
		msg.SetMessageIDWithValue(id)
	}
	if err := setHeaders(msg, m.Headers); err != nil {
		return nil, err
	}
	switch {
	case m.Text != "" && m.HTML != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
		msg.AddAlternativeString(gomail.TypeTextHTML, m.HTML)
	case m.Text != "":
		msg.SetBodyString(gomail.TypeTextPlain, m.Text)
	default:
		msg.SetBodyString(gomail.TypeTextHTML, m.HTML)
	}
	return msg, nil
}

func setHeaders(msg *gomail.Msg, headers map[string]string) error {
	for name, value := range headers {
		if !validFieldName(name) {
			return fmt.Errorf("header name %q is not a valid field name", name)
		}
		key := textproto.CanonicalMIMEHeaderKey(name)
		if reservedHeaders[key] {
			return fmt.Errorf("header %s is set from Message's own fields, not from Headers", key)
		}
		if strings.ContainsAny(value, "\r\n") {
			return fmt.Errorf("header %s: value contains a line break", key)
		}
		switch key {
		case "Reply-To":
			a, err := netmail.ParseAddress(value)
			if err != nil {
				return fmt.Errorf("header Reply-To: %q is not an email address: %v", value, err)
			}
			msg.ReplyToMailAddress(a)
		case headerListUnsubscribe, headerListUnsubscribePost:
			// These carry URLs in angle brackets and a fixed token: written
			// as they are, never RFC 2047-encoded, or receivers cannot read them.
			if err := checkUnsubscribe(key, value, headers); err != nil {
				return err
			}
			msg.SetGenHeaderPreformatted(gomail.Header(key), value)
		default:
			msg.SetGenHeader(gomail.Header(key), value)
		}
	}
	return nil
}

func checkUnsubscribe(key, value string, headers map[string]string) error {
	if key == headerListUnsubscribePost {
		if value != oneClick {
			return fmt.Errorf("header %s must be %q", key, oneClick)
		}
		if !hasHeader(headers, headerListUnsubscribe) {
			return fmt.Errorf("header %s without %s", key, headerListUnsubscribe)
		}
		return nil
	}
	for _, part := range strings.Split(value, ",") {
		part = strings.TrimSpace(part)
		if len(part) < 2 || part[0] != '<' || part[len(part)-1] != '>' {
			return fmt.Errorf("header %s: %q is not a URI in angle brackets", key, part)
		}
		u, err := url.Parse(part[1 : len(part)-1])
		if err != nil || (u.Scheme != "https" && u.Scheme != "http" && u.Scheme != "mailto") {
			return fmt.Errorf("header %s: %q is not an https, http or mailto URI", key, part)
		}
		if !isASCII(part) {
			return fmt.Errorf("header %s: URI %q must be ASCII (percent-encode it)", key, part)
		}
	}
	return nil
}

func hasHeader(headers map[string]string, key string) bool {
	for name := range headers {
		if textproto.CanonicalMIMEHeaderKey(name) == key {
			return true
		}
	}
	return false
}

// messageID makes a Message-ID body (without angle brackets) from the
// caller's ID: RFC 5322 wants left@right, both sides without spaces or
// brackets, and unique worldwide, which the sender's domain provides.
func messageID(id, fromAddr string) (string, error) {
	id = strings.TrimSuffix(strings.TrimPrefix(id, "<"), ">")
	if id == "" || strings.HasPrefix(id, "@") || strings.HasSuffix(id, "@") {
		return "", fmt.Errorf("message ID %q: needs text on both sides of @", id)
	}
	for _, r := range id {
		if r <= ' ' || r >= 0x7f || strings.ContainsRune(`<>()[]\,;:"`, r) {
			return "", fmt.Errorf("message ID %q: only printable ASCII without spaces, brackets or quotes", id)
		}
	}
	if strings.Contains(id, "@") {
		return id, nil
	}
	domain := fromAddr[strings.LastIndex(fromAddr, "@")+1:]
	return id + "@" + domain, nil
}

// validFieldName follows RFC 5322: printable ASCII except the colon.
func validFieldName(name string) bool {
	if name == "" {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return true
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// oneLine folds every run of white space and control characters into one
// space, because names and subjects typed by users must not break a header
// or a sentence across lines.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
