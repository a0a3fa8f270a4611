package mailtest

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"time"
)

// Message is one message as the server accepted it.
type Message struct {
	From     string    // envelope sender (MAIL FROM)
	To       []string  // envelope recipients (RCPT TO) that were accepted
	Raw      []byte    // the content after DATA, exactly as sent: CRLF, encoded headers
	User     string    // the AUTH user name, "" without AUTH
	TLS      bool      // whether the session was encrypted (STARTTLS or smtps)
	Received time.Time // when the server accepted it
}

// Parsed is a Message's content decoded for assertions.
type Parsed struct {
	// Header holds the fields as written, RFC 2047 words still encoded, so
	// tests can check the encoding as well as the meaning.
	Header  mail.Header
	Subject string          // decoded
	From    []*mail.Address // decoded display names
	To      []*mail.Address // decoded display names
	Text    string          // the text/plain part, decoded, "\n" line ends; "" if absent
	HTML    string          // the text/html part, decoded, "\n" line ends; "" if absent
}

// Parse decodes the message the way a mail client would: headers, encoded
// words, MIME parts and their transfer encodings.
func (m Message) Parse() (Parsed, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(m.Raw))
	if err != nil {
		return Parsed{}, fmt.Errorf("mailtest: header: %w", err)
	}
	p := Parsed{Header: msg.Header}
	var dec mime.WordDecoder
	if p.Subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		return Parsed{}, fmt.Errorf("mailtest: Subject: %w", err)
	}
	if p.From, err = msg.Header.AddressList("From"); err != nil {
		return Parsed{}, fmt.Errorf("mailtest: From: %w", err)
	}
	if p.To, err = msg.Header.AddressList("To"); err != nil {
		return Parsed{}, fmt.Errorf("mailtest: To: %w", err)
	}
	err = p.walk(msg.Header.Get("Content-Type"), msg.Header.Get("Content-Transfer-Encoding"), msg.Body)
	return p, err
}

// walk descends into multipart bodies and keeps the text and HTML leaves.
func (p *Parsed) walk(contentType, encoding string, body io.Reader) error {
	if contentType == "" {
		contentType = "text/plain"
	}
	mediaType, params, err := mime.ParseMediaType(contentType)
	if err != nil {
		return fmt.Errorf("mailtest: Content-Type %q: %w", contentType, err)
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		mr := multipart.NewReader(body, params["boundary"])
		for {
			// NextRawPart, unlike NextPart, leaves quoted-printable to us,
			// so every encoding is decoded in one place.
			part, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("mailtest: %s: %w", mediaType, err)
			}
			if err := p.walk(part.Header.Get("Content-Type"), part.Header.Get("Content-Transfer-Encoding"), part); err != nil {
				return err
			}
		}
	}
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, body)
	}
	b, err := io.ReadAll(body)
	if err != nil {
		return fmt.Errorf("mailtest: %s body: %w", mediaType, err)
	}
	text := strings.ReplaceAll(string(b), "\r\n", "\n")
	switch mediaType {
	case "text/plain":
		p.Text = text
	case "text/html":
		p.HTML = text
	}
	return nil
}
