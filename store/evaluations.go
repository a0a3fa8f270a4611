package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"mspeval"
	"mspeval/questions"
)

// EvaluationInput creates an evaluation. A zero QuestionnaireVersion means the
// latest; nil Weights mean the questionnaire's defaults.
type EvaluationInput struct {
	Name                 string
	Description          string
	QuestionnaireKey     string
	QuestionnaireVersion int
	Weights              map[string]float64
	DueDate              string
	BlindRatings         bool
	// TextScoring is on unless set to false.
	TextScoring *bool
	// LinkGraceDays is 7 unless set.
	LinkGraceDays *int
	CloseAtDue    bool
}

// EvaluationPatch changes an evaluation; nil fields stay as they are, and an
// empty DueDate clears the date.
type EvaluationPatch struct {
	Name          *string
	Description   *string
	Weights       map[string]float64
	DueDate       *string
	Status        *string
	BlindRatings  *bool
	TextScoring   *bool
	LinkGraceDays *int
	CloseAtDue    *bool
	// ReminderDays replaces the reminder schedule; empty turns reminders off.
	ReminderDays *[]int
}

const evaluationSelect = "evaluations.*, " +
	"(SELECT COUNT(*) FROM candidates c WHERE c.evaluation_id = evaluations.id) AS candidate_count, " +
	"(SELECT COUNT(*) FROM candidates c WHERE c.evaluation_id = evaluations.id AND c.response_status = 'submitted') AS submitted_count"

// ListEvaluations lists the caller's workspace's evaluations, newest first.
func (s *Store) ListEvaluations(ctx context.Context, c mspeval.Caller, p mspeval.Page) ([]mspeval.Evaluation, string, error) {
	q, limit, err := paginate(s.read(ctx).Table("evaluations").Select(evaluationSelect).
		Where("evaluations.workspace_id = ?", c.WorkspaceID), "evaluations", p, true)
	if err != nil {
		return nil, "", err
	}
	var rows []evaluationRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", translate(err)
	}
	out, next := pageOf(rows, limit, func(r evaluationRow) string { return r.ID }, func(r evaluationRow) mspeval.Evaluation { return r.toDomain() })
	return out, next, nil
}

// GetEvaluation returns one evaluation of the caller's workspace.
func (s *Store) GetEvaluation(ctx context.Context, c mspeval.Caller, id string) (mspeval.Evaluation, error) {
	row, err := getEvaluation(s.read(ctx), c, id)
	if err != nil {
		return mspeval.Evaluation{}, err
	}
	return row.toDomain(), nil
}

func getEvaluation(db *gorm.DB, c mspeval.Caller, id string) (evaluationRow, error) {
	var row evaluationRow
	err := db.Table("evaluations").Select(evaluationSelect).
		Where("evaluations.id = ? AND evaluations.workspace_id = ?", id, c.WorkspaceID).Take(&row).Error
	if err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return row, mspeval.NotFound("evaluation")
		}
		return row, translate(err)
	}
	return row, nil
}

// CreateEvaluation creates an evaluation bound to one questionnaire version.
func (s *Store) CreateEvaluation(ctx context.Context, c mspeval.Caller, in EvaluationInput) (mspeval.Evaluation, error) {
	var fields []mspeval.FieldError
	fields = append(fields, checkText("name", in.Name, 1, 200)...)
	fields = append(fields, checkText("description", in.Description, 0, 5000)...)
	fields = append(fields, checkDate("due_date", in.DueDate)...)
	grace := 7
	if in.LinkGraceDays != nil {
		grace = *in.LinkGraceDays
		fields = append(fields, checkGrace(grace)...)
	}
	// A built-in or one of the workspace's own published versions; another
	// workspace's is no questionnaire at all.
	q, err := s.Questionnaire(ctx, c, in.QuestionnaireKey, in.QuestionnaireVersion)
	if err != nil && mspeval.ErrorCode(err) != mspeval.ENOTFOUND {
		return mspeval.Evaluation{}, err
	}
	if err != nil {
		fields = append(fields, mspeval.FieldError{Field: "questionnaire_key",
			Message: fmt.Sprintf("no questionnaire %q version %d; see GET /api/v1/questionnaires", in.QuestionnaireKey, in.QuestionnaireVersion)})
	}
	weights := in.Weights
	if q != nil {
		if weights == nil {
			weights = q.DefaultWeights()
		}
		fields = append(fields, checkWeights(q, weights)...)
	}
	if len(fields) > 0 {
		return mspeval.Evaluation{}, mspeval.Invalid("the evaluation is not valid", fields...)
	}
	now := s.clock()
	wj, _ := json.Marshal(weights)
	row := evaluationRow{
		ID: mspeval.NewID(now), WorkspaceID: c.WorkspaceID, Name: strings.TrimSpace(in.Name),
		Description: strings.TrimSpace(in.Description), QuestionnaireKey: q.Key, QuestionnaireVersion: q.Version,
		Weights: string(wj), DueDate: nonEmpty(in.DueDate), Status: mspeval.EvaluationOpen, BlindRatings: in.BlindRatings,
		TextScoring: in.TextScoring == nil || *in.TextScoring, LinkGraceDays: grace, CloseAtDue: in.CloseAtDue,
		ReminderDays: DefaultReminderDays,
		CreatedBy:    &c.UserID, CreatedAt: now, UpdatedAt: now,
	}
	if err := s.write(ctx, func(tx *gorm.DB) error { return tx.Omit("candidate_count", "submitted_count").Create(&row).Error }); err != nil {
		return mspeval.Evaluation{}, err
	}
	return row.toDomain(), nil
}

