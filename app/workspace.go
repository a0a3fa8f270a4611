package app

import (
	"context"
	"time"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

// The operations below check the caller's permission (mspeval.Caller.May) and
// hand over to the store, which scopes every query by the caller's workspace.

// ListEvaluations lists the workspace's evaluations, newest first.
func (s *Service) ListEvaluations(ctx context.Context, c mspeval.Caller, p mspeval.Page) ([]mspeval.Evaluation, string, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, "", err
	}
	return s.store.ListEvaluations(ctx, c, p)
}

// GetEvaluation returns one evaluation.
func (s *Service) GetEvaluation(ctx context.Context, c mspeval.Caller, id string) (mspeval.Evaluation, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (mspeval.Evaluation, error) { return s.store.GetEvaluation(ctx, c, id) })
}

// CreateEvaluation starts an evaluation.
func (s *Service) CreateEvaluation(ctx context.Context, c mspeval.Caller, in store.EvaluationInput) (mspeval.Evaluation, error) {
	return allowed(c, mspeval.EditEvaluations, func() (mspeval.Evaluation, error) { return s.store.CreateEvaluation(ctx, c, in) })
}

// UpdateEvaluation changes an evaluation's fields, weights and settings.
func (s *Service) UpdateEvaluation(ctx context.Context, c mspeval.Caller, id string, p store.EvaluationPatch) (mspeval.Evaluation, error) {
	return allowed(c, mspeval.EditEvaluations, func() (mspeval.Evaluation, error) { return s.store.UpdateEvaluation(ctx, c, id, p) })
}

// DeleteEvaluation deletes an evaluation with its candidates.
func (s *Service) DeleteEvaluation(ctx context.Context, c mspeval.Caller, id string) error {
	if err := c.May(mspeval.EditEvaluations); err != nil {
		return err
	}
	return s.store.DeleteEvaluation(ctx, c, id)
}

// ListCandidates lists an evaluation's candidates, oldest first.
func (s *Service) ListCandidates(ctx context.Context, c mspeval.Caller, evaluationID string, p mspeval.Page) ([]mspeval.Candidate, string, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, "", err
	}
	return s.store.ListCandidates(ctx, c, evaluationID, p)
}

// GetCandidate returns one candidate with its response's state.
func (s *Service) GetCandidate(ctx context.Context, c mspeval.Caller, id string) (mspeval.Candidate, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (mspeval.Candidate, error) { return s.store.GetCandidate(ctx, c, id) })
}

// CreateCandidate adds an MSP to an evaluation.
func (s *Service) CreateCandidate(ctx context.Context, c mspeval.Caller, evaluationID string, in store.CandidateInput) (mspeval.Candidate, error) {
	return allowed(c, mspeval.EditCandidates, func() (mspeval.Candidate, error) {
		return s.store.CreateCandidate(ctx, c, evaluationID, in)
	})
}

// UpdateCandidate changes a candidate's details.
func (s *Service) UpdateCandidate(ctx context.Context, c mspeval.Caller, id string, p store.CandidatePatch) (mspeval.Candidate, error) {
	return allowed(c, mspeval.EditCandidates, func() (mspeval.Candidate, error) { return s.store.UpdateCandidate(ctx, c, id, p) })
}

// DeleteCandidate removes a candidate with its answers, ratings and links.
func (s *Service) DeleteCandidate(ctx context.Context, c mspeval.Caller, id string) error {
	if err := c.May(mspeval.EditCandidates); err != nil {
		return err
	}
	return s.store.DeleteCandidate(ctx, c, id)
}

// GetAnswers returns a candidate's response and answers.
func (s *Service) GetAnswers(ctx context.Context, c mspeval.Caller, candidateID string) (store.AnswerSet, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (store.AnswerSet, error) { return s.store.GetAnswers(ctx, c, candidateID) })
}

