package store

import (
	"context"
	"net/url"
	"strings"
	"time"

	"gorm.io/gorm"

	"mspeval"
)

// CandidateInput creates a candidate; CandidatePatch changes one (nil: unchanged).
type CandidateInput struct {
	Name, ContactName, ContactEmail, Website, Notes string
}

// CandidatePatch changes a candidate's details; nil fields stay as they are.
type CandidatePatch struct {
	Name, ContactName, ContactEmail, Website, Notes *string
}

func checkCandidate(in CandidateInput) []mspeval.FieldError {
	var fields []mspeval.FieldError
	fields = append(fields, checkText("name", in.Name, 1, 200)...)
	fields = append(fields, checkText("contact_name", in.ContactName, 0, 200)...)
	fields = append(fields, checkText("notes", in.Notes, 0, 10000)...)
	if e := strings.TrimSpace(in.ContactEmail); e != "" && (!validEmail(e) || mspeval.LineProblem(e) != "") {
		fields = append(fields, mspeval.FieldError{Field: "contact_email", Message: "is not an email address"})
	}
	if w := strings.TrimSpace(in.Website); w != "" {
		u, err := url.Parse(w)
		if problem := mspeval.LineProblem(w); problem != "" {
			fields = append(fields, mspeval.FieldError{Field: "website", Message: problem})
		} else if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(w) > 500 {
			fields = append(fields, mspeval.FieldError{Field: "website", Message: "must be an http or https address"})
		}
	}
	return fields
}

// ListCandidates lists an evaluation's candidates in the order they were added.
func (s *Store) ListCandidates(ctx context.Context, c mspeval.Caller, evaluationID string, p mspeval.Page) ([]mspeval.Candidate, string, error) {
	db := s.read(ctx)
	if _, err := getEvaluation(db, c, evaluationID); err != nil {
		return nil, "", err
	}
	q, limit, err := paginate(db.Where("evaluation_id = ? AND workspace_id = ?", evaluationID, c.WorkspaceID), "candidates", p, false)
	if err != nil {
		return nil, "", err
	}
	var rows []candidateRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", translate(err)
	}
	out, next := pageOf(rows, limit, func(r candidateRow) string { return r.ID }, func(r candidateRow) mspeval.Candidate { return r.toDomain() })
	return out, next, nil
}

// GetCandidate returns a candidate of the caller's workspace.
func (s *Store) GetCandidate(ctx context.Context, c mspeval.Caller, id string) (mspeval.Candidate, error) {
	row, err := getCandidate(s.read(ctx), c, id)
	if err != nil {
		return mspeval.Candidate{}, err
	}
	return row.toDomain(), nil
}

func getCandidate(db *gorm.DB, c mspeval.Caller, id string) (candidateRow, error) {
	var row candidateRow
	err := db.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Take(&row).Error
	if err == gorm.ErrRecordNotFound {
		return row, mspeval.NotFound("candidate")
	}
	return row, translate(err)
}

// CreateCandidate adds a candidate to an evaluation; its response will answer the
// evaluation's questionnaire version.
func (s *Store) CreateCandidate(ctx context.Context, c mspeval.Caller, evaluationID string, in CandidateInput) (mspeval.Candidate, error) {
	var row candidateRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		ev, err := getEvaluation(tx, c, evaluationID)
		if err != nil {
			return err
		}
		if err := ev.toDomain().AcceptsChanges(); err != nil {
			return err
		}
		if fields := checkCandidate(in); len(fields) > 0 {
			return mspeval.Invalid("the candidate is not valid", fields...)
		}
		row = newCandidateRow(ev, in, s.clock())
		return tx.Create(&row).Error
	})
	if err != nil {
		return mspeval.Candidate{}, err
	}
	return row.toDomain(), nil
}

// UpdateCandidate changes a candidate's details.
func (s *Store) UpdateCandidate(ctx context.Context, c mspeval.Caller, id string, p CandidatePatch) (mspeval.Candidate, error) {
	var row candidateRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		var err error
		if row, err = getCandidate(tx, c, id); err != nil {
			return err
		}
		in := CandidateInput{row.Name, row.ContactName, row.ContactEmail, row.Website, row.Notes}
		set := func(dst *string, src *string) {
			if src != nil {
				*dst = *src
			}
		}
		set(&in.Name, p.Name)
		set(&in.ContactName, p.ContactName)
		set(&in.ContactEmail, p.ContactEmail)
		set(&in.Website, p.Website)
		set(&in.Notes, p.Notes)
		if fields := checkCandidate(in); len(fields) > 0 {
			return mspeval.Invalid("the change is not valid", fields...)
		}
		now := s.clock()
		err = tx.Model(&candidateRow{}).Where("id = ?", row.ID).Updates(map[string]any{
			"name": strings.TrimSpace(in.Name), "contact_name": strings.TrimSpace(in.ContactName),
			"contact_email": strings.TrimSpace(in.ContactEmail), "website": strings.TrimSpace(in.Website),
			"notes": strings.TrimSpace(in.Notes), "updated_at": now,
		}).Error
		if err != nil {
			return err
		}
		row, err = getCandidate(tx, c, id)
		return err
	})
	if err != nil {
		return mspeval.Candidate{}, err
	}
	return row.toDomain(), nil
}

// DeleteCandidate removes a candidate with its answers and invitations.
func (s *Store) DeleteCandidate(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Delete(&candidateRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return mspeval.NotFound("candidate")
		}
		return nil
	})
}

// newCandidateRow is a new candidate of an evaluation, bound to its
// questionnaire version, with no response yet.
func newCandidateRow(ev evaluationRow, in CandidateInput, now time.Time) candidateRow {
	return candidateRow{
		ID: mspeval.NewID(now), WorkspaceID: ev.WorkspaceID, EvaluationID: ev.ID,
		Name: strings.TrimSpace(in.Name), ContactName: strings.TrimSpace(in.ContactName),
		ContactEmail: strings.TrimSpace(in.ContactEmail), Website: strings.TrimSpace(in.Website),
		Notes: strings.TrimSpace(in.Notes), CreatedAt: now, UpdatedAt: now,
		QuestionnaireKey: ev.QuestionnaireKey, QuestionnaireVersion: ev.QuestionnaireVersion,
		ResponseStatus: mspeval.ResponseNotStarted,
	}
}
