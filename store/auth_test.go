package store_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

func TestSignInLimitsPerClientAddress(t *testing.T) {
	ctx := context.Background()
	s := storetest.Open(t, storetest.DSN(t, store.SQLite), nil)
	storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	// Twenty wrong guesses from one address, spread over many accounts so that
	// no single account reaches its own limit.
	for i := 0; i < 20; i++ {
		_, _, err := s.SignIn(ctx, fmt.Sprintf("guess%d@example.com", i), "wrong password", "", "203.0.113.9", "")
		if mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Fatalf("guess %d: got %v, want unauthorized", i, err)
		}
	}
	if _, _, err := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "203.0.113.9", ""); mspeval.ErrorCode(err) != mspeval.ERATELIMITED {
		t.Errorf("21st attempt from the address: got %v, want rate limited", err)
	}
	if _, _, err := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "198.51.100.1", ""); err != nil {
		t.Errorf("the same account from another address: got %v, want success", err)
	}
}

func TestSignInWindowPasses(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, store.SQLite)
	s := storetest.Open(t, dsn, nil)
	storetest.Account(t, s, "dana@example.com", "Acme", mspeval.RoleOwner)
	for i := 0; i < 5; i++ {
		s.SignIn(ctx, "dana@example.com", "wrong password", "", "203.0.113.9", "")
	}
	if _, _, err := s.SignIn(ctx, "dana@example.com", storetest.Password, "", "203.0.113.9", ""); mspeval.ErrorCode(err) != mspeval.ERATELIMITED {
		t.Fatalf("after five failures: got %v, want rate limited", err)
	}
	later := storetest.Open(t, dsn, func() time.Time { return time.Now().Add(16 * time.Minute) })
	if _, _, err := later.SignIn(ctx, "dana@example.com", storetest.Password, "", "203.0.113.9", ""); err != nil {
		t.Errorf("sixteen minutes later: got %v, want success", err)
	}
}

func TestPasswordsAreStoredAsArgon2id(t *testing.T) {
	h, err := store.HashPassword("correct horse battery")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$") || strings.Contains(h, "correct horse") {
		t.Errorf("hash: got %q", h)
	}
	if ok, _ := store.CheckPassword(h, "correct horse battery"); !ok {
		t.Error("the right password does not match")
	}
	if ok, _ := store.CheckPassword(h, "correct horse batterY"); ok {
		t.Error("a wrong password matches")
	}
}

func TestSessionsEndWithMembership(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		if _, err := s.AddMember(ctx, owner, store.NewMember{Email: "temp@example.com", Role: mspeval.RoleEditor, Password: "first password 1"}); err != nil {
			t.Fatal(err)
		}
		secret, c, err := s.SignIn(ctx, "temp@example.com", "first password 1", "", "127.0.0.1", "")
		if err != nil {
			t.Fatal(err)
		}
		if err := s.RemoveMember(ctx, owner, c.UserID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CallerFromSession(ctx, secret); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
			t.Errorf("a removed member's session: got %v, want unauthorized", err)
		}
	})
}

func TestExpiredSessionsAndTokensStopWorking(t *testing.T) {
	ctx := context.Background()
	dsn := storetest.DSN(t, store.SQLite)
	s := storetest.Open(t, dsn, nil)
	owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
	secret, _, err := s.SignIn(ctx, "owner@example.com", storetest.Password, "", "127.0.0.1", "")
	if err != nil {
		t.Fatal(err)
	}
	exp := time.Now().Add(2 * time.Hour)
	_, tok, err := s.CreateToken(ctx, owner, store.NewToken{Name: "short", Role: mspeval.RoleOwner, ExpiresAt: &exp})
	if err != nil {
		t.Fatal(err)
	}
	if c, err := s.CallerFromToken(ctx, tok); err != nil || c.Role != mspeval.RoleOwner {
		t.Fatalf("fresh token: got %+v, %v", c, err)
	}
	later := storetest.Open(t, dsn, func() time.Time { return time.Now().Add(store.DefaultSessionMax + time.Hour) })
	if _, err := later.CallerFromSession(ctx, secret); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
		t.Errorf("session past its lifetime: got %v", err)
	}
	if _, err := later.CallerFromToken(ctx, tok); mspeval.ErrorCode(err) != mspeval.EUNAUTHORIZED {
		t.Errorf("token past its expiry: got %v", err)
	}
}

func TestPublishedQuestionnaireVersionNeverChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		storetest.Open(t, dsn, nil) // records the built-in versions
		builtin, err := questions.Builtin()
		if err != nil {
			t.Fatal(err)
		}
		orig, _ := builtin.Latest("partner-selection")
		edited := *orig
		edited.Checksum = strings.Repeat("0", 64)
		cat, err := questions.NewCatalog(&edited)
		if err != nil {
			t.Fatal(err)
		}
		s, err := store.Open(ctx, dsn, cat, store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		err = s.SyncQuestionnaires(ctx)
		if err == nil || !strings.Contains(err.Error(), "never changes") || !strings.Contains(err.Error(), "version 2") {
			t.Errorf("an edited version 1: got %v, want a refusal that asks for version 2", err)
		}
	})
}
