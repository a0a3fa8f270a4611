package mspeval

import (
	"testing"
	"time"
)

func TestResponseTransitions(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	earlier := now.Add(-time.Hour)
	missing := []FieldError{{Field: "answers.exit_plan", Message: "is required"}}
	cases := []struct {
		name       string
		from       Response
		do         func(Response) (ResponseChange, error)
		wantStatus string
		wantCode   string
		startsNow  bool
	}{
		{"FirstSaveStartsTheResponse", Response{Status: ResponseNotStarted},
			func(r Response) (ResponseChange, error) { return r.Save(now) }, ResponseInProgress, "", true},
		{"LaterSaveKeepsTheStart", Response{Status: ResponseInProgress, StartedAt: &earlier},
			func(r Response) (ResponseChange, error) { return r.Save(now) }, ResponseInProgress, "", false},
		{"SubmittedResponseIsLocked", Response{Status: ResponseSubmitted, StartedAt: &earlier},
			func(r Response) (ResponseChange, error) { return r.Save(now) }, "", ECONFLICT, false},
		{"CompleteResponseSubmits", Response{Status: ResponseInProgress, StartedAt: &earlier},
			func(r Response) (ResponseChange, error) { return r.Submit(now, ByRespondent, nil) }, ResponseSubmitted, "", false},
		{"SubmitWithoutAnySaveStartsToo", Response{Status: ResponseNotStarted},
			func(r Response) (ResponseChange, error) { return r.Submit(now, "u1", nil) }, ResponseSubmitted, "", true},
		{"IncompleteResponseIsRefusedWithTheMissingQuestions", Response{Status: ResponseInProgress},
			func(r Response) (ResponseChange, error) { return r.Submit(now, ByRespondent, missing) }, "", EINVALID, false},
		{"SecondSubmitIsAConflict", Response{Status: ResponseSubmitted},
			func(r Response) (ResponseChange, error) { return r.Submit(now, ByRespondent, nil) }, "", ECONFLICT, false},
		{"SubmittedResponseReopens", Response{Status: ResponseSubmitted},
			func(r Response) (ResponseChange, error) { return r.Reopen() }, ResponseInProgress, "", false},
		{"OpenResponseCannotReopen", Response{Status: ResponseInProgress},
			func(r Response) (ResponseChange, error) { return r.Reopen() }, "", ECONFLICT, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ch, err := tc.do(tc.from)
			if got := ErrorCode(err); got != tc.wantCode {
				t.Fatalf("error: got %q (%v), want %q", got, err, tc.wantCode)
			}
			if err != nil {
				return
			}
			if ch.Status != tc.wantStatus {
				t.Errorf("status: got %q, want %q", ch.Status, tc.wantStatus)
			}
			if got := ch.StartedAt != nil && ch.StartedAt.Equal(now); got != tc.startsNow {
				t.Errorf("started now: got %v, want %v", got, tc.startsNow)
			}
		})
	}
	t.Run("IncompleteSubmitNamesEveryMissingQuestion", func(t *testing.T) {
		_, err := Response{Status: ResponseInProgress}.Submit(now, ByRespondent, missing)
		e, _ := err.(*Error)
		if e == nil || len(e.Fields) != 1 || e.Fields[0].Field != "answers.exit_plan" {
			t.Errorf("got %v, want the missing question named", err)
		}
	})
	t.Run("SubmitRecordsWhoAndWhen", func(t *testing.T) {
		ch, _ := Response{Status: ResponseInProgress}.Submit(now, "u1", nil)
		if ch.SubmittedAt == nil || !ch.SubmittedAt.Equal(now) || ch.SubmittedBy != "u1" {
			t.Errorf("got %+v", ch)
		}
	})
}

func TestInvitationUsable(t *testing.T) {
	now := time.Date(2027, 3, 1, 9, 0, 0, 0, time.UTC)
	later, earlier := now.Add(time.Hour), now.Add(-time.Hour)
	cases := []struct {
		name       string
		inv        Invitation
		wantCode   string
		wantStatus string
	}{
		{"LiveLinkWorks", Invitation{ExpiresAt: later}, "", InvitationSent},
		{"RevokedLinkIsGone", Invitation{ExpiresAt: later, RevokedAt: &earlier}, EGONE, InvitationRevoked},
		{"ExpiredLinkIsGone", Invitation{ExpiresAt: now}, EGONE, InvitationExpired},
		{"ExpiredLinkIsGoneEvenAfterSubmission", Invitation{ExpiresAt: earlier, SubmittedAt: &earlier}, EGONE, InvitationSubmitted},
		{"RevocationWinsOverSubmission", Invitation{ExpiresAt: later, SubmittedAt: &earlier, RevokedAt: &earlier}, EGONE, InvitationRevoked},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ErrorCode(tc.inv.Usable(now)); got != tc.wantCode {
				t.Errorf("Usable: got %q, want %q", got, tc.wantCode)
			}
			if got := tc.inv.StatusAt(now); got != tc.wantStatus {
				t.Errorf("StatusAt: got %q, want %q", got, tc.wantStatus)
			}
		})
	}
}

func TestStatusOfEveryCode(t *testing.T) {
	want := map[string]int{EINVALID: 422, EMALFORMED: 400, ENOTFOUND: 404, ECONFLICT: 409, EUNAUTHORIZED: 401,
		EFORBIDDEN: 403, EGONE: 410, ETOOLARGE: 413, ERATELIMITED: 429, EUNAVAILABLE: 503, EINTERNAL: 500}
	for code, status := range want {
		if got := Status(&Error{Code: code}); got != status {
			t.Errorf("%s: got %d, want %d", code, got, status)
		}
	}
	if got := Status(errPlain("boom")); got != 500 {
		t.Errorf("a plain error: got %d, want 500", got)
	}
	if Unexpected(Invalid("x")) || !Unexpected(errPlain("boom")) || !Unexpected(&Error{Code: EUNAVAILABLE}) {
		t.Error("Unexpected: only 5xx errors are unexpected (and logged)")
	}
}

type errPlain string

func (e errPlain) Error() string { return string(e) }

func TestLinkExpiryFollowsTheDueDate(t *testing.T) {
	now := time.Date(2026, 12, 1, 10, 0, 0, 0, time.UTC)
	cases := []struct {
		name string
		ev   Evaluation
		want time.Time
	}{
		{"NoDueDateMeansThirtyDays", Evaluation{}, now.Add(DefaultInvitationTTL)},
		{"DueDatePlusGrace", Evaluation{DueDate: "2027-03-15", LinkGraceDays: 7}, time.Date(2027, 3, 23, 0, 0, 0, 0, time.UTC)},
		{"NoGraceStillCoversTheWholeDueDate", Evaluation{DueDate: "2027-03-15"}, time.Date(2027, 3, 16, 0, 0, 0, 0, time.UTC)},
		{"DueDateLongPastStillGivesADay", Evaluation{DueDate: "2026-01-01", LinkGraceDays: 7}, now.Add(24 * time.Hour)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.ev.LinkExpiry(now); !got.Equal(tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}
