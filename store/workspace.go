package store

import (
	"context"
	"errors"
	"strings"

	"gorm.io/gorm"

	"mspeval"
)

func (w workspaceRow) toDomain() mspeval.Workspace {
	return mspeval.Workspace{ID: w.ID, Name: w.Name, CreatedAt: w.CreatedAt.UTC(),
		DateStyle: mspeval.DateStyle(w.DateStyle), TimeZone: w.TimeZone}
}

// WorkspaceInput changes a workspace's settings; nil fields stay. An empty
// date style or time zone goes back to the default.
type WorkspaceInput struct {
	DateStyle *string
	TimeZone  *string
}

// SetWorkspace changes the caller's workspace's date style or time zone. Every problem is reported at once, on its field, and nothing is
// changed unless all are right.
func (s *Store) SetWorkspace(ctx context.Context, c mspeval.Caller, in WorkspaceInput) (mspeval.Workspace, error) {
	if err := c.May(mspeval.ManageWorkspace); err != nil {
		return mspeval.Workspace{}, err
	}
	changes := map[string]any{}
	var fields []mspeval.FieldError
	if in.DateStyle != nil {
		v := strings.TrimSpace(*in.DateStyle)
		if _, err := mspeval.NewDates(v, ""); err != nil {
			fields = append(fields, fieldsOf(err)...)
		}
		changes["date_style"] = v
	}
	if in.TimeZone != nil {
		v := strings.TrimSpace(*in.TimeZone)
		if _, err := mspeval.NewDates("", v); err != nil {
			fields = append(fields, fieldsOf(err)...)
		}
		changes["time_zone"] = v
	}
	if len(fields) > 0 {
		return mspeval.Workspace{}, mspeval.Invalid("the workspace settings are not valid", fields...)
	}
	var out workspaceRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		if len(changes) > 0 {
			if err := tx.Model(&workspaceRow{}).Where("id = ?", c.WorkspaceID).Updates(changes).Error; err != nil {
				return err
			}
		}
		return tx.Where("id = ?", c.WorkspaceID).Take(&out).Error
	})
	if err != nil {
		return mspeval.Workspace{}, translate(err)
	}
	return out.toDomain(), nil
}

// fieldsOf is the field errors of an invalid error.
func fieldsOf(err error) []mspeval.FieldError {
	var e *mspeval.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return []mspeval.FieldError{{Field: "", Message: err.Error()}}
}

// LinkSender names who is behind a respondent's link, for the page of a link
// that no longer works: the member who created it ("" for a link a prospect
// started through a public survey, or a member since removed) and the
// workspace.
func (s *Store) LinkSender(ctx context.Context, secret string) (person, workspace string, err error) {
	var row struct {
		Person    *string
		Workspace string
	}
	err = s.read(ctx).Table("invitations").
		Select("users.name AS person, workspaces.name AS workspace").
		Joins("JOIN workspaces ON workspaces.id = invitations.workspace_id").
		Joins("LEFT JOIN memberships ON memberships.user_id = invitations.created_by AND memberships.workspace_id = invitations.workspace_id").
		Joins("LEFT JOIN users ON users.id = memberships.user_id").
		Where("invitations.token_hash = ?", mspeval.HashSecret(secret)).Take(&row).Error
	if err != nil {
		return "", "", translate(err)
	}
	if row.Person != nil {
		person = *row.Person
	}
	return person, row.Workspace, nil
}
