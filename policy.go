package mspeval

// Action is something a member may do in a workspace. Every action needs one
// minimum role, and this table is the only place that says which.
type Action string

const (
	ReadWorkspace     Action = "read the workspace"              // evaluations, candidates, answers, scores, reports
	EditEvaluations   Action = "change evaluations"              // evaluations and their settings and weights
	EditCandidates    Action = "change candidates"               // candidates, and answers typed in for them
	SendInvitations   Action = "create or revoke links"          // invitation links
	RateAnswers       Action = "rate answers"                    // evaluator ratings
	ManageMembers     Action = "manage members"                  // members and their roles
	ManageTokens      Action = "manage API tokens"               // API tokens
	ManageWebhooks    Action = "manage webhooks"                 // webhook endpoints and their deliveries
	ManageBranding    Action = "change the branding"             // accent colour, logo, sites that may embed the survey
	ManageWorkspace   Action = "change the workspace's settings" // its name, date style and time zone
	ChangeOwnPassword Action = "change your own password"        // any signed-in member
)

var minimumRole = map[Action]Role{
	ReadWorkspace:     RoleViewer,
	ChangeOwnPassword: RoleViewer,
	EditEvaluations:   RoleEditor,
	EditCandidates:    RoleEditor,
	SendInvitations:   RoleEditor,
	RateAnswers:       RoleEditor,
	ManageMembers:     RoleOwner,
	ManageTokens:      RoleOwner,
	ManageWebhooks:    RoleOwner,
	ManageBranding:    RoleOwner,
	ManageWorkspace:   RoleOwner,
}

// May returns nil when the caller's role allows the action, and EFORBIDDEN
// naming the role it needs otherwise. An action missing from the table is
// refused: nothing is allowed by omission.
func (c Caller) May(a Action) error {
	min, ok := minimumRole[a]
	if !ok {
		return Errorf(EFORBIDDEN, "%s is not allowed to anyone", a)
	}
	if !c.Role.AtLeast(min) {
		return Errorf(EFORBIDDEN, "to %s you need the %s role; you are %s in this workspace", a, min, c.Role)
	}
	return nil
}

// Can reports whether the caller's role allows the action, for pages that show
// or hide a control.
func (c Caller) Can(a Action) bool { return c.May(a) == nil }

// Blind ratings keep evaluators independent. When an evaluation has them on,
// anyone who can rate (editors and owners) sees other evaluators' ratings of an
// answer — the scores, the notes, their consensus and everything computed from
// it — only after rating that answer themselves. Until then that caller's scores,
// ranks, knockouts and reports are computed as if those ratings did not exist, so
// no number gives them away. Viewers cannot rate and see everything; switching
// blind ratings off shows everything to everyone.

// BlindFor reports whether blind ratings apply to the caller in an evaluation.
func BlindFor(ev Evaluation, c Caller) bool {
	return ev.BlindRatings && c.Can(RateAnswers)
}

// RatingsHidden reports whether the caller must not see an answer's ratings:
// blind ratings apply to them and they have not rated it.
func RatingsHidden(ev Evaluation, c Caller, ratedByCaller bool) bool {
	return BlindFor(ev, c) && !ratedByCaller
}
