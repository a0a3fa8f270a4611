// Package mail composes and sends the service's email: invitations to answer
// a questionnaire, their reminders, and whatever else the outbox hands it.
//
// It owns the SMTP side and nothing else. Composition and transport go through
// github.com/wneessen/go-mail, so header encoding (RFC 2047 for non-ASCII
// names and subjects), MIME structure and the SMTP dialogue are the library's,
// not hand-written. What this package adds is the setting
// (MSPEVAL_SMTP_URL / MSPEVAL_MAIL_FROM, see ParseConfig), the invitation
// texts, and an error that keeps the server's own words and says whether a
// retry can help (see Permanent), because the outbox retries temporary
// failures and marks permanent ones as failed or bounced.
//
// It must not import the store, the API or any other part of mspeval: the
// outbox calls it, never the other way round. One Send is one SMTP session,
// so a Sender is safe for concurrent use and holds no connection between
// messages.
package mail