// SaveAnswers stores answers typed in by the buyer's team.
func (s *Service) SaveAnswers(ctx context.Context, c mspeval.Caller, candidateID string, in map[string]*questions.Answer) (store.AnswerSet, error) {
	return allowed(c, mspeval.EditCandidates, func() (store.AnswerSet, error) { return s.store.SaveAnswers(ctx, c, candidateID, in) })
}

// SubmitAnswers submits a response on a candidate's behalf.
func (s *Service) SubmitAnswers(ctx context.Context, c mspeval.Caller, candidateID string) (store.AnswerSet, error) {
	return allowed(c, mspeval.EditCandidates, func() (store.AnswerSet, error) { return s.store.SubmitAnswers(ctx, c, candidateID) })
}

// Reopen unlocks a submitted response.
func (s *Service) Reopen(ctx context.Context, c mspeval.Caller, candidateID string) (store.AnswerSet, error) {
	return allowed(c, mspeval.EditCandidates, func() (store.AnswerSet, error) { return s.store.Reopen(ctx, c, candidateID) })
}

// CreateInvitation creates a link for a candidate; the secret is returned once.
func (s *Service) CreateInvitation(ctx context.Context, c mspeval.Caller, candidateID string, expiresAt *time.Time) (mspeval.Invitation, string, error) {
	if err := c.May(mspeval.SendInvitations); err != nil {
		return mspeval.Invitation{}, "", err
	}
	return s.store.CreateInvitation(ctx, c, candidateID, expiresAt)
}

// SendInvitation creates a link and, with an address, emails it through the
// outbox. With email off, an address is refused with the setting to turn on.
func (s *Service) SendInvitation(ctx context.Context, c mspeval.Caller, candidateID string, o store.InvitationOptions) (mspeval.Invitation, string, error) {
	if err := c.May(mspeval.SendInvitations); err != nil {
		return mspeval.Invitation{}, "", err
	}
	if o.Email != "" && !s.mail {
		return mspeval.Invitation{}, "", mspeval.Invalid("email is off", mspeval.FieldError{Field: "email",
			Message: "email is off on this service: set MSPEVAL_SMTP_URL and MSPEVAL_MAIL_FROM, or leave the address out and send the link yourself"})
	}
	return s.store.SendInvitation(ctx, c, candidateID, o)
}

// CandidateMessages lists the emails and deliveries queued for a candidate,
// with their state.
func (s *Service) CandidateMessages(ctx context.Context, c mspeval.Caller, candidateID string) ([]mspeval.OutboxItem, error) {
	return allowed(c, mspeval.ReadWorkspace, func() ([]mspeval.OutboxItem, error) { return s.store.CandidateMessages(ctx, c, candidateID) })
}

// RemindNow queues a reminder to a candidate's emailed links (or, with an
// evaluation ID and no candidate, to every candidate's) that are not submitted,
// revoked or expired and were not reminded today. It returns how many.
func (s *Service) RemindNow(ctx context.Context, c mspeval.Caller, evaluationID, candidateID string) (int, error) {
	if err := c.May(mspeval.SendInvitations); err != nil {
		return 0, err
	}
	if !s.mail {
		return 0, mspeval.Errorf(mspeval.ECONFLICT, "email is off on this service: set MSPEVAL_SMTP_URL and MSPEVAL_MAIL_FROM to send reminders")
	}
	return s.store.RemindNow(ctx, c, evaluationID, candidateID)
}

// EvaluationEmails returns each candidate's latest emails, for the evaluation page.
func (s *Service) EvaluationEmails(ctx context.Context, c mspeval.Caller, evaluationID string) (map[string][]mspeval.OutboxItem, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (map[string][]mspeval.OutboxItem, error) {
		return s.store.EvaluationEmails(ctx, c, evaluationID)
	})
}

// OptOut stops the workspace of a link from emailing its address again.
func (s *Service) OptOut(ctx context.Context, secret string) error {
	return s.store.OptOut(ctx, secret)
}

