package api_test

import (
	"context"
	"testing"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestEmailedLinks: with email off an address is refused with the settings to
// turn it on; a link that was emailed can unsubscribe its address, after which
// the workspace cannot email it again; the candidate's messages list the email.
func TestEmailedLinks(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		e := f.e
		p := e.must(422, request{Method: "POST", Path: "/api/v1/candidates/" + f.ids["candA"] + "/invitations", As: "ownerA",
			Body: map[string]any{"email": "sales@msp.example"}}).problem(t)
		if !hasField(p.Errors, "email") {
			t.Errorf("email off: got %+v, want a field error naming email", p)
		}
		// The store queues the email (the service does so when SMTP is set).
		owner, err := e.store.CallerFromSession(context.Background(), sessionOf(t, e, "ownerA"))
		if err != nil {
			t.Fatal(err)
		}
		_, secret, err := e.store.SendInvitation(context.Background(), owner, f.ids["candA"], store.InvitationOptions{Email: "Sales@MSP.example"})
		if err != nil {
			t.Fatal(err)
		}
		var msgs struct{ Items []mspeval.OutboxItem }
		e.must(200, request{Method: "GET", Path: "/api/v1/candidates/" + f.ids["candA"] + "/messages", As: "viewerA"}).decode(t, &msgs)
		if len(msgs.Items) != 1 || msgs.Items[0].State != "queued" || msgs.Items[0].Recipient != "sales@msp.example" {
			t.Errorf("the candidate's messages: %+v", msgs.Items)
		}
		e.must(404, request{Method: "GET", Path: "/api/v1/candidates/" + f.ids["candA"] + "/messages", As: "ownerB"})
		e.must(204, request{Method: "POST", Path: "/api/v1/respond/" + secret + "/unsubscribe"})
		e.must(204, request{Method: "POST", Path: "/api/v1/respond/" + secret + "/unsubscribe"})
		_, _, err = e.store.SendInvitation(context.Background(), owner, f.ids["candA"], store.InvitationOptions{Email: "sales@msp.example"})
		if mspeval.ErrorCode(err) != mspeval.EINVALID {
			t.Errorf("emailing an address that unsubscribed: got %v, want refused", err)
		}
		e.must(404, request{Method: "POST", Path: "/api/v1/respond/msr_unknown/unsubscribe"})
	})
}

// sessionOf returns the session secret kept for a signed-in name.
func sessionOf(t *testing.T, e *env, name string) string {
	t.Helper()
	ck := e.auth[name].Get("Cookie")
	if len(ck) <= len("mspeval_session=") {
		t.Fatalf("%s has no session", name)
	}
	return ck[len("mspeval_session="):]
}
