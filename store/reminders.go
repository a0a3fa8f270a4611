package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"mspeval"
)

// DefaultReminderDays is a new evaluation's reminder schedule: 7, 3 and 1
// days before the due date.
const DefaultReminderDays = "7,3,1"

// ParseReminderDays reads a reminder schedule: days before the due date,
// comma-separated ("7,3,1"), or "" for none.
func ParseReminderDays(v string) ([]int, error) {
	var out []int
	for _, p := range strings.Split(v, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 60 {
			return nil, mspeval.Invalid("the reminder schedule is not valid", mspeval.FieldError{Field: "reminder_days",
				Message: "must be whole numbers of days before the due date, from 0 to 60, separated by commas (e.g. 7,3,1), or empty for none"})
		}
		out = append(out, n)
	}
	return out, nil
}

// remindable selects the emailed links that may still be reminded: not
// revoked, not submitted, not expired, still holding their link, and not
// reminded yet today (at most one reminder a day per recipient).
func (s *Store) remindable(tx *gorm.DB, now time.Time) *gorm.DB {
	dayStart := now.Truncate(24 * time.Hour)
	return tx.Model(&invitationRow{}).
		Where("invitations.mail_secret <> '' AND invitations.revoked_at IS NULL AND invitations.submitted_at IS NULL AND invitations.expires_at > ?", now).
		Where("(invitations.last_reminded_at IS NULL OR invitations.last_reminded_at < ?)", dayStart)
}

// remind queues one reminder per remindable link among invs.
func (s *Store) remind(tx *gorm.DB, c mspeval.Caller, invs []invitationRow) (int, error) {
	n := 0
	now := s.clock()
	reminded := map[string]bool{}
	for _, inv := range invs {
		// At most one reminder a day per recipient, however many links they hold.
		if reminded[inv.Email] {
			continue
		}
		var today int64
		if err := tx.Model(&outboxRow{}).Where("topic = ? AND recipient = ? AND workspace_id = ? AND created_at >= ?",
			mspeval.TopicReminder, inv.Email, inv.WorkspaceID, now.Truncate(24*time.Hour)).Count(&today).Error; err != nil {
			return n, err
		}
		if today > 0 {
			continue
		}
		var cand candidateRow
		if err := tx.Where("id = ?", inv.CandidateID).Take(&cand).Error; err != nil {
			return n, err
		}
		var ev evaluationRow
		if err := tx.Table("evaluations").Select(evaluationSelect).Where("evaluations.id = ?", cand.EvaluationID).Take(&ev).Error; err != nil {
			return n, err
		}
		if ev.Status != mspeval.EvaluationOpen || cand.ResponseStatus == mspeval.ResponseSubmitted {
			continue
		}
		err := s.queueInvitationEmail(tx, c, ev, cand, inv, inv.MailSecret, cand.ContactName, mspeval.TopicReminder)
		if mspeval.ErrorCode(err) == mspeval.EINVALID {
			continue // the address unsubscribed meanwhile
		}
		if err != nil {
			return n, err
		}
		if err := tx.Model(&invitationRow{}).Where("id = ?", inv.ID).Update("last_reminded_at", now).Error; err != nil {
			return n, err
		}
		reminded[inv.Email] = true
		n++
	}
	return n, nil
}

// RemindNow queues a reminder to every emailed link of a candidate (or, with
// an evaluation ID, of every candidate of it) that has not been submitted,
// revoked or expired, and was not reminded today. It returns how many.
func (s *Store) RemindNow(ctx context.Context, c mspeval.Caller, evaluationID, candidateID string) (int, error) {
	n := 0
	err := s.write(ctx, func(tx *gorm.DB) error {
		q := s.remindable(tx, s.clock()).Where("invitations.workspace_id = ?", c.WorkspaceID)
		switch {
		case candidateID != "":
			if _, err := getCandidate(tx, c, candidateID); err != nil {
				return err
			}
			q = q.Where("invitations.candidate_id = ?", candidateID)
		default:
			ev, err := getEvaluation(tx, c, evaluationID)
			if err != nil {
				return err
			}
			if err := ev.toDomain().AcceptsChanges(); err != nil {
				return err
			}
			q = q.Joins("JOIN candidates ON candidates.id = invitations.candidate_id").Where("candidates.evaluation_id = ?", ev.ID)
		}
		var invs []invitationRow
		if err := q.Select("invitations.*").Find(&invs).Error; err != nil {
			return err
		}
		var err error
		n, err = s.remind(tx, c, invs)
		return err
	})
	return n, err
}

// SendDueReminders queues the scheduled reminders: for every open evaluation
// whose due date is one of its reminder days away (UTC), a reminder to each
// remindable link. The scheduler calls it; a second run the same day sends
// nothing more.
func (s *Store) SendDueReminders(ctx context.Context) (int, error) {
	total := 0
	err := s.write(ctx, func(tx *gorm.DB) error {
		now := s.clock()
		var evs []evaluationRow
		if err := tx.Where("status = ? AND due_date IS NOT NULL AND reminder_days <> ''", mspeval.EvaluationOpen).Find(&evs).Error; err != nil {
			return err
		}
		today := now.Truncate(24 * time.Hour)
		for _, ev := range evs {
			due, err := time.Parse("2006-01-02", *ev.DueDate)
			if err != nil {
				continue
			}
			days := int(due.Sub(today).Hours() / 24)
			sched, err := ParseReminderDays(ev.ReminderDays)
			if err != nil || !containsInt(sched, days) {
				continue
			}
			var invs []invitationRow
			if err := s.remindable(tx, now).Select("invitations.*").Joins("JOIN candidates ON candidates.id = invitations.candidate_id").
				Where("candidates.evaluation_id = ?", ev.ID).Find(&invs).Error; err != nil {
				return err
			}
			// The reminders go out in the name of the person who created the
			// evaluation, within its workspace.
			c := mspeval.Caller{WorkspaceID: ev.WorkspaceID}
			if ev.CreatedBy != nil {
				c.UserID = *ev.CreatedBy
			}
			n, err := s.remind(tx, c, invs)
			if err != nil {
				return err
			}
			total += n
		}
		return nil
	})
	return total, err
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
