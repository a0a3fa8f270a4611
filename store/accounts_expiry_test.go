package store_test

import (
	"context"
	"testing"
	"time"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestMemberInvitationsExpireAndReachAccountsWithoutAWorkspace: an invitation
// waits 30 days, then can be neither seen nor accepted, and the owner can
// invite again; an account that belongs to no workspace joins by signing in.
func TestMemberInvitationsExpireAndReachAccountsWithoutAWorkspace(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		now := time.Now().UTC()
		s := storetest.Open(t, dsn, func() time.Time { return now })
		owner := storetest.Account(t, s, "owner@a.example", "A", mspeval.RoleOwner)
		other := storetest.Account(t, s, "pat@b.example", "B", mspeval.RoleOwner)
		if _, err := s.AddMember(ctx, owner, store.NewMember{Email: "pat@b.example", Role: mspeval.RoleEditor}); err != nil {
			t.Fatal(err)
		}
		now = now.Add(store.MemberInvitationTTL + time.Hour)
		if invs, err := s.MyInvitations(ctx, other); err != nil || len(invs) != 0 {
			t.Errorf("after 30 days: %d invitations (%v), want none", len(invs), err)
		}
		if _, err := s.AddMember(ctx, owner, store.NewMember{Email: "pat@b.example", Role: mspeval.RoleViewer}); err != nil {
			t.Fatalf("inviting again after expiry: %v", err)
		}
		// Pat is removed from B, the only workspace (by a second owner: the
		// last owner stays); signing in now joins A.
		second := storetest.Account(t, s, "sam@b.example", "B", mspeval.RoleOwner)
		if err := s.RemoveMember(ctx, second, other.UserID); err != nil {
			t.Fatal(err)
		}
		_, caller, err := s.SignIn(ctx, "pat@b.example", storetest.Password, "", "192.0.2.1", "test")
		if err != nil {
			t.Fatalf("an account with no workspace and an invitation: sign-in %v", err)
		}
		if caller.WorkspaceID != owner.WorkspaceID || caller.Role != mspeval.RoleViewer {
			t.Errorf("signed in to %s as %s, want workspace A as viewer", caller.WorkspaceID, caller.Role)
		}
	})
}
