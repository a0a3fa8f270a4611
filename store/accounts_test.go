package store_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"mspeval"
	"mspeval/store"
	"mspeval/store/storetest"
)

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time      { return c.t }
func (c *clock) add(d time.Duration) { c.t = c.t.Add(d) }
func newClock() *clock               { return &clock{t: time.Now().UTC().Truncate(time.Second)} }
func signIn(s *store.Store, email, password, ip string) error {
	_, _, err := s.SignIn(context.Background(), email, password, "", ip, "")
	return err
}

func TestAddMemberNeverRevealsAnAccount(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		ownerA := storetest.Account(t, s, "owner@a.example", "A", mspeval.RoleOwner)
		storetest.Account(t, s, "someone@b.example", "B", mspeval.RoleOwner)

		existing, err := s.AddMember(ctx, ownerA, store.NewMember{Email: "someone@b.example", Role: mspeval.RoleEditor, Password: "an owner's guess 7"})
		if err != nil {
			t.Fatalf("invite an existing account: %v", err)
		}
		fresh, err := s.AddMember(ctx, ownerA, store.NewMember{Email: "new@a.example", Role: mspeval.RoleEditor, Password: "a first password 7"})
		if err != nil {
			t.Fatalf("invite a new account: %v", err)
		}
		nopw, err := s.AddMember(ctx, ownerA, store.NewMember{Email: "nobody@a.example", Role: mspeval.RoleEditor})
		if err != nil {
			t.Fatalf("invite an address with no account and no password: %v", err)
		}
		shape := func(m store.MemberInvitation) store.MemberInvitation {
			m.ID, m.Email, m.CreatedAt = "", "", time.Time{}
			return m
		}
		if a, b := shape(existing), shape(fresh); a != b {
			t.Errorf("existing and new accounts answer differently: got %+v and %+v", a, b)
		}
		if a, b := shape(existing), shape(nopw); a != b {
			t.Errorf("existing account and no account answer differently: got %+v and %+v", a, b)
		}
		members, err := s.ListMembers(ctx, ownerA)
		if err != nil {
			t.Fatal(err)
		}
		if len(members) != 1 {
			t.Errorf("members before anyone accepted: got %d, want only the owner", len(members))
		}
		// The owner's password never reaches the existing account.
		if err := signIn(s, "someone@b.example", "an owner's guess 7", "192.0.2.1"); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Errorf("signing in with the inviting owner's password: got %v, want unauthorized", err)
		}
	})
}

func TestMemberInvitationIsAcceptedOrDeclined(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		ownerA := storetest.Account(t, s, "owner@a.example", "A", mspeval.RoleOwner)
		ownerC := storetest.Account(t, s, "owner@c.example", "C", mspeval.RoleOwner)
		person := storetest.Account(t, s, "person@b.example", "B", mspeval.RoleOwner)
		if _, err := s.AddMember(ctx, ownerA, store.NewMember{Email: "Person@B.example", Role: mspeval.RoleViewer}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddMember(ctx, ownerC, store.NewMember{Email: "person@b.example", Role: mspeval.RoleEditor}); err != nil {
			t.Fatal(err)
		}
		mine, err := s.MyInvitations(ctx, person)
		if err != nil {
			t.Fatal(err)
		}
		if len(mine) != 2 {
			t.Fatalf("the person's pending invitations: got %+v, want 2", mine)
		}
		byWS := map[string]store.MemberInvitation{}
		for _, inv := range mine {
			byWS[inv.WorkspaceName] = inv
		}
		if _, err := s.AcceptInvitation(ctx, ownerA, byWS["A"].ID); mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
			t.Errorf("someone else accepting the invitation: got %v, want not found", err)
		}
		m, err := s.AcceptInvitation(ctx, person, byWS["A"].ID)
		if err != nil || m.WorkspaceName != "A" || m.Role != mspeval.RoleViewer {
			t.Fatalf("accept: got %+v, %v", m, err)
		}
		if err := s.DeclineInvitation(ctx, person, byWS["C"].ID); err != nil {
			t.Fatalf("decline: %v", err)
		}
		membersA, _ := s.ListMembers(ctx, ownerA)
		membersC, _ := s.ListMembers(ctx, ownerC)
		if len(membersA) != 2 || len(membersC) != 1 {
			t.Errorf("members after accepting A and declining C: got %d in A and %d in C, want 2 and 1", len(membersA), len(membersC))
		}
		if left, _ := s.MyInvitations(ctx, person); len(left) != 0 {
			t.Errorf("pending after answering both: got %+v", left)
		}
		if pending, _ := s.ListMemberInvitations(ctx, ownerA); len(pending) != 0 {
			t.Errorf("workspace A's pending invitations after acceptance: got %+v", pending)
		}
	})
}

