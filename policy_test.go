package mspeval

import (
	"fmt"
	"testing"
)

func TestPermissionsByRole(t *testing.T) {
	want := map[Action][3]bool{ // viewer, editor, owner
		ReadWorkspace:     {true, true, true},
		ChangeOwnPassword: {true, true, true},
		EditEvaluations:   {false, true, true},
		EditCandidates:    {false, true, true},
		SendInvitations:   {false, true, true},
		RateAnswers:       {false, true, true},
		ManageMembers:     {false, false, true},
		ManageTokens:      {false, false, true},
		ManageWebhooks:    {false, false, true},
		ManageBranding:    {false, false, true},
		ManageWorkspace:   {false, false, true},
	}
	for a, allowed := range want {
		for i, role := range []Role{RoleViewer, RoleEditor, RoleOwner} {
			t.Run(fmt.Sprintf("%s/%s", role, a), func(t *testing.T) {
				err := Caller{Role: role}.May(a)
				if got := err == nil; got != allowed[i] {
					t.Fatalf("May: got allowed=%v (%v), want %v", got, err, allowed[i])
				}
				if err != nil && ErrorCode(err) != EFORBIDDEN {
					t.Errorf("refusal code: got %s, want %s", ErrorCode(err), EFORBIDDEN)
				}
			})
		}
	}
	if len(want) != len(minimumRole) {
		t.Errorf("the table has %d actions and the test %d: add the new one here", len(minimumRole), len(want))
	}
	t.Run("UnknownActionIsRefused", func(t *testing.T) {
		if err := (Caller{Role: RoleOwner}).May("launch rockets"); ErrorCode(err) != EFORBIDDEN {
			t.Errorf("got %v, want a refusal", err)
		}
	})
	t.Run("NoRoleIsRefusedEverything", func(t *testing.T) {
		if err := (Caller{}).May(ReadWorkspace); err == nil {
			t.Error("a caller with no role may read")
		}
	})
}

func TestBlindRatingsPolicy(t *testing.T) {
	blind, open := Evaluation{BlindRatings: true}, Evaluation{}
	cases := []struct {
		name  string
		ev    Evaluation
		role  Role
		rated bool
		want  bool
	}{
		{"EditorWhoHasNotRatedSeesNothing", blind, RoleEditor, false, true},
		{"OwnerWhoHasNotRatedSeesNothing", blind, RoleOwner, false, true},
		{"EditorWhoRatedSeesAll", blind, RoleEditor, true, false},
		{"OwnerWhoRatedSeesAll", blind, RoleOwner, true, false},
		{"ViewerSeesAll", blind, RoleViewer, false, false},
		{"OpenRatingsHideNothingFromEditors", open, RoleEditor, false, false},
		{"OpenRatingsHideNothingFromOwners", open, RoleOwner, false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := RatingsHidden(tc.ev, Caller{Role: tc.role}, tc.rated); got != tc.want {
				t.Errorf("RatingsHidden: got %v, want %v", got, tc.want)
			}
		})
	}
}
