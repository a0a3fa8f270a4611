package store

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"mspeval"
)

// MaxBulkRows is the most candidates one bulk request may add.
const MaxBulkRows = 500

// BulkRow is one prospect or MSP of a bulk request.
type BulkRow struct {
	// Name is the candidate's name as the list gives it; Company its
	// organisation. Either may be left out: the candidate is named by Name,
	// else by Company, and a Company that differs from Name goes in its notes.
	Name        string `json:"name"`
	Company     string `json:"company"`
	ContactName string `json:"contact_name"`
	Email       string `json:"email"`
}

// CandidateName is the name the candidate gets.
func (r BulkRow) CandidateName() string {
	if strings.TrimSpace(r.Name) != "" {
		return strings.TrimSpace(r.Name)
	}
	return strings.TrimSpace(r.Company)
}

func (r BulkRow) notes() string {
	if c := strings.TrimSpace(r.Company); c != "" && c != r.CandidateName() {
		return "Company: " + c
	}
	return ""
}

// BulkResult is one created candidate with its link (the secret shown once).
type BulkResult struct {
	Candidate  mspeval.Candidate  `json:"candidate"`
	Invitation mspeval.Invitation `json:"invitation"`
	Token      string             `json:"token"`
	Emailed    bool               `json:"emailed"`
}

// CheckBulk validates rows without storing anything, naming each bad row's
// field as rows[i].field; the preview and the real request share it.
func CheckBulk(rows []BulkRow) []mspeval.FieldError {
	var fields []mspeval.FieldError
	if len(rows) == 0 {
		return []mspeval.FieldError{{Field: "rows", Message: "give at least one row"}}
	}
	if len(rows) > MaxBulkRows {
		return []mspeval.FieldError{{Field: "rows", Message: fmt.Sprintf("at most %d rows at a time", MaxBulkRows)}}
	}
	seen := map[string]int{}
	for i, r := range rows {
		at := func(f string) string { return fmt.Sprintf("rows[%d].%s", i, f) }
		for _, fe := range checkCandidate(CandidateInput{Name: r.CandidateName(), ContactName: r.ContactName, ContactEmail: r.Email}) {
			nameField := "company"
			if r.Name != "" {
				nameField = "name"
			}
			field := map[string]string{"name": nameField, "contact_name": "contact_name", "contact_email": "email"}[fe.Field]
			if field == "" {
				field = fe.Field
			}
			fields = append(fields, mspeval.FieldError{Field: at(field), Message: fe.Message})
		}
		email := strings.ToLower(strings.TrimSpace(r.Email))
		if email == "" {
			fields = append(fields, mspeval.FieldError{Field: at("email"), Message: "is required"})
			continue
		}
		if j, dup := seen[email]; dup {
			fields = append(fields, mspeval.FieldError{Field: at("email"), Message: fmt.Sprintf("is also on row %d", j+1)})
		}
		seen[email] = i
	}
	return fields
}

// BulkInvite adds a candidate and a link for every row in one transaction, and
// with send queues each link's email: all rows or none. An address that opted
// out of the workspace's email refuses the whole request, naming its row.
func (s *Store) BulkInvite(ctx context.Context, c mspeval.Caller, evaluationID string, rows []BulkRow, send bool) ([]BulkResult, error) {
	if fields := CheckBulk(rows); len(fields) > 0 {
		return nil, mspeval.Invalid("some rows are not valid; nothing was created", fields...)
	}
	out := make([]BulkResult, 0, len(rows))
	err := s.write(ctx, func(tx *gorm.DB) error {
		ev, err := getEvaluation(tx, c, evaluationID)
		if err != nil {
			return err
		}
		if err := ev.toDomain().AcceptsChanges(); err != nil {
			return err
		}
		for i, r := range rows {
			now := s.clock()
			cand := newCandidateRow(ev, CandidateInput{Name: r.CandidateName(), ContactName: r.ContactName,
				ContactEmail: r.Email, Notes: r.notes()}, now)
			if err := tx.Create(&cand).Error; err != nil {
				return err
			}
			secret := mspeval.NewSecret("msr_")
			inv := invitationRow{ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, CandidateID: cand.ID,
				TokenHash: mspeval.HashSecret(secret), CreatedBy: &c.UserID, CreatedAt: now,
				ExpiresAt: ev.toDomain().LinkExpiry(now)}
			if send {
				inv.Email = strings.ToLower(strings.TrimSpace(r.Email))
				inv.MailSecret = secret
			}
			if err := tx.Create(&inv).Error; err != nil {
				return err
			}
			if send {
				if err := s.queueInvitationEmail(tx, c, ev, cand, inv, secret, cand.ContactName, mspeval.TopicInvitation); err != nil {
					if mspeval.ErrorCode(err) == mspeval.EINVALID {
						return mspeval.Invalid("some rows are not valid; nothing was created",
							mspeval.FieldError{Field: fmt.Sprintf("rows[%d].email", i), Message: "opted out of this workspace's email"})
					}
					return err
				}
			}
			out = append(out, BulkResult{Candidate: cand.toDomain(), Invitation: inv.toDomain(now, cand.ResponseStatus), Token: secret, Emailed: send})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
