// Package demo loads a demonstration workspace: one evaluation of the built-in
// partner-selection questionnaire with three fictional MSPs whose answers differ
// clearly in fit, flexibility and dependency risk. It goes through the store's
// public methods, so the demo data obeys every rule real data does.
package demo

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"time"

	"gopkg.in/yaml.v3"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
)

//go:embed demo.yaml
var demoYAML []byte

// Account is the demo owner's sign-in. The password is fixed so that the README's
// walk-through works as written; never load the demo into a real deployment.
const (
	Email    = "demo@example.com"
	Password = "demo-password-2027"
)

// File is the shape of demo.yaml.
type File struct {
	Workspace  string `yaml:"workspace"`
	Evaluation struct {
		Name        string `yaml:"name"`
		Description string `yaml:"description"`
		DueInDays   int    `yaml:"due_in_days"`
	} `yaml:"evaluation"`
	Candidates []struct {
		Name         string                       `yaml:"name"`
		ContactName  string                       `yaml:"contact_name"`
		ContactEmail string                       `yaml:"contact_email"`
		Website      string                       `yaml:"website"`
		Submitted    bool                         `yaml:"submitted"`
		Answers      map[string]*questions.Answer `yaml:"answers"`
	} `yaml:"candidates"`
}

// Parse reads the embedded demo file.
func Parse() (File, error) {
	var f File
	dec := yaml.NewDecoder(bytes.NewReader(demoYAML))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil {
		return f, fmt.Errorf("demo.yaml: %w", err)
	}
	return f, nil
}

// Result says what was loaded and how to reach it.
type Result struct {
	Created      bool // false when the demo workspace was already there
	Caller       mspeval.Caller
	EvaluationID string
	// DraftCandidate and DraftLink are a candidate still answering and a fresh
	// link to its form, for trying the respondent's path.
	DraftCandidate string
	DraftLink      string
	// Replaced counts the earlier demo links of that candidate withdrawn for
	// the new one: a link's secret is not kept, so a restart cannot print
	// the old link again.
	Replaced int
}

// Load creates the demo workspace unless it exists, and in both cases makes a
// fresh invitation link for the candidate whose response is still a draft,
// withdrawing the links earlier starts printed.
func Load(ctx context.Context, s *store.Store, now time.Time) (Result, error) {
	f, err := Parse()
	if err != nil {
		return Result{}, err
	}
	var res Result
	caller, err := signInCaller(ctx, s)
	switch {
	case err == nil:
		res.Caller = caller
	case mspeval.ErrorCode(err) == mspeval.EUNAUTHORIZED:
		user, ws, err := s.CreateAccount(ctx, store.NewAccount{
			Email: Email, Name: "Demo Owner", Password: Password, Workspace: f.Workspace, Role: mspeval.RoleOwner,
		})
		if err != nil {
			return res, fmt.Errorf("demo account: %w", err)
		}
		res.Caller = mspeval.Caller{UserID: user.ID, Email: user.Email, Name: user.Name, WorkspaceID: ws.ID, Role: mspeval.RoleOwner}
		if err := loadEvaluation(ctx, s, res.Caller, f, now); err != nil {
			return res, err
		}
		res.Created = true
	default:
		return res, err
	}

	evs, _, err := s.ListEvaluations(ctx, res.Caller, mspeval.Page{Limit: mspeval.MaxPageLimit})
	if err != nil {
		return res, err
	}
	for _, ev := range evs {
		if ev.Name != f.Evaluation.Name {
			continue
		}
		res.EvaluationID = ev.ID
		cands, _, err := s.ListCandidates(ctx, res.Caller, ev.ID, mspeval.Page{Limit: mspeval.MaxPageLimit})
		if err != nil {
			return res, err
		}
		for _, c := range cands {
			if c.Response.Status == mspeval.ResponseSubmitted {
				continue
			}
			old, _, err := s.ListInvitations(ctx, res.Caller, c.ID, mspeval.Page{Limit: mspeval.MaxPageLimit})
			if err != nil {
				return res, err
			}
			for _, inv := range old {
				if inv.RevokedAt != nil || inv.Status == mspeval.InvitationExpired {
					continue
				}
				if err := s.RevokeInvitation(ctx, res.Caller, inv.ID); err != nil {
					return res, err
				}
				res.Replaced++
			}
			_, secret, err := s.CreateInvitation(ctx, res.Caller, c.ID, nil)
			if err != nil {
				return res, err
			}
			res.DraftCandidate, res.DraftLink = c.Name, secret
			break
		}
	}
	return res, nil
}

// signInCaller finds the demo owner by signing in, the only way the store hands
// out a caller for an existing account.
func signInCaller(ctx context.Context, s *store.Store) (mspeval.Caller, error) {
	secret, caller, err := s.SignIn(ctx, Email, Password, "", "demo-loader", "mspeval demo")
	if err != nil {
		return caller, err
	}
	// The loader needs no session; end the one signing in opened.
	return caller, s.SignOut(ctx, secret)
}

func loadEvaluation(ctx context.Context, s *store.Store, c mspeval.Caller, f File, now time.Time) error {
	due := ""
	if f.Evaluation.DueInDays > 0 {
		due = now.AddDate(0, 0, f.Evaluation.DueInDays).Format("2006-01-02")
	}
	ev, err := s.CreateEvaluation(ctx, c, store.EvaluationInput{
		Name: f.Evaluation.Name, Description: f.Evaluation.Description,
		QuestionnaireKey: "partner-selection", DueDate: due,
	})
	if err != nil {
		return fmt.Errorf("demo evaluation: %w", err)
	}
	for _, dc := range f.Candidates {
		cand, err := s.CreateCandidate(ctx, c, ev.ID, store.CandidateInput{
			Name: dc.Name, ContactName: dc.ContactName, ContactEmail: dc.ContactEmail, Website: dc.Website,
		})
		if err != nil {
			return fmt.Errorf("demo candidate %s: %w", dc.Name, err)
		}
		if len(dc.Answers) == 0 {
			continue
		}
		if _, err := s.SaveAnswers(ctx, c, cand.ID, dc.Answers); err != nil {
			return fmt.Errorf("demo answers of %s: %w", dc.Name, err)
		}
		if dc.Submitted {
			if _, err := s.SubmitAnswers(ctx, c, cand.ID); err != nil {
				return fmt.Errorf("demo submission of %s: %w", dc.Name, err)
			}
		}
	}
	return nil
}