// UpdateEvaluation applies a patch and returns the evaluation as it now is.
func (s *Store) UpdateEvaluation(ctx context.Context, c mspeval.Caller, id string, p EvaluationPatch) (mspeval.Evaluation, error) {
	var out evaluationRow
	err := s.write(ctx, func(tx *gorm.DB) error {
		row, err := getEvaluation(tx, c, id)
		if err != nil {
			return err
		}
		changes := map[string]any{}
		var fields []mspeval.FieldError
		if p.Name != nil {
			fields = append(fields, checkText("name", *p.Name, 1, 200)...)
			changes["name"] = strings.TrimSpace(*p.Name)
		}
		if p.Description != nil {
			fields = append(fields, checkText("description", *p.Description, 0, 5000)...)
			changes["description"] = strings.TrimSpace(*p.Description)
		}
		if p.DueDate != nil {
			fields = append(fields, checkDate("due_date", *p.DueDate)...)
			changes["due_date"] = nonEmpty(*p.DueDate)
		}
		if p.Status != nil {
			if *p.Status != mspeval.EvaluationOpen && *p.Status != mspeval.EvaluationClosed {
				fields = append(fields, mspeval.FieldError{Field: "status", Message: "must be open or closed"})
			}
			changes["status"] = *p.Status
		}
		if p.TextScoring != nil {
			changes["text_scoring"] = *p.TextScoring
		}
		if p.CloseAtDue != nil {
			changes["close_at_due"] = *p.CloseAtDue
		}
		if p.ReminderDays != nil {
			parts := make([]string, len(*p.ReminderDays))
			for i, d := range *p.ReminderDays {
				parts[i] = strconv.Itoa(d)
			}
			joined := strings.Join(parts, ",")
			if _, err := ParseReminderDays(joined); err != nil {
				var e *mspeval.Error
				if errors.As(err, &e) {
					fields = append(fields, e.Fields...)
				}
			}
			changes["reminder_days"] = joined
		}
		if p.LinkGraceDays != nil {
			fields = append(fields, checkGrace(*p.LinkGraceDays)...)
			changes["link_grace_days"] = *p.LinkGraceDays
		}
		if p.BlindRatings != nil {
			changes["blind_ratings"] = *p.BlindRatings
		}
		if p.Weights != nil {
			q, err := s.questionnaire(row.QuestionnaireKey, row.QuestionnaireVersion)
			if err != nil {
				return err
			}
			fields = append(fields, checkWeights(q, p.Weights)...)
			wj, _ := json.Marshal(p.Weights)
			changes["weights"] = string(wj)
		}
		if len(fields) > 0 {
			return mspeval.Invalid("the change is not valid", fields...)
		}
		closing := p.Status != nil && *p.Status == mspeval.EvaluationClosed && row.Status != mspeval.EvaluationClosed
		if closing {
			changes["closed_at"] = s.clock()
		} else if p.Status != nil && *p.Status == mspeval.EvaluationOpen {
			changes["closed_at"] = nil
		}
		if len(changes) > 0 {
			changes["updated_at"] = s.clock()
			if err := tx.Model(&evaluationRow{}).Where("id = ?", row.ID).Updates(changes).Error; err != nil {
				return err
			}
		}
		out, err = getEvaluation(tx, c, id)
		if err == nil && closing {
			err = s.emitClosed(tx, out, "editor")
		}
		return err
	})
	if err != nil {
		return mspeval.Evaluation{}, err
	}
	return out.toDomain(), nil
}

// DeleteEvaluation deletes an evaluation with its candidates, answers and invitations.
func (s *Store) DeleteEvaluation(ctx context.Context, c mspeval.Caller, id string) error {
	return s.write(ctx, func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND workspace_id = ?", id, c.WorkspaceID).Delete(&evaluationRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return mspeval.NotFound("evaluation")
		}
		return nil
	})
}

