package api_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"mspeval/store"
	"mspeval/store/storetest"
)

// TestAddMemberAnswersAlikeForEveryAddress pins issue 12, item 2: adding a
// member never tells the owner whether the address has an account anywhere,
// and an existing account joins only when its owner accepts.
func TestAddMemberAnswersAlikeForEveryAddress(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		f := newFixture(t, dsn)
		shape := func(r response) string {
			t.Helper()
			var m map[string]any
			r.decode(t, &m)
			delete(m, "id")
			delete(m, "email")
			delete(m, "created_at")
			b, _ := json.Marshal(m)
			return string(b)
		}
		existing := f.e.must(202, request{Method: "POST", Path: "/api/v1/members", As: "ownerA",
			Body: map[string]string{"email": "owner@b.example", "role": "viewer", "password": "a first password 7"}})
		fresh := f.e.must(202, request{Method: "POST", Path: "/api/v1/members", As: "ownerA",
			Body: map[string]string{"email": "new@a.example", "role": "viewer", "password": "a first password 7"}})
		if a, b := shape(existing), shape(fresh); a != b {
			t.Errorf("answers differ: existing account %s, new account %s", a, b)
		}
		if !bytes.Contains(existing.Body, []byte(`"status":"pending"`)) {
			t.Errorf("answer: got %s, want a pending invitation", existing.Body)
		}
		count("/api/v1/members", 2)(t, f, response{})
		count("/api/v1/member-invitations", 2)(t, f, response{})

		var mine struct{ Items []store.MemberInvitation }
		f.e.must(200, request{Method: "GET", Path: "/api/v1/me/invitations", As: "ownerB"}).decode(t, &mine)
		if len(mine.Items) != 1 || mine.Items[0].WorkspaceName != "Workspace A" {
			t.Fatalf("owner B's invitations: got %+v", mine.Items)
		}
		f.e.must(404, request{Method: "POST", Path: "/api/v1/me/invitations/" + mine.Items[0].ID + "/accept", As: "viewerA"})
		f.e.must(200, request{Method: "POST", Path: "/api/v1/me/invitations/" + mine.Items[0].ID + "/accept", As: "ownerB"})
		count("/api/v1/members", 3)(t, f, response{})
		count("/api/v1/member-invitations", 1)(t, f, response{})
	})
}

// TestPasswordChangeIsLimitedAndSaysWhatItEnds pins issue 12, item 3.
func TestPasswordChangeIsLimitedAndSaysWhatItEnds(t *testing.T) {
	f := newFixture(t, storetest.DSN(t, store.SQLite))
	var last response
	for i := 0; i < 10; i++ {
		last = f.e.do(request{Method: "PUT", Path: "/api/v1/me/password", As: "viewerA",
			Body: map[string]string{"current_password": "a wrong guess", "new_password": "tangerine lamp 41"}})
		if last.Status == 429 {
			break
		}
	}
	if last.Status != 429 || last.Header.Get("Retry-After") == "" {
		t.Fatalf("ten wrong current passwords: last got %d (Retry-After %q), want 429 with Retry-After", last.Status, last.Header.Get("Retry-After"))
	}

	f.e.must(422, request{Method: "PUT", Path: "/api/v1/me/password", As: "ownerA",
		Body: map[string]string{"current_password": storetest.Password, "new_password": "password12"}})
	var got struct {
		OtherSessionsEnded int `json:"other_sessions_ended"`
		TokensRevoked      int `json:"tokens_revoked"`
	}
	f.e.must(200, request{Method: "PUT", Path: "/api/v1/me/password", As: "ownerA",
		Body: map[string]string{"current_password": storetest.Password, "new_password": "tangerine lamp 41"}}).decode(t, &got)
	// ownerA made the editor's token and two of the fixture's tokens.
	if got.TokensRevoked != 3 {
		t.Errorf("tokens revoked: got %d, want 3", got.TokensRevoked)
	}
	f.e.must(401, request{Method: "GET", Path: "/api/v1/me", As: "editorA"})
	f.e.must(200, request{Method: "GET", Path: "/api/v1/me", As: "ownerA"})
}
