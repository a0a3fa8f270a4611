package store

import (
	"context"
	"sort"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"mspeval"
	"mspeval/questions"
	"mspeval/scoring"
)

// MaxRatingNote is the longest note an evaluator may add to a rating.
const MaxRatingNote = 2000

// PutRating sets the caller's rating of one answer, replacing an earlier one.
func (s *Store) PutRating(ctx context.Context, c mspeval.Caller, candidateID, questionKey string, score int, note string) (mspeval.RatingSummary, error) {
	if err := c.Require(mspeval.RoleEditor); err != nil {
		return mspeval.RatingSummary{}, err
	}
	var fields []mspeval.FieldError
	if score < 0 || score > 4 {
		fields = append(fields, mspeval.FieldError{Field: "score", Message: "must be a whole number from 0 to 4"})
	}
	if n := utf8.RuneCountInString(note); n > MaxRatingNote || strings.ContainsRune(note, 0) {
		fields = append(fields, mspeval.FieldError{Field: "note", Message: "must be at most 2000 characters, without NUL"})
	}
	if len(fields) > 0 {
		return mspeval.RatingSummary{}, mspeval.Invalid("the rating is not valid", fields...)
	}
	err := s.write(ctx, func(tx *gorm.DB) error {
		cand, err := getCandidate(tx, c, candidateID)
		if err != nil {
			return err
		}
		if err := s.checkRatable(tx, cand, questionKey); err != nil {
			return err
		}
		now := s.clock()
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "candidate_id"}, {Name: "question_key"}, {Name: "evaluator_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"score", "note", "updated_at"}),
		}).Omit("evaluator_name").Create(&ratingRow{CandidateID: cand.ID, QuestionKey: questionKey, EvaluatorID: c.UserID,
			Score: score, Note: strings.TrimSpace(note), CreatedAt: now, UpdatedAt: now}).Error
	})
	if err != nil {
		return mspeval.RatingSummary{}, err
	}
	return s.AnswerRatings(ctx, c, candidateID, questionKey)
}

// checkRatable refuses a rating of a question the questionnaire lacks or the
// candidate has not answered: there is nothing to rate.
func (s *Store) checkRatable(tx *gorm.DB, cand candidateRow, questionKey string) error {
	q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
	if err != nil {
		return err
	}
	if _, ok := q.Question(questionKey); !ok {
		return mspeval.NotFound("question")
	}
	var n int64
	if err := tx.Model(&answerRow{}).Where("candidate_id = ? AND question_key = ?", cand.ID, questionKey).Count(&n).Error; err != nil {
		return err
	}
	if n == 0 {
		return mspeval.Errorf(mspeval.ECONFLICT, "the candidate has not answered %s; there is nothing to rate", questionKey)
	}
	return nil
}

// DeleteRating withdraws the caller's rating of one answer.
func (s *Store) DeleteRating(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) error {
	if err := c.Require(mspeval.RoleEditor); err != nil {
		return err
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		cand, err := getCandidate(tx, c, candidateID)
		if err != nil {
			return err
		}
		q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
		if err != nil {
			return err
		}
		if _, ok := q.Question(questionKey); !ok {
			return mspeval.NotFound("question")
		}
		res := tx.Where("candidate_id = ? AND question_key = ? AND evaluator_id = ?", cand.ID, questionKey, c.UserID).Delete(&ratingRow{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return mspeval.NotFound("rating")
		}
		return nil
	})
}

// AnswerRatings returns what the caller may see of one answer's ratings.
func (s *Store) AnswerRatings(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) (mspeval.RatingSummary, error) {
	db := s.read(ctx)
	cand, err := getCandidate(db, c, candidateID)
	if err != nil {
		return mspeval.RatingSummary{}, err
	}
	q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
	if err != nil {
		return mspeval.RatingSummary{}, err
	}
	if _, ok := q.Question(questionKey); !ok {
		return mspeval.RatingSummary{}, mspeval.NotFound("question")
	}
	all, err := candidateRatings(db, c, cand)
	if err != nil {
		return mspeval.RatingSummary{}, err
	}
	for _, r := range all {
		if r.QuestionKey == questionKey {
			return r, nil
		}
	}
	return mspeval.RatingSummary{QuestionKey: questionKey, Ratings: []mspeval.Rating{}}, nil
}

// CandidateRatings returns, for every rated answer of a candidate, what the
// caller may see of its ratings.
func (s *Store) CandidateRatings(ctx context.Context, c mspeval.Caller, candidateID string) ([]mspeval.RatingSummary, error) {
	db := s.read(ctx)
	cand, err := getCandidate(db, c, candidateID)
	if err != nil {
		return nil, err
	}
	return candidateRatings(db, c, cand)
}