func checkWeights(q *questions.Questionnaire, w map[string]float64) []mspeval.FieldError {
	var fields []mspeval.FieldError
	keys := make([]string, 0, len(w))
	for k := range w {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sum := 0.0
	for _, k := range keys {
		v := w[k]
		if _, ok := q.Dimension(k); !ok {
			fields = append(fields, mspeval.FieldError{Field: "weights." + k, Message: "is not a dimension of this questionnaire"})
			continue
		}
		if v < 0 || v > 1000 || math.IsNaN(v) {
			fields = append(fields, mspeval.FieldError{Field: "weights." + k, Message: "must be between 0 and 1000"})
		}
		sum += v
	}
	for _, d := range q.Dimensions {
		if _, ok := w[d.Key]; !ok {
			fields = append(fields, mspeval.FieldError{Field: "weights." + d.Key, Message: "is missing; give a weight for every dimension"})
		}
	}
	if len(fields) == 0 && sum <= 0 {
		fields = append(fields, mspeval.FieldError{Field: "weights", Message: "at least one weight must be above zero"})
	}
	return fields
}

// multiLine names the text fields that may span lines; every other field
// checkText sees (names, titles) is one line.
var multiLine = map[string]bool{"description": true, "notes": true}

// checkText checks a text field's characters (mspeval.LineProblem or
// TextProblem) and its length, trimmed, in characters.
func checkText(field, v string, min, max int) []mspeval.FieldError {
	problem := mspeval.LineProblem(v)
	if multiLine[field] {
		problem = mspeval.TextProblem(v)
	}
	if problem != "" {
		return []mspeval.FieldError{{Field: field, Message: problem}}
	}
	n := utf8.RuneCountInString(strings.TrimSpace(v))
	switch {
	case n < min && min == 1:
		return []mspeval.FieldError{{Field: field, Message: "is required"}}
	case n < min || n > max:
		return []mspeval.FieldError{{Field: field, Message: fmt.Sprintf("must be %d to %d characters long", min, max)}}
	}
	return nil
}

func checkDate(field, v string) []mspeval.FieldError {
	if v == "" {
		return nil
	}
	if _, err := time.Parse("2006-01-02", v); err != nil {
		return []mspeval.FieldError{{Field: field, Message: "must be a date written YYYY-MM-DD"}}
	}
	return nil
}

func nonEmpty(s string) *string {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	v := strings.TrimSpace(s)
	return &v
}

// EvaluationCaller returns a caller that reads the workspace of an evaluation,
// for the command line, which runs with the database's own authority and names
// an evaluation by ID alone. It is a viewer: it sees every rating (blind ratings
// keep evaluators apart, and the command line rates nothing) and changes nothing.
func (s *Store) EvaluationCaller(ctx context.Context, evaluationID string) (mspeval.Caller, error) {
	if !mspeval.ValidID(evaluationID) {
		return mspeval.Caller{}, mspeval.NotFound("evaluation")
	}
	var row evaluationRow
	if err := s.read(ctx).Select("workspace_id").Where("id = ?", evaluationID).Take(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return mspeval.Caller{}, mspeval.NotFound("evaluation")
		}
		return mspeval.Caller{}, translate(err)
	}
	return mspeval.Caller{WorkspaceID: row.WorkspaceID, Role: mspeval.RoleViewer}, nil
}

// evaluationAcceptsChanges refuses a change to a closed evaluation's candidates,
// links or answers (see mspeval.Evaluation.AcceptsChanges).
func evaluationAcceptsChanges(tx *gorm.DB, evaluationID string) error {
	var ev evaluationRow
	if err := tx.Select("name, status").Where("id = ?", evaluationID).Take(&ev).Error; err != nil {
		return err
	}
	return ev.toDomain().AcceptsChanges()
}

// emitClosed tells the workspace's endpoints that an evaluation closed, by an
// editor or at its due date.
func (s *Store) emitClosed(tx *gorm.DB, ev evaluationRow, by string) error {
	now := s.clock()
	return s.emit(tx, ev.WorkspaceID, mspeval.EventEvaluationClosed, ev.ID, int(now.Unix()), "",
		map[string]any{"evaluation_id": ev.ID, "evaluation_name": ev.Name, "closed_at": now, "closed_by": by})
}

// MaxLinkGraceDays is the longest a link may outlive its evaluation's due date.
const MaxLinkGraceDays = 90

func checkGrace(days int) []mspeval.FieldError {
	if days < 0 || days > MaxLinkGraceDays {
		return []mspeval.FieldError{{Field: "link_grace_days", Message: fmt.Sprintf("must be a whole number from 0 to %d", MaxLinkGraceDays)}}
	}
	return nil
}

// CloseDueEvaluations closes every open evaluation that asked to close at its
// due date once that date is over (in UTC), telling the workspaces' endpoints.
// It returns how many it closed. The scheduler calls it; running it twice
// closes nothing twice.
func (s *Store) CloseDueEvaluations(ctx context.Context) (int, error) {
	closed := 0
	err := s.write(ctx, func(tx *gorm.DB) error {
		today := s.clock().Format("2006-01-02")
		var rows []evaluationRow
		if err := s.forUpdate(tx).Where("status = ? AND close_at_due AND due_date IS NOT NULL AND due_date < ?",
			mspeval.EvaluationOpen, today).Find(&rows).Error; err != nil {
			return err
		}
		for _, ev := range rows {
			now := s.clock()
			if err := tx.Model(&evaluationRow{}).Where("id = ?", ev.ID).Updates(map[string]any{
				"status": mspeval.EvaluationClosed, "closed_at": now, "updated_at": now}).Error; err != nil {
				return err
			}
			if err := s.emitClosed(tx, ev, "due date"); err != nil {
				return err
			}
			closed++
		}
		return nil
	})
	return closed, err
}
