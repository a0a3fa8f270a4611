package mail

import (
	"bytes"
	"embed"
	htmltemplate "html/template"
	"strings"
	texttemplate "text/template"
	"time"
)

// InvitationView is what an invitation or reminder says. Every string may come
// from a user and is treated as such: folded onto one line, and escaped in
// the HTML body. Empty fields are left out of the sentences.
type InvitationView struct {
	CandidateName  string // the MSP being asked, e.g. "Acme IT"
	ContactName    string // the person at the MSP the message is addressed to
	RequesterName  string // the person who asks
	Workspace      string // the organisation that asks
	EvaluationName string // what they are asked to answer
	// DueDate is the due date as the workspace writes it, or YYYY-MM-DD
	// (written as "15 March 2027"), or "" for no due date.
	DueDate        string
	Link           string // the respondent's personal link
	UnsubscribeURL string // one-click unsubscribe; "" leaves the footer out
	Reminder       bool   // a reminder: another subject and opening
	// Resume: the recipient started a survey through a public link themselves,
	// and gets their private link to come back to it.
	Resume bool
}

//go:embed templates
var templateFS embed.FS

// The templates are parsed once at start-up, so a broken template stops the
// program at once instead of failing the first invitation.
var (
	invitationText = texttemplate.Must(texttemplate.ParseFS(templateFS, "templates/invitation.txt"))
	invitationHTML = htmltemplate.Must(htmltemplate.ParseFS(templateFS, "templates/invitation.html"))
)

// invitationData is the view with the sentences worked out, so that the two
// templates say exactly the same thing and hold no grammar of their own.
type invitationData struct {
	Subject     string
	Greeting    string
	Opening     string
	DueLine     string
	Link        string
	Personal    string
	Footer      string
	Sender      string // whose email the unsubscribe link stops
	Unsubscribe string
}

// Invitation writes the subject and both bodies of an invitation, or of a
// reminder when v.Reminder is set. The HTML body escapes every value (the
// link included, which html/template also refuses if it is not http, https
// or mailto) and shows the link both as a button and as text.
func Invitation(v InvitationView) (subject, text, html string) {
	d := newInvitationData(v)
	var tb, hb bytes.Buffer
	// The data is all strings and the templates are fixed and checked by the
	// tests, so executing them cannot fail short of running out of memory.
	if err := invitationText.Execute(&tb, d); err != nil {
		panic("mail: invitation text template: " + err.Error())
	}
	if err := invitationHTML.Execute(&hb, d); err != nil {
		panic("mail: invitation HTML template: " + err.Error())
	}
	return d.Subject, tb.String(), hb.String()
}

// InvitationMessage is Invitation packed into a Message for to, with the
// unsubscribe headers and id as its Message-ID. The display name is the
// contact's, or the candidate's when no contact is known.
func InvitationMessage(v InvitationView, to, id string) Message {
	subject, text, html := Invitation(v)
	name := oneLine(v.ContactName)
	if name == "" {
		name = oneLine(v.CandidateName)
	}
	return Message{To: to, ToName: name, Subject: subject, Text: text, HTML: html,
		Headers: UnsubscribeHeaders(v.UnsubscribeURL), ID: id}
}

func newInvitationData(v InvitationView) invitationData {
	candidate, contact := oneLine(v.CandidateName), oneLine(v.ContactName)
	requester, workspace := oneLine(v.RequesterName), oneLine(v.Workspace)
	evaluation := oneLine(v.EvaluationName)
	due := formatDate(strings.TrimSpace(v.DueDate))

	asker := join(" at ", requester, workspace) // "Anna Berg at Lumenfjord"
	org := workspace                            // who the recipient hears from
	if org == "" {
		org = requester
	}
	what := "a questionnaire"
	if evaluation != "" {
		what = "the questionnaire “" + evaluation + "”"
	}
	forWhom, fromWhom := "", ""
	if candidate != "" {
		forWhom, fromWhom = " for "+candidate, " from "+candidate
	}

	d := invitationData{Greeting: "Hello,", Link: strings.TrimSpace(v.Link),
		Unsubscribe: strings.TrimSpace(v.UnsubscribeURL)}
	if contact != "" {
		d.Greeting = "Hello " + contact + ","
	}
	switch {
	case v.Resume && org != "":
		d.Subject = "Your private link to " + what + " from " + org
	case v.Resume:
		d.Subject = "Your private link to " + what
	case v.Reminder && due != "":
		d.Subject = "Reminder: " + what + forWhom + " is due on " + due
	case v.Reminder && org != "":
		d.Subject = "Reminder: " + org + " is waiting for your answers to " + what
	case v.Reminder:
		d.Subject = "Reminder: your answers to " + what + " are still awaited"
	case org != "":
		d.Subject = org + " invites " + or(candidate, "you") + " to answer " + what
	default:
		d.Subject = "You are invited to answer " + what + forWhom
	}
	switch {
	case v.Resume:
		d.Opening = "Thank you for starting " + what + ". Keep this link to come back to your answers " +
			"and, once you submit, to see your results."
	case v.Reminder && asker != "":
		d.Opening = "A reminder: " + asker + " is still waiting for the answers" + fromWhom + " to " + what + "."
	case v.Reminder:
		d.Opening = "A reminder: the answers" + fromWhom + " to " + what + " are still awaited."
	case asker != "":
		d.Opening = asker + " invites " + or(candidate, "you") + " to answer " + what + "."
	default:
		d.Opening = "You are invited to answer " + what + forWhom + "."
	}
	if due != "" {
		d.DueLine = "Please send your answers by " + due + "."
		if v.Reminder {
			d.DueLine = "The answers are due on " + due + "."
		}
	}
	d.Personal = "The link is personal; please do not forward it."
	if candidate != "" {
		d.Personal = "The link is personal to " + candidate + "; please do not forward it."
	}
	if v.Resume {
		d.Personal = "The link is personal; anyone who has it can see and change your answers, so please do not forward it."
	}
	if d.Unsubscribe != "" && v.Resume {
		d.Footer = "You receive this email because you started this survey and gave your address."
		d.Sender = or(org, "this sender")
	} else if d.Unsubscribe != "" {
		d.Footer = "You receive this email because " + or(org, "the sender") + " entered your address" + forWhom + "."
		d.Sender = or(org, "this sender")
	}
	return d
}

// formatDate writes 2027-03-15 as "15 March 2027", which no reader can
// take for 3 December. Any other value (a date the sender already wrote in
// its workspace's style, or a mistake) is shown as it is, on one line.
func formatDate(s string) string {
	if s == "" {
		return ""
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return oneLine(s)
	}
	return t.Format("2 January 2006")
}

// join puts sep between the non-empty parts.
func join(sep string, parts ...string) string {
	var kept []string
	for _, p := range parts {
		if p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, sep)
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