func candidateRatings(db *gorm.DB, c mspeval.Caller, cand candidateRow) ([]mspeval.RatingSummary, error) {
	var ev evaluationRow
	if err := db.Select("blind_ratings").Where("id = ?", cand.EvaluationID).Take(&ev).Error; err != nil {
		return nil, translate(err)
	}
	rows, err := loadRatings(db, []string{cand.ID})
	if err != nil {
		return nil, err
	}
	byQuestion := map[string][]mspeval.Rating{}
	var keys []string
	for _, r := range rows {
		if _, ok := byQuestion[r.QuestionKey]; !ok {
			keys = append(keys, r.QuestionKey)
		}
		byQuestion[r.QuestionKey] = append(byQuestion[r.QuestionKey], r.toDomain())
	}
	sort.Strings(keys)
	out := make([]mspeval.RatingSummary, 0, len(keys))
	for _, k := range keys {
		out = append(out, summarize(k, byQuestion[k], c, ev.BlindRatings))
	}
	return out, nil
}

// summarize applies the blind-rating rule for one caller: hidden ratings for an
// evaluator who has not rated the answer, the consensus still shown to owners.
func summarize(key string, rs []mspeval.Rating, c mspeval.Caller, blind bool) mspeval.RatingSummary {
	sum := mspeval.RatingSummary{QuestionKey: key, Count: len(rs), Ratings: []mspeval.Rating{}}
	scored := make([]scoring.Rating, len(rs))
	for i, r := range rs {
		if r.EvaluatorID == c.UserID {
			mine := r
			sum.Mine = &mine
		}
		scored[i] = scoring.Rating{Evaluator: r.EvaluatorID, Score: float64(r.Score)}
	}
	// Evaluators (editors and owners) who have not rated see no one else's
	// rating; viewers rate nothing and see them all.
	sum.Hidden = blind && sum.Mine == nil && c.Role != mspeval.RoleViewer
	if !sum.Hidden {
		sum.Ratings = rs
	}
	if len(rs) > 0 && (!sum.Hidden || c.Role == mspeval.RoleOwner) {
		cons, spread := scoring.Consensus(scored)
		sum.Consensus, sum.Spread = &cons, &spread
		sum.Disagreement = spread >= scoring.DisagreementSpread
	}
	return sum
}

func loadRatings(db *gorm.DB, candidateIDs []string) ([]ratingRow, error) {
	var rows []ratingRow
	err := db.Table("ratings").Select("ratings.*, users.name AS evaluator_name").
		Joins("JOIN users ON users.id = ratings.evaluator_id").
		Where("ratings.candidate_id IN ?", candidateIDs).
		Order("ratings.candidate_id, ratings.question_key, ratings.evaluator_id").Find(&rows).Error
	return rows, translate(err)
}

// ScoringData is everything the engine needs for one evaluation, and what the
// caller has rated (for the blind-rating rule).
type ScoringData struct {
	Evaluation mspeval.Evaluation
	Input      scoring.Input
	Candidates map[string]mspeval.Candidate
	// RatedByCaller holds candidateID + "/" + questionKey for each answer the
	// caller has rated.
	RatedByCaller map[string]bool
}

// ScoringData loads an evaluation with its candidates' answers and ratings, in
// one read transaction so that the comparison is of one moment.
func (s *Store) ScoringData(ctx context.Context, c mspeval.Caller, evaluationID string) (ScoringData, error) {
	var out ScoringData
	err := s.read(ctx).Transaction(func(tx *gorm.DB) error {
		ev, err := getEvaluation(tx, c, evaluationID)
		if err != nil {
			return err
		}
		q, err := s.questionnaire(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		if err != nil {
			return err
		}
		out.Evaluation = ev.toDomain()
		out.Input = scoring.Input{Questionnaire: q, Weights: out.Evaluation.Weights}
		out.Candidates = map[string]mspeval.Candidate{}
		out.RatedByCaller = map[string]bool{}
		var cands []candidateRow
		if err := tx.Where("evaluation_id = ? AND workspace_id = ?", ev.ID, c.WorkspaceID).Order("id").Find(&cands).Error; err != nil {
			return err
		}
		ids := make([]string, len(cands))
		index := map[string]int{}
		for i, cand := range cands {
			ids[i] = cand.ID
			index[cand.ID] = i
			out.Candidates[cand.ID] = cand.toDomain()
			out.Input.Candidates = append(out.Input.Candidates, scoring.Candidate{ID: cand.ID, Name: cand.Name,
				Answers: map[string]questions.Answer{}, Ratings: map[string][]scoring.Rating{}})
		}
		if len(ids) == 0 {
			return nil
		}
		var answers []answerRow
		if err := tx.Where("candidate_id IN ?", ids).Find(&answers).Error; err != nil {
			return err
		}
		for _, a := range answers {
			sa, err := a.toDomain()
			if err != nil {
				return err
			}
			out.Input.Candidates[index[a.CandidateID]].Answers[a.QuestionKey] = sa.Answer
		}
		ratings, err := loadRatings(tx, ids)
		if err != nil {
			return err
		}
		for _, r := range ratings {
			sc := &out.Input.Candidates[index[r.CandidateID]]
			sc.Ratings[r.QuestionKey] = append(sc.Ratings[r.QuestionKey],
				scoring.Rating{Evaluator: r.EvaluatorID, Name: r.EvaluatorName, Score: float64(r.Score), Note: r.Note})
			if r.EvaluatorID == c.UserID {
				out.RatedByCaller[r.CandidateID+"/"+r.QuestionKey] = true
			}
		}
		return nil
	})
	if err != nil {
		return ScoringData{}, translate(err)
	}
	return out, nil
}
