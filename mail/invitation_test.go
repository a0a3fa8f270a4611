package mail_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"mspeval/mail"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// golden compares got with testdata/name, or rewrites it with -update. The
// invitation is text people read, so its exact wording is pinned here and a
// change shows up in review as a diff of the text itself.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./mail -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs (go test ./mail -update rewrites it)\ngot:\n%s\nwant:\n%s", name, got, want)
	}
}

func lumenfjordView() mail.InvitationView {
	return mail.InvitationView{
		CandidateName:  "Acme IT",
		ContactName:    "Μαρία Παπαδοπούλου",
		RequesterName:  "Anna Berg",
		Workspace:      "Équipe Lumenfjord",
		EvaluationName: "MSP selection 2027",
		DueDate:        "2027-03-15",
		Link:           "https://mspeval.example/r/tok_abc123",
		UnsubscribeURL: "https://mspeval.example/unsubscribe/u_789",
	}
}

func TestInvitation(t *testing.T) {
	t.Run("InvitationReadsAsGolden", func(t *testing.T) {
		subject, text, html := mail.Invitation(lumenfjordView())
		golden(t, "invitation.subject.txt", subject+"\n")
		golden(t, "invitation.txt", text)
		golden(t, "invitation.html", html)
	})

	t.Run("ReminderReadsAsGolden", func(t *testing.T) {
		v := lumenfjordView()
		v.Reminder = true
		subject, text, html := mail.Invitation(v)
		golden(t, "reminder.subject.txt", subject+"\n")
		golden(t, "reminder.txt", text)
		golden(t, "reminder.html", html)
	})

	t.Run("ReminderHasItsOwnSubjectAndOpening", func(t *testing.T) {
		v := lumenfjordView()
		inviteSubject, inviteText, _ := mail.Invitation(v)
		v.Reminder = true
		subject, text, html := mail.Invitation(v)
		if subject == inviteSubject || !strings.HasPrefix(subject, "Reminder: ") {
			t.Errorf("reminder subject = %q, want one starting with \"Reminder: \" and unlike %q", subject, inviteSubject)
		}
		if firstSentence(text) == firstSentence(inviteText) || !strings.Contains(text, "A reminder:") {
			t.Errorf("reminder opening = %q, want a different one from the invitation's", firstSentence(text))
		}
		if !strings.Contains(html, "A reminder:") {
			t.Errorf("reminder HTML lacks the reminder opening:\n%s", html)
		}
	})

	t.Run("DueDateWrittenOut", func(t *testing.T) {
		subject, text, html := mail.Invitation(lumenfjordView())
		for name, body := range map[string]string{"text": text, "html": html} {
			if !strings.Contains(body, "15 March 2027") {
				t.Errorf("%s body lacks the due date \"15 March 2027\":\n%s", name, body)
			}
			if strings.Contains(body, "2027-03-15") {
				t.Errorf("%s body shows the raw date 2027-03-15", name)
			}
		}
		if strings.Contains(subject, "March") {
			t.Errorf("invitation subject %q names the due date; only reminders do", subject)
		}
	})

	t.Run("NoDueDateNoDueLine", func(t *testing.T) {
		v := lumenfjordView()
		v.DueDate = ""
		_, text, html := mail.Invitation(v)
		for name, body := range map[string]string{"text": text, "html": html} {
			if strings.Contains(body, "due on") || strings.Contains(body, "answers by") {
				t.Errorf("%s body mentions a due date that was not given:\n%s", name, body)
			}
		}
		v.Reminder = true
		subject, _, _ := mail.Invitation(v)
		if want := "Reminder: Équipe Lumenfjord is waiting for your answers to the questionnaire “MSP selection 2027”"; subject != want {
			t.Errorf("subject = %q, want %q", subject, want)
		}
	})

	t.Run("BadDueDateShownAsGiven", func(t *testing.T) {
		v := lumenfjordView()
		v.DueDate = "next Friday"
		_, text, _ := mail.Invitation(v)
		if !strings.Contains(text, "by next Friday.") {
			t.Errorf("text does not show the unparsable due date as given:\n%s", text)
		}
	})

	t.Run("HostileValuesEscapedInHTML", func(t *testing.T) {
		v := lumenfjordView()
		v.CandidateName = `<script>alert("x")</script> & Co`
		v.ContactName = `<img src=x onerror=alert(1)>`
		v.Workspace = `"Quoted" <b>Workspace</b>`
		v.EvaluationName = `</p><a href="https://evil.example">click</a>`
		_, text, html := mail.Invitation(v)
		for _, bad := range []string{"<script", "<img", "<b>", `<a href="https://evil.example"`} {
			if strings.Contains(html, bad) {
				t.Errorf("HTML contains unescaped %q:\n%s", bad, html)
			}
		}
		for _, want := range []string{"&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co", "&lt;img src=x onerror=alert(1)&gt;"} {
			if !strings.Contains(html, want) {
				t.Errorf("HTML lacks escaped %q:\n%s", want, html)
			}
		}
		// Plain text is not markup: the name appears as typed.
		if !strings.Contains(text, `<script>alert("x")</script> & Co`) {
			t.Errorf("text does not show the name as typed:\n%s", text)
		}
	})

	t.Run("LinkShownAsTextAndAsLink", func(t *testing.T) {
		v := lumenfjordView()
		v.Link = "https://mspeval.example/r/tok?a=1&b=2"
		_, text, html := mail.Invitation(v)
		if !strings.Contains(text, "\nhttps://mspeval.example/r/tok?a=1&b=2\n") {
			t.Errorf("text lacks the link on a line of its own:\n%s", text)
		}
		if got := strings.Count(html, `href="https://mspeval.example/r/tok?a=1&amp;b=2"`); got != 2 {
			t.Errorf("HTML has %d links to the questionnaire, want 2 (button and text):\n%s", got, html)
		}
		if !strings.Contains(html, ">https://mspeval.example/r/tok?a=1&amp;b=2</a>") {
			t.Errorf("HTML does not show the link as text:\n%s", html)
		}
	})

	t.Run("ScriptLinkDefused", func(t *testing.T) {
		v := lumenfjordView()
		v.Link = "javascript:alert(1)"
		_, _, html := mail.Invitation(v)
		if strings.Contains(html, `href="javascript:`) {
			t.Errorf("HTML links to a javascript: URL:\n%s", html)
		}
	})

	t.Run("LineBreaksInNamesFolded", func(t *testing.T) {
		v := lumenfjordView()
		v.EvaluationName = "MSP\r\nselection\t2027"
		v.Workspace = "Équipe\nLumenfjord"
		subject, text, _ := mail.Invitation(v)
		if strings.ContainsAny(subject, "\r\n\t") {
			t.Errorf("subject %q keeps control characters", subject)
		}
		if !strings.Contains(text, "Anna Berg at Équipe Lumenfjord invites") || !strings.Contains(text, "“MSP selection 2027”") {
			t.Errorf("names not folded onto one line:\n%s", text)
		}
	})

	t.Run("UnsubscribeFooterOnlyWithURL", func(t *testing.T) {
		v := lumenfjordView()
		_, text, html := mail.Invitation(v)
		if !strings.Contains(text, "https://mspeval.example/unsubscribe/u_789") || !strings.Contains(html, `href="https://mspeval.example/unsubscribe/u_789"`) {
			t.Errorf("unsubscribe link missing:\n%s\n%s", text, html)
		}
		v.UnsubscribeURL = ""
		_, text, html = mail.Invitation(v)
		if strings.Contains(text, "nsubscribe") || strings.Contains(html, "nsubscribe") {
			t.Errorf("unsubscribe footer present without a URL:\n%s\n%s", text, html)
		}
	})

	t.Run("EmptyFieldsStillReadWell", func(t *testing.T) {
		subject, text, _ := mail.Invitation(mail.InvitationView{Link: "https://mspeval.example/r/x"})
		if want := "You are invited to answer a questionnaire"; subject != want {
			t.Errorf("subject = %q, want %q", subject, want)
		}
		if !strings.HasPrefix(text, "Hello,\n\nYou are invited to answer a questionnaire.\n") {
			t.Errorf("text = %q", text)
		}
	})
}

