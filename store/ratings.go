package store

import (
	"context"
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
func (s *Store) PutRating(ctx context.Context, c mspeval.Caller, candidateID, questionKey string, score int, note string) error {
	var fields []mspeval.FieldError
	if score < 0 || score > 4 {
		fields = append(fields, mspeval.FieldError{Field: "score", Message: "must be a whole number from 0 to 4"})
	}
	if n := utf8.RuneCountInString(note); n > MaxRatingNote {
		fields = append(fields, mspeval.FieldError{Field: "note", Message: "must be at most 2000 characters"})
	} else if strings.TrimSpace(note) != "" {
		if p := mspeval.TextProblem(note); p != "" {
			fields = append(fields, mspeval.FieldError{Field: "note", Message: p})
		}
	}
	if len(fields) > 0 {
		return mspeval.Invalid("the rating is not valid", fields...)
	}
	return s.write(ctx, func(tx *gorm.DB) error {
		cand, err := getCandidate(tx, c, candidateID)
		if err != nil {
			return err
		}
		hash, err := s.checkRatable(tx, cand, questionKey)
		if err != nil {
			return err
		}
		now := s.clock()
		return tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "candidate_id"}, {Name: "question_key"}, {Name: "evaluator_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"score", "note", "answer_hash", "updated_at"}),
		}).Omit("evaluator_name", "answer_value").Create(&ratingRow{CandidateID: cand.ID, QuestionKey: questionKey, EvaluatorID: c.UserID,
			Score: score, Note: strings.TrimSpace(note), AnswerHash: hash, CreatedAt: now, UpdatedAt: now}).Error
	})
}

// checkRatable refuses a rating of a question the questionnaire lacks or the
// candidate has not answered: there is nothing to rate. It returns the hash of
// the answer being rated.
func (s *Store) checkRatable(tx *gorm.DB, cand candidateRow, questionKey string) (string, error) {
	q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
	if err != nil {
		return "", err
	}
	if _, ok := q.Question(questionKey); !ok {
		return "", mspeval.NotFound("question")
	}
	var answers []answerRow
	if err := tx.Where("candidate_id = ? AND question_key = ?", cand.ID, questionKey).Limit(1).Find(&answers).Error; err != nil {
		return "", err
	}
	if len(answers) == 0 {
		return "", mspeval.Errorf(mspeval.ECONFLICT, "the candidate has not answered %s; there is nothing to rate", questionKey)
	}
	return answerHash(answers[0].Value), nil
}

// DeleteRating withdraws the caller's rating of one answer.
func (s *Store) DeleteRating(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) error {
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

// Ratings are every rating of a candidate's answers, with what decides who may
// see them: the evaluation's blind-ratings setting. The store reads; the
// visibility rule is mspeval.RatingsHidden, applied by the app layer.
type Ratings struct {
	Evaluation mspeval.Evaluation
	Candidate  mspeval.Candidate
	// ByQuestion holds each rated question's ratings, ordered by evaluator.
	ByQuestion map[string][]mspeval.Rating
}

// CandidateRatings reads every rating of a candidate's answers. With a
// questionKey it checks that the questionnaire has that question.
func (s *Store) CandidateRatings(ctx context.Context, c mspeval.Caller, candidateID, questionKey string) (Ratings, error) {
	var out Ratings
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
		cand, err := getCandidate(tx, c, candidateID)
		if err != nil {
			return err
		}
		if questionKey != "" {
			q, err := s.questionnaire(cand.QuestionnaireKey, cand.QuestionnaireVersion)
			if err != nil {
				return err
			}
			if _, ok := q.Question(questionKey); !ok {
				return mspeval.NotFound("question")
			}
		}
		ev, err := getEvaluation(tx, c, cand.EvaluationID)
		if err != nil {
			return err
		}
		rows, err := loadRatings(tx, []string{cand.ID})
		if err != nil {
			return err
		}
		out = Ratings{Evaluation: ev.toDomain(), Candidate: cand.toDomain(), ByQuestion: map[string][]mspeval.Rating{}}
		for _, r := range rows {
			out.ByQuestion[r.QuestionKey] = append(out.ByQuestion[r.QuestionKey], r.toDomain())
		}
		return nil
	})
	return out, translate(err)
}

// loadRatings reads the ratings of candidates with each evaluator's name and
// the rated answer's current value, from which a rating knows it is stale.
func loadRatings(db *gorm.DB, candidateIDs []string) ([]ratingRow, error) {
	var rows []ratingRow
	err := db.Table("ratings").Select("ratings.*, users.name AS evaluator_name, answers.value AS answer_value").
		Joins("JOIN users ON users.id = ratings.evaluator_id").
		Joins("LEFT JOIN answers ON answers.candidate_id = ratings.candidate_id AND answers.question_key = ratings.question_key").
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
	// StaleRatings counts ratings left out because their answer changed.
	StaleRatings int
}

// ScoringData loads an evaluation with its candidates' answers and ratings, in
// one read transaction so that the comparison is of one moment.
func (s *Store) ScoringData(ctx context.Context, c mspeval.Caller, evaluationID string) (ScoringData, error) {
	var out ScoringData
	err := s.snapshot(ctx, func(tx *gorm.DB) error {
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
			if r.EvaluatorID == c.UserID {
				out.RatedByCaller[r.CandidateID+"/"+r.QuestionKey] = true
			}
			if r.toDomain().Stale {
				// It rated an answer that changed since: it waits for its
				// evaluator to confirm it, and scores nothing meanwhile.
				out.StaleRatings++
				continue
			}
			sc := &out.Input.Candidates[index[r.CandidateID]]
			sc.Ratings[r.QuestionKey] = append(sc.Ratings[r.QuestionKey],
				scoring.Rating{Evaluator: r.EvaluatorID, Name: r.EvaluatorName, Score: float64(r.Score), Note: r.Note})
		}
		return nil
	})
	if err != nil {
		return ScoringData{}, translate(err)
	}
	return out, nil
}
