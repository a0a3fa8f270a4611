package mail

import (
	"errors"
	"fmt"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"

	gomail "github.com/wneessen/go-mail"
)

// ErrDisabled is returned by NewSender when MSPEVAL_SMTP_URL is empty.
var ErrDisabled = errors.New("mail: email is off: set " + settingURL + " and " + settingFrom + " to send")

// Stage says how far an attempt got before it failed. It tells the caller
// what the failure is about: the setup (StageConnect), the sender, this
// recipient, or this message's content.
type Stage string

// The stages of one Send, in order.
const (
	StageCompose   Stage = "compose"   // the Message itself is unusable; nothing was sent
	StageConnect   Stage = "connect"   // dialling, greeting, TLS or authentication
	StageSender    Stage = "sender"    // MAIL FROM was refused
	StageRecipient Stage = "recipient" // RCPT TO was refused: the server rejects this address
	StageData      Stage = "data"      // DATA, the content, or the server's verdict on it
)

// Error is a failed Send. Its text keeps what the server said (reply code,
// enhanced code and words) so that it can be shown to the user as it is.
type Error struct {
	Stage Stage
	// Code is the SMTP reply code (550, 451 …), or 0 when the server gave
	// none: the connection failed, TLS failed, or the Message was invalid.
	Code int
	// EnhancedCode is the RFC 3463 status ("5.1.1") when the server sent one.
	EnhancedCode string
	// Reply is the server's reply as it sent it, "550 5.1.1 No such user",
	// or "" when there was none. This is what to show a user.
	Reply  string
	To     string // the recipient of the failed message
	Server string // host:port, "" for StageCompose
	Err    error  // the underlying error
}

func (e *Error) Error() string {
	switch {
	case e.Stage == StageCompose:
		return fmt.Sprintf("mail: message to %q not sent: %v", e.To, e.Err)
	case e.Reply != "":
		return fmt.Sprintf("mail: %s refused %s: %s", e.Server, e.refused(), e.Reply)
	default:
		return fmt.Sprintf("mail: sending to %q via %s failed (%s): %v", e.To, e.Server, e.Stage, e.Err)
	}
}

// refused names what the server refused, in Error's words.
func (e *Error) refused() string {
	switch e.Stage {
	case StageSender:
		return fmt.Sprintf("the sender of the message to %q", e.To)
	case StageRecipient:
		return fmt.Sprintf("recipient %q", e.To)
	case StageData:
		return fmt.Sprintf("the message to %q", e.To)
	default:
		return fmt.Sprintf("the connection or login (message to %q)", e.To)
	}
}

func (e *Error) Unwrap() error { return e.Err }

// Permanent reports whether this message will never go through as it is:
// the server refused its recipient (RCPT TO) or its content (DATA) with a
// 5xx reply, or the Message itself was invalid.
//
// Failures while connecting (network, TLS, authentication, even a 5xx
// greeting or 535 for a wrong password) and refusals of the sender (MAIL
// FROM: an address the server will not relay for, a login it wants first)
// are not permanent, even with 5xx: they concern the setting, not this
// message, would fail every message alike, and go away when the setting is
// fixed. Neither are 4xx replies, time-outs, or a cancelled context.
func (e *Error) Permanent() bool {
	switch e.Stage {
	case StageCompose:
		return true
	case StageRecipient, StageData:
		return e.Code >= 500 && e.Code <= 599
	}
	return false
}

// Permanent reports whether err is an *Error for which Error.Permanent holds.
// The outbox marks such messages failed (bounced, when the Stage is
// StageRecipient or StageData: the server said no to this message) and
// retries everything else.
func Permanent(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Permanent()
}

// stageOf maps go-mail's reasons onto the stages callers care about.
func stageOf(r gomail.SendErrReason) Stage {
	switch r {
	case gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrNoUnencoded:
		return StageCompose
	case gomail.ErrSMTPMailFrom:
		return StageSender
	case gomail.ErrSMTPRcptTo:
		return StageRecipient
	case gomail.ErrConnCheck, gomail.ErrSMTPReset:
		return StageConnect
	default:
		return StageData
	}
}

var (
	enhancedCodeRE = regexp.MustCompile(`^[245]\.\d{1,3}\.\d{1,3}\b`)
	// replyRE finds "550 <text>" in a go-mail SendError's text, where the
	// text is the textproto.Error's message: quoted (%q) since Go 1.26, bare
	// before it.
	replyRE = regexp.MustCompile(`\b([2-5]\d\d) ("(?:[^"\\]|\\.)*"|[^,]*)`)
)

// classify turns what go-mail returned into an *Error, pulling the reply
// out of whichever form it came in.
func classify(stage Stage, to, server string, err error) *Error {
	e := &Error{Stage: stage, To: to, Server: server, Err: err}
	var se *gomail.SendError
	var te *textproto.Error
	switch {
	case errors.As(err, &te):
		e.Code, e.Reply = te.Code, reply(te.Code, te.Msg)
	case errors.As(err, &se):
		// SendError does not unwrap to the textproto.Error it holds, so the
		// reply is read back from its text.
		e.Stage = stageOf(se.Reason)
		if e.Code = se.ErrorCode(); e.Code != 0 {
			if m := replyRE.FindStringSubmatch(se.Error()); m != nil && m[1] == strconv.Itoa(e.Code) {
				text := m[2]
				if unq, err := strconv.Unquote(text); err == nil {
					text = unq
				}
				e.Reply = reply(e.Code, text)
			}
		}
	}
	if e.Reply != "" {
		_, text, _ := strings.Cut(e.Reply, " ")
		e.EnhancedCode = enhancedCodeRE.FindString(text)
	}
	return e
}

// reply writes a reply on one line: a multi-line reply's lines joined by spaces.
func reply(code int, text string) string {
	return strconv.Itoa(code) + " " + strings.Join(strings.Fields(text), " ")
}
