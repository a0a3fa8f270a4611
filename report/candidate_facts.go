package report

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"mspeval"
)

// contactFacts writes whom to ask at the candidate, when it submitted and
// who rated its answers.
func contactFacts(dc *doc, d *Data, id string) {
	cd := d.Candidates[id]
	orNone := func(s string) string {
		if s = oneLine(s); s == "" {
			return "none entered"
		}
		return s
	}
	submitted := "not submitted (" + strings.ReplaceAll(cd.Status, "_", " ") + ")"
	if cd.SubmittedAt != nil {
		submitted = d.Dates.Time(*cd.SubmittedAt)
	}
	rated := "nobody yet: every score comes from the option chosen" + provisionalClause(d)
	if len(cd.Raters) > 0 {
		var parts []string
		for _, r := range cd.Raters {
			parts = append(parts, fmt.Sprintf("%s, %s, the last on %s", oneLine(r.Name), count(r.Answers, "answer", "answers"), d.Dates.Time(r.Last)))
		}
		rated = strings.Join(parts, "; ")
	}
	facts := [][2]string{
		{"Contact person", orNone(cd.Contact)},
		{"Contact email", orNone(cd.Email)},
		{"Submitted", submitted},
		{"Rated by", rated},
	}
	p := dc.pdf
	labelW := 34.0
	for _, f := range facts {
		dc.font("", 9.5, ink)
		lines := dc.lines(f[1], dc.width()-labelW)
		lh := dc.lineH()
		dc.room(float64(len(lines)) * lh)
		dc.font("B", 9, muted)
		p.SetX(margin)
		p.CellFormat(labelW, lh, f[0], "", 0, "L", false, 0, "")
		dc.font("", 9.5, ink)
		for _, line := range lines {
			p.SetX(margin + labelW)
			p.CellFormat(dc.width()-labelW, lh, line, "", 1, "L", false, 0, "")
		}
	}
	p.Ln(3)
}

// linkEvent is one step in the history of a candidate's links.
type linkEvent struct {
	at   time.Time
	text string
}

// linkHistory lists what happened to the candidate's links, in time order:
// each link's creation, its emails, the respondent's steps and its end.
func linkHistory(dc *doc, d *Data, id string) {
	cd := d.Candidates[id]
	if len(cd.Links) == 0 {
		dc.subheading("Link history", 10)
		text := "No respondent link was created for this candidate."
		if cd.Status != "" && cd.Status != "not_started" {
			text += " Its answers were entered by the team."
		}
		dc.font("", 9.5, ink)
		dc.paragraph(text, margin, dc.width())
		dc.pdf.Ln(3)
		return
	}
	var events []linkEvent
	for i, l := range cd.Links {
		events = append(events, linkEvents(d, i+1, l)...)
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	var rows [][]cell
	for _, e := range events {
		rows = append(rows, []cell{{text: d.Dates.Time(e.at)}, {text: e.text}})
	}
	cols := []column{{"When", 0.32, "L"}, {"What happened", 0.68, "L"}}
	dc.subheading("Link history", dc.tableStart(cols, rows, 9))
	dc.table(cols, rows, 9)
}

// linkEvents are the steps of link number n.
func linkEvents(d *Data, n int, l Link) []linkEvent {
	name := fmt.Sprintf("Link %d", n)
	created := name + " created"
	if l.CreatedBy != "" {
		created += " by " + oneLine(l.CreatedBy)
	}
	if len(l.Emails) == 0 {
		created += " (not emailed from mspeval)"
	}
	out := []linkEvent{{l.Created, created}}
	for _, e := range l.Emails {
		out = append(out, emailEvent(name, e))
	}
	if l.Opened != nil {
		out = append(out, linkEvent{*l.Opened, name + " opened by the respondent"})
	}
	if l.Started != nil {
		out = append(out, linkEvent{*l.Started, "Answering started through " + strings.ToLower(name)})
	}
	if l.Submitted != nil {
		out = append(out, linkEvent{*l.Submitted, "Answers submitted through " + strings.ToLower(name)})
	}
	switch {
	case l.Revoked != nil:
		out = append(out, linkEvent{*l.Revoked, name + " revoked: it no longer works"})
	case l.Submitted != nil:
		// Once the answers are in, when the link would stop matters no more.
	case !l.Expires.After(d.Generated):
		out = append(out, linkEvent{l.Expires, name + " expired"})
	default:
		out = append(out, linkEvent{l.Expires, name + " works until then (not yet expired)"})
	}
	return out
}

func emailEvent(link string, e LinkEmail) linkEvent {
	what := link + " emailed to " + oneLine(e.To)
	switch e.Kind {
	case mspeval.TopicReminder:
		what = "Reminder of " + strings.ToLower(link) + " emailed to " + oneLine(e.To)
	case mspeval.TopicResume:
		what = link + " emailed again to " + oneLine(e.To) + ", to resume answering"
	}
	switch e.State {
	case "sent":
		if e.Sent != nil {
			return linkEvent{*e.Sent, what}
		}
		return linkEvent{e.Queued, what}
	case "failed":
		return linkEvent{e.Queued, what + ": the email could not be delivered"}
	case "bounced":
		at := e.Queued
		if e.Sent != nil {
			at = *e.Sent
		}
		return linkEvent{at, what + ": the email bounced"}
	}
	return linkEvent{e.Queued, what + ": queued, not sent yet"}
}
