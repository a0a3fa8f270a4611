package frontend

import (
	"testing"

	"mspeval"
	"mspeval/store"
)

// A link is said to be emailed only when the outbox sent it; a link made to
// be copied is "created". Answers with no link ever made were typed by the team.
func TestCandidateRowStates(t *testing.T) {
	live := mspeval.Invitation{ID: "inv2", Status: mspeval.InvitationSent}
	old := mspeval.Invitation{ID: "inv1", Status: mspeval.InvitationRevoked}
	submitted := mspeval.Candidate{Response: mspeval.Response{Status: mspeval.ResponseSubmitted}}
	fresh := mspeval.Candidate{Response: mspeval.Response{Status: mspeval.ResponseNotStarted}}
	email := func(inv, state string) mspeval.OutboxItem {
		return mspeval.OutboxItem{InvitationID: inv, Topic: mspeval.TopicInvitation, State: state}
	}
	for _, tc := range []struct {
		name      string
		cand      mspeval.Candidate
		invs      []mspeval.Invitation
		emails    []mspeval.OutboxItem
		wantState string
		wantTeam  bool
	}{
		{"ACopiedLinkIsCreated", fresh, []mspeval.Invitation{old, live}, nil, "created", false},
		{"AQueuedEmailIsNotYetSent", fresh, []mspeval.Invitation{live}, []mspeval.OutboxItem{email("inv2", store.OutboxQueued)}, "created", false},
		{"AnEmailOfAnOlderLinkDoesNotCount", fresh, []mspeval.Invitation{old, live}, []mspeval.OutboxItem{email("inv1", store.OutboxSent)}, "created", false},
		{"ASentEmailMakesItEmailed", fresh, []mspeval.Invitation{live}, []mspeval.OutboxItem{email("inv2", store.OutboxSent)}, "emailed", false},
		{"AnOpenedLinkSaysSo", fresh, []mspeval.Invitation{{ID: "inv3", Status: mspeval.InvitationInProgress}}, nil, "in progress", false},
		{"NoLiveLinkHasNoState", fresh, []mspeval.Invitation{old}, nil, "", false},
		{"AnswersWithoutALinkWereTypedByTheTeam", submitted, nil, nil, "", true},
		{"NoAnswersAndNoLinkIsNothingYet", fresh, nil, nil, "", false},
		{"AnswersThroughALinkAreTheRespondents", submitted, []mspeval.Invitation{old}, nil, "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			row := newCandidateRow(tc.cand, tc.invs, tc.emails)
			if row.LinkState != tc.wantState {
				t.Errorf("LinkState: got %q, want %q", row.LinkState, tc.wantState)
			}
			if row.TeamAnswered != tc.wantTeam {
				t.Errorf("TeamAnswered: got %v, want %v", row.TeamAnswered, tc.wantTeam)
			}
		})
	}
}
