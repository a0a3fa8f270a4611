package frontend_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestSettingsPageAnswersInvitations: an invitation to an existing account
// shows on that person's settings page, and joining is their click.
func TestSettingsPageAnswersInvitations(t *testing.T) {
	s := newSite(t)
	ctx := context.Background()
	owner := storetest.Account(t, s.store, "owner@a.example", "Workspace A", mspeval.RoleOwner)
	person := storetest.Account(t, s.store, "person@b.example", "Workspace B", mspeval.RoleOwner)
	inv, err := s.store.AddMember(ctx, owner, store.NewMember{Email: person.Email, Role: mspeval.RoleEditor})
	if err != nil {
		t.Fatal(err)
	}
	c := client(t)
	if code, _ := post(t, c, s.url+"/login", url.Values{"email": {person.Email}, "password": {storetest.Password}}, nil); code != 200 {
		t.Fatalf("sign-in: got %d", code)
	}
	if _, body, _ := get(t, c, s.url+"/settings"); !strings.Contains(body, "Invitations to you") || !strings.Contains(body, "Join Workspace A") {
		t.Fatalf("settings page: no invitation to answer")
	}
	if members, _ := s.store.ListMembers(ctx, owner); len(members) != 1 {
		t.Fatalf("members of A before the person answered: got %d, want 1", len(members))
	}
	code, body := post(t, c, s.url+"/settings/invitations/"+inv.ID, url.Values{"action": {"accept"}}, nil)
	if code != 200 || !strings.Contains(body, "You joined the workspace") {
		t.Errorf("accepting: got %d", code)
	}
	if members, _ := s.store.ListMembers(ctx, owner); len(members) != 2 {
		t.Errorf("members of A after the person accepted: got %d, want 2", len(members))
	}
}