// ListInvitations lists a candidate's links.
func (s *Service) ListInvitations(ctx context.Context, c mspeval.Caller, candidateID string, p mspeval.Page) ([]mspeval.Invitation, string, error) {
	if err := c.May(mspeval.ReadWorkspace); err != nil {
		return nil, "", err
	}
	return s.store.ListInvitations(ctx, c, candidateID, p)
}

// EvaluationInvitations returns every link of an evaluation by candidate.
func (s *Service) EvaluationInvitations(ctx context.Context, c mspeval.Caller, evaluationID string) (map[string][]mspeval.Invitation, error) {
	return allowed(c, mspeval.ReadWorkspace, func() (map[string][]mspeval.Invitation, error) {
		return s.store.EvaluationInvitations(ctx, c, evaluationID)
	})
}

// RevokeInvitation stops a link from working.
func (s *Service) RevokeInvitation(ctx context.Context, c mspeval.Caller, id string) error {
	if err := c.May(mspeval.SendInvitations); err != nil {
		return err
	}
	return s.store.RevokeInvitation(ctx, c, id)
}

// ListMembers lists the workspace's members; every member may see who else is.
func (s *Service) ListMembers(ctx context.Context, c mspeval.Caller) ([]mspeval.Member, error) {
	return allowed(c, mspeval.ReadWorkspace, func() ([]mspeval.Member, error) { return s.store.ListMembers(ctx, c) })
}

// AddMember invites a person to the workspace; the answer is a pending
// invitation whether or not the address has an account.
func (s *Service) AddMember(ctx context.Context, c mspeval.Caller, in store.NewMember) (store.MemberInvitation, error) {
	return allowed(c, mspeval.ManageMembers, func() (store.MemberInvitation, error) { return s.store.AddMember(ctx, c, in) })
}

// ListMemberInvitations lists the workspace's pending invitations; owners only.
func (s *Service) ListMemberInvitations(ctx context.Context, c mspeval.Caller) ([]store.MemberInvitation, error) {
	return allowed(c, mspeval.ManageMembers, func() ([]store.MemberInvitation, error) { return s.store.ListMemberInvitations(ctx, c) })
}

// WithdrawMemberInvitation cancels a pending invitation; owners only.
func (s *Service) WithdrawMemberInvitation(ctx context.Context, c mspeval.Caller, id string) error {
	if err := c.May(mspeval.ManageMembers); err != nil {
		return err
	}
	return s.store.WithdrawMemberInvitation(ctx, c, id)
}

// SetMemberRole changes a member's role; the last owner stays an owner.
func (s *Service) SetMemberRole(ctx context.Context, c mspeval.Caller, userID string, role mspeval.Role) (mspeval.Member, error) {
	return allowed(c, mspeval.ManageMembers, func() (mspeval.Member, error) { return s.store.SetMemberRole(ctx, c, userID, role) })
}

// RemoveMember takes a person out of the workspace; the last owner stays.
func (s *Service) RemoveMember(ctx context.Context, c mspeval.Caller, userID string) error {
	if err := c.May(mspeval.ManageMembers); err != nil {
		return err
	}
	return s.store.RemoveMember(ctx, c, userID)
}

// CreateToken creates an API token; its secret is returned once.
func (s *Service) CreateToken(ctx context.Context, c mspeval.Caller, in store.NewToken) (mspeval.APIToken, string, error) {
	if err := c.May(mspeval.ManageTokens); err != nil {
		return mspeval.APIToken{}, "", err
	}
	return s.store.CreateToken(ctx, c, in)
}

// ListTokens lists the workspace's API tokens.
func (s *Service) ListTokens(ctx context.Context, c mspeval.Caller, p mspeval.Page) ([]mspeval.APIToken, string, error) {
	if err := c.May(mspeval.ManageTokens); err != nil {
		return nil, "", err
	}
	return s.store.ListTokens(ctx, c, p)
}

// RevokeToken stops a token from working.
func (s *Service) RevokeToken(ctx context.Context, c mspeval.Caller, id string) error {
	if err := c.May(mspeval.ManageTokens); err != nil {
		return err
	}
	return s.store.RevokeToken(ctx, c, id)
}