func TestAccountCreatedByAnInvitationJoinsAtFirstSignIn(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	ownerA := storetest.Account(t, s, "owner@a.example", "A", mspeval.RoleOwner)
	if _, err := s.AddMember(ctx, ownerA, store.NewMember{Email: "new@a.example", Role: mspeval.RoleEditor, Password: "a first password 7"}); err != nil {
		t.Fatal(err)
	}
	_, c, err := s.SignIn(ctx, "new@a.example", "a first password 7", "", "192.0.2.1", "")
	if err != nil {
		t.Fatalf("first sign-in of the new account: %v", err)
	}
	if c.WorkspaceID != ownerA.WorkspaceID || c.Role != mspeval.RoleEditor {
		t.Errorf("caller: got %+v, want an editor of A", c)
	}
}

func TestPasswordsFollowNIST(t *testing.T) {
	refused := []string{
		"          ", "1234567890", "0987654321", "password12", "Password2024!", "qwertyuiop", "aaaaaaaaaaaa",
		"1q2w3e4r5t", "letmein2023", "welcome123!", "dana.smith2024", "Dana.Smith@example.com",
		"abcdefghijkl",
	}
	for _, pw := range refused {
		if msg := store.PasswordProblem(pw, "dana.smith@example.com"); msg == "" {
			t.Errorf("%q: accepted, want refused", pw)
		}
	}
	for _, pw := range []string{"dana@example.com", "Dana@Example.com!", "dana@example.com 1"} {
		if msg := store.PasswordProblem(pw, "dana@example.com"); msg == "" {
			t.Errorf("%q for dana@example.com: accepted, want refused", pw)
		}
	}
	for _, pw := range []string{storetest.Password, "demo-password-2027", "tangerine lamp 41", "dana runs the Tuesday desk"} {
		if msg := store.PasswordProblem(pw, "dana@example.com"); msg != "" {
			t.Errorf("%q: refused (%s), want accepted", pw, msg)
		}
	}
	ctx := context.Background()
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	c := storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	_, err := s.ChangePassword(ctx, c, storetest.Password, "password12", "", "192.0.2.1")
	if mspeval.ErrorCode(err) != mspeval.EINVALID {
		t.Errorf("change to a common password: got %v, want invalid", err)
	}
	if _, _, err := s.CreateAccount(ctx, store.NewAccount{Email: "x@example.com", Password: "1234567890", Workspace: "W", Role: mspeval.RoleOwner}); mspeval.ErrorCode(err) != mspeval.EINVALID {
		t.Errorf("account with a common password: got %v, want invalid", err)
	}
}

func TestSignInFailuresDoNotLockOutOtherAddresses(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := storetest.OpenWith(t, storetest.DSN(t, store.SQLite), store.Options{Now: clk.now})
	storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	for i := 0; i < 5; i++ {
		signIn(s, "dana@example.com", "wrong password", "203.0.113.9")
	}
	if err := signIn(s, "dana@example.com", storetest.Password, "198.51.100.1"); err != nil {
		t.Errorf("the owner from another address after five failures elsewhere: got %v, want success", err)
	}
	_ = ctx
}

func TestSignInDelaysGrow(t *testing.T) {
	clk := newClock()
	s := storetest.OpenWith(t, storetest.DSN(t, store.SQLite), store.Options{Now: clk.now})
	storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	var waits []int
	for i := 0; i < 8; i++ {
		err := signIn(s, "dana@example.com", "wrong password", "203.0.113.9")
		if mspeval.ErrorCode(err) == mspeval.ERATELIMITED {
			e := err.(*mspeval.Error)
			waits = append(waits, e.RetryAfter)
			clk.add(time.Duration(e.RetryAfter) * time.Second)
			i--
			continue
		}
		if mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Fatalf("attempt %d: got %v", i, err)
		}
	}
	if len(waits) < 3 {
		t.Fatalf("waits after failures: got %v, want growing waits", waits)
	}
	for i := 1; i < len(waits); i++ {
		if waits[i] <= waits[i-1] {
			t.Errorf("waits: got %v, want each longer than the last", waits)
		}
	}
}

func TestSignInAccountCeiling(t *testing.T) {
	clk := newClock()
	s := storetest.OpenWith(t, storetest.DSN(t, store.SQLite), store.Options{Now: clk.now})
	storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	for i := 0; i < 60; i++ {
		signIn(s, "dana@example.com", "wrong password", fmt.Sprintf("203.0.113.%d", i))
	}
	err := signIn(s, "dana@example.com", storetest.Password, "198.51.100.1")
	if mspeval.ErrorCode(err) != mspeval.ERATELIMITED || err.(*mspeval.Error).RetryAfter <= 0 {
		t.Errorf("after 60 failures from 60 addresses: got %v, want rate limited with a wait", err)
	}
}