func TestInvitationMessage(t *testing.T) {
	t.Run("CarriesBodiesHeadersAndID", func(t *testing.T) {
		v := lumenfjordView()
		m := mail.InvitationMessage(v, "maria@acme.example", "inv-1")
		subject, text, html := mail.Invitation(v)
		if m.To != "maria@acme.example" || m.ToName != v.ContactName || m.ID != "inv-1" {
			t.Errorf("To, ToName, ID = %q, %q, %q", m.To, m.ToName, m.ID)
		}
		if m.Subject != subject || m.Text != text || m.HTML != html {
			t.Error("subject or bodies differ from Invitation's")
		}
		want := map[string]string{
			"List-Unsubscribe":      "<https://mspeval.example/unsubscribe/u_789>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		}
		if len(m.Headers) != len(want) || m.Headers["List-Unsubscribe"] != want["List-Unsubscribe"] ||
			m.Headers["List-Unsubscribe-Post"] != want["List-Unsubscribe-Post"] {
			t.Errorf("Headers = %v, want %v", m.Headers, want)
		}
	})

	t.Run("CandidateNameWithoutContact", func(t *testing.T) {
		v := lumenfjordView()
		v.ContactName = ""
		if m := mail.InvitationMessage(v, "ops@acme.example", ""); m.ToName != "Acme IT" {
			t.Errorf("ToName = %q, want the candidate's name", m.ToName)
		}
	})

	t.Run("NoUnsubscribeURLNoHeaders", func(t *testing.T) {
		v := lumenfjordView()
		v.UnsubscribeURL = ""
		if m := mail.InvitationMessage(v, "ops@acme.example", ""); m.Headers != nil {
			t.Errorf("Headers = %v, want none", m.Headers)
		}
	})
}

func firstSentence(text string) string {
	_, rest, _ := strings.Cut(text, "\n\n")
	line, _, _ := strings.Cut(rest, "\n")
	return line
}