func TestChangePasswordLimitsWrongCurrentPasswords(t *testing.T) {
	ctx := context.Background()
	clk := newClock()
	s := storetest.OpenWith(t, storetest.DSN(t, store.SQLite), store.Options{Now: clk.now})
	c := storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	limited := false
	for i := 0; i < 30 && !limited; i++ {
		_, err := s.ChangePassword(ctx, c, fmt.Sprintf("guess number %d", i), "tangerine lamp 41", "", "203.0.113.9")
		switch mspeval.ErrorCode(err) {
		case mspeval.ERATELIMITED:
			limited = err.(*mspeval.Error).RetryAfter > 0
		case mspeval.EINVALID:
		default:
			t.Fatalf("guess %d: got %v", i, err)
		}
	}
	if !limited {
		t.Error("30 wrong current passwords: never rate limited")
	}
}

func TestPasswordChangeEndsSessionsAndRevokesTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		c := storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
		keep, _, err := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		other, _, _ := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "192.0.2.2", "")
		_, tok, err := s.CreateToken(ctx, c, store.NewToken{Name: "nightly", Role: mspeval.RoleViewer})
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.ChangePassword(ctx, c, storetest.Password, "tangerine lamp 41", keep, "192.0.2.1")
		if err != nil {
			t.Fatal(err)
		}
		if want := (store.PasswordChanged{OtherSessionsEnded: 1, TokensRevoked: 1}); got != want {
			t.Errorf("what the change did: got %+v, want %+v", got, want)
		}
		if _, err := s.CallerFromSession(ctx, keep); err != nil {
			t.Errorf("the session that changed it: got %v, want kept", err)
		}
		if _, err := s.CallerFromSession(ctx, other); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Errorf("another session: got %v, want ended", err)
		}
		if _, err := s.CallerFromToken(ctx, tok); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Errorf("the user's API token: got %v, want revoked", err)
		}
	})
}

func TestSessionsEndWhenIdleAndRenewWhenUsed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		clk := newClock()
		s := storetest.OpenWith(t, dsn, store.Options{Now: clk.now, SessionIdle: time.Hour, SessionMax: 5 * time.Hour})
		storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
		secret, _, err := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		// Used every 55 minutes, it lives on past the idle time...
		for i := 0; i < 5; i++ {
			clk.add(55 * time.Minute)
			if _, err := s.CallerFromSession(ctx, secret); err != nil {
				t.Fatalf("used after %d × 55 minutes: got %v, want renewed", i+1, err)
			}
		}
		// ...but not past its maximum lifetime (5 h from sign-in).
		clk.add(30 * time.Minute)
		if _, err := s.CallerFromSession(ctx, secret); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Errorf("past the maximum lifetime: got %v, want ended", err)
		}
		idle, _, err := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "192.0.2.1", "")
		if err != nil {
			t.Fatal(err)
		}
		clk.add(61 * time.Minute)
		if _, err := s.CallerFromSession(ctx, idle); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Errorf("unused for 61 minutes: got %v, want ended", err)
		}
	})
}

func TestSessionRenewalWritesAtMostEveryFewMinutes(t *testing.T) {
	// The renewal is seen through its effect: a session used one minute after
	// sign-in was not renewed then (no write), so it ends an idle time after
	// sign-in; one used six minutes after sign-in was renewed.
	ctx := context.Background()
	clk := newClock()
	s := storetest.OpenWith(t, storetest.DSN(t, store.SQLite), store.Options{Now: clk.now, SessionIdle: time.Hour, SessionMax: 24 * time.Hour})
	storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	start := clk.t
	early, _, _ := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "192.0.2.1", "")
	later, _, _ := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "192.0.2.1", "")
	clk.add(time.Minute)
	if _, err := s.CallerFromSession(ctx, early); err != nil {
		t.Fatal(err)
	}
	clk.add(5 * time.Minute)
	if _, err := s.CallerFromSession(ctx, later); err != nil {
		t.Fatal(err)
	}
	clk.t = start.Add(time.Hour + 30*time.Second)
	if _, err := s.CallerFromSession(ctx, early); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
		t.Errorf("used only a minute after sign-in: got %v, want ended an hour after sign-in (no renewal write a minute in)", err)
	}
	if _, err := s.CallerFromSession(ctx, later); err != nil {
		t.Errorf("used six minutes after sign-in: got %v, want renewed", err)
	}
}
