package store

import (
	"context"
	"fmt"
	"strconv"
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
		err = tx.Clauses(clause.OnConflict{
			Columns:   []clause.Column{{Name: "candidate_id"}, {Name: "question_key"}, {Name: "evaluator_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"score", "note", "answer_hash", "updated_at"}),
		}).Omit("evaluator_name", "answer_value").Create(&ratingRow{CandidateID: cand.ID, QuestionKey: questionKey, EvaluatorID: c.UserID,
			Score: score, Note: strings.TrimSpace(note), AnswerHash: hash, CreatedAt: now, UpdatedAt: now}).Error
		if err != nil {
			return err
		}
		return bumpRatings(tx, cand.ID)
	})
}

// bumpRatings raises a candidate's ratings revision, in the transaction that
// changes its ratings.
func bumpRatings(tx *gorm.DB, candidateID string) error {
	return tx.Model(&candidateRow{}).Where("id = ?", candidateID).
		UpdateColumn("ratings_revision", gorm.Expr("ratings_revision + 1")).Error
}

// checkRatable refuses a rating of a question the questionnaire lacks, the
// candidate has not answered, or the candidate's answers hide: there is
// nothing to rate, and a rating of a hidden answer would be kept but count
// nowhere (questions.Questionnaire.Visibility). It returns the hash of the
// answer being rated.
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
	if err := checkAsked(tx, q, cand.ID, questionKey); err != nil {
		return "", err
	}
	return answerHash(answers[0].Value), nil
}

// checkAsked refuses a question the candidate's answers hide by its
// condition or its section's. Only a questionnaire with conditions reads the
// other answers.
func checkAsked(tx *gorm.DB, q *questions.Questionnaire, candidateID, questionKey string) error {
	if !q.HasConditions() {
		return nil
	}
	stored, err := loadAnswers(tx, candidateID)
	if err != nil {
		return err
	}
	given := make(map[string]questions.Answer, len(stored))
	for k, a := range stored {
		given[k] = a.Answer
	}
	if q.Visibility(given).Shows(questionKey) {
		return nil
	}
	return mspeval.Errorf(mspeval.ECONFLICT, "question %s is not asked of this candidate: it is %s; a hidden answer counts nowhere, so there is nothing to rate",
		questionKey, q.ShownWhen(questionKey))
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
		return bumpRatings(tx, cand.ID)
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
	err := s.snapshot(s.rowsContext(ctx), func(tx *gorm.DB) error {
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
		cands, err := scoringCandidates(tx, ev.ID, c.WorkspaceID)
		if err != nil {
			return err
		}
		out.Candidates = make(map[string]mspeval.Candidate, len(cands))
		if len(cands) == 0 {
			return nil
		}
		index := make(map[string]int, len(cands))
		for i, cand := range cands {
			index[cand.ID] = i
			out.Candidates[cand.ID] = cand.toDomain()
		}
		ld := scoringLoad{tx: tx, ctx: ctx, evaluationID: ev.ID, workspaceID: c.WorkspaceID, index: index}
		fp := fingerprint(cands)
		raw, ok := s.scoringCache.get(ev.ID, fp)
		if !ok {
			loaded, err := ld.load(len(cands), len(q.Questions()))
			if err != nil {
				return err
			}
			raw = loaded
			raw.fingerprint = fp
			s.scoringCache.put(ev.ID, raw)
		}
		built, err := raw.builtFor(ld, cands)
		if err != nil {
			return err
		}
		// A fresh slice: the app replaces a candidate's ratings (blind
		// rating), while the maps in it are shared with the cache and read-only.
		out.Input.Candidates = make([]scoring.Candidate, len(cands))
		for i, cand := range cands {
			out.Input.Candidates[i] = scoring.Candidate{ID: cand.ID, Name: cand.Name, Answers: raw.answers[i], Ratings: built.ratings[i]}
		}
		out.RatedByCaller = built.ratedBy[c.UserID]
		out.StaleRatings = built.stale
		return nil
	})
	if err != nil {
		return ScoringData{}, translate(err)
	}
	return out, nil
}

// rowsContext is the context for reading many rows. The SQLite driver watches
// a cancellable context with a goroutine of its own for every row it returns,
// which made reading an evaluation's ratings several times slower than the
// reading itself; so on SQLite such a read goes on to its end (milliseconds),
// and the caller checks ctx between statements instead.
func (s *Store) rowsContext(ctx context.Context) context.Context {
	if s.dialect == SQLite {
		return context.WithoutCancel(ctx)
	}
	return ctx
}

// scoringLoad reads the answers and ratings of an evaluation's candidates,
// which index numbers, for ScoringData.
//
// The answers and ratings come one text per candidate, aggregated by the
// database, rather than a row each: the SQLite driver spends microseconds on
// every row and column it hands over, several times what the database spends
// finding them, and an evaluation of 200 candidates has thousands of each.
// The aggregates hold IDs, question keys, numbers, hashes, JSON values and
// notes; none of these holds the separators (see the queries).
type scoringLoad struct {
	tx                        *gorm.DB
	ctx                       context.Context
	evaluationID, workspaceID string
	index                     map[string]int
}

// The aggregates' separators: ASCII's unit and record separators, control
// characters that JSON writes escaped, that IDs, keys and hashes do not have
// and that PutRating refuses in a note.
const (
	unitSep   = "\x1f"
	recordSep = "\x1e"
)

// The aggregating queries, with {unit} and {record} standing for the
// separators. string_agg is both PostgreSQL's and (since 3.44) SQLite's; the
// order within an aggregate is the one the ratings were always read in. A
// note is last in its record and cleared of the separators all the same.
// Tables are quoted as gorm quotes them, so that query logs read alike.
var (
	aggregatedAnswers = separated(`SELECT "answers".candidate_id AS candidate_id,
			string_agg("answers".question_key || '{unit}' || "answers".value, '{record}') AS records
		FROM "answers" JOIN "candidates" ON "candidates".id = "answers".candidate_id
		WHERE "candidates".evaluation_id = ? AND "candidates".workspace_id = ?
		GROUP BY "answers".candidate_id`)
	aggregatedRatings = separated(`SELECT "ratings".candidate_id AS candidate_id,
			string_agg("ratings".question_key || '{unit}' || "ratings".evaluator_id || '{unit}' ||
				CAST("ratings".score AS TEXT) || '{unit}' || "ratings".answer_hash || '{unit}' ||
				replace(replace("ratings".note, '{unit}', ' '), '{record}', ' '),
				'{record}' ORDER BY "ratings".question_key, "ratings".evaluator_id) AS records
		FROM "ratings" JOIN "candidates" ON "candidates".id = "ratings".candidate_id
		WHERE "candidates".evaluation_id = ? AND "candidates".workspace_id = ?
		GROUP BY "ratings".candidate_id`)
)

func separated(query string) string {
	return strings.NewReplacer("{unit}", unitSep, "{record}", recordSep).Replace(query)
}

// answerKey names one answer of a scored candidate: its index and question.
type answerKey struct {
	candidate   int
	questionKey string
}

// scoringRating is a rating as ScoringData reads it: only what scoring and the
// stale check need.
type scoringRating struct {
	candidate   int
	questionKey string
	answerHash  string
	rating      scoring.Rating
}

// aggregate runs one of the aggregating queries and calls fn with each
// candidate's index and records, split into their fields.
func (ld scoringLoad) aggregate(query string, fields int, fn func(candidate int, record []string) error) error {
	if err := ld.ctx.Err(); err != nil {
		return err
	}
	var rows []struct {
		CandidateID string
		Records     string
	}
	if err := ld.tx.Raw(query, ld.evaluationID, ld.workspaceID).Find(&rows).Error; err != nil {
		return err
	}
	for _, row := range rows {
		i, ok := ld.index[row.CandidateID]
		if !ok {
			continue
		}
		for rec := range strings.SplitSeq(row.Records, recordSep) {
			record := strings.SplitN(rec, unitSep, fields)
			if len(record) != fields {
				return fmt.Errorf("scoring data of candidate %s: a record of %d fields, want %d", row.CandidateID, len(record), fields)
			}
			if err := fn(i, record); err != nil {
				return err
			}
		}
	}
	return nil
}

// ratings reads the ratings, each candidate's ordered by question and
// evaluator, without their evaluators' names (see named).
func (ld scoringLoad) ratings() ([]scoringRating, error) {
	out := make([]scoringRating, 0, len(ld.index)*8)
	err := ld.aggregate(aggregatedRatings, 5, func(i int, f []string) error {
		score, err := strconv.Atoi(f[2])
		if err != nil {
			return fmt.Errorf("rating score %q: %w", f[2], err)
		}
		out = append(out, scoringRating{candidate: i, questionKey: f[0], answerHash: f[3],
			rating: scoring.Rating{Evaluator: f[1], Score: float64(score), Note: f[4]}})
		return nil
	})
	return out, err
}

// load reads what ScoringData keeps between calls: every candidate's answers
// (by index) and ratings, and the hashes of the rated answers.
func (ld scoringLoad) load(candidates, nq int) (*scoringRaw, error) {
	ratings, err := ld.ratings()
	if err != nil {
		return nil, err
	}
	cands := make([]scoring.Candidate, candidates)
	for i := range cands {
		cands[i].Answers = make(map[string]questions.Answer, nq)
	}
	hashes, err := ld.answers(cands, ratings)
	if err != nil {
		return nil, err
	}
	raw := &scoringRaw{answers: make([]map[string]questions.Answer, candidates), ratings: ratings, hashes: hashes}
	seen := map[string]bool{}
	for _, r := range ratings {
		if !seen[r.rating.Evaluator] {
			seen[r.rating.Evaluator] = true
			raw.evaluators = append(raw.evaluators, r.rating.Evaluator)
		}
	}
	for i := range cands {
		raw.answers[i] = cands[i].Answers
	}
	return raw, nil
}

// names fills in the names of the users named, and takes out those that are
// no user.
func (ld scoringLoad) names(names map[string]string) error {
	ids := make([]string, 0, len(names))
	for id := range names {
		ids = append(ids, id)
	}
	clear(names)
	var users []userRow
	if err := ld.tx.Select("id", "name").Where("id IN ?", ids).Find(&users).Error; err != nil {
		return err
	}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return nil
}

// answers reads the answers into cands (by index). For each answer that one
// of ratings rated with a hash, it returns the answer's current hash.
func (ld scoringLoad) answers(cands []scoring.Candidate, ratings []scoringRating) (map[answerKey]string, error) {
	hashes := make(map[answerKey]string, len(ratings))
	for _, r := range ratings {
		if r.answerHash != "" {
			hashes[answerKey{r.candidate, r.questionKey}] = ""
		}
	}
	out := make(map[answerKey]string, len(hashes))
	err := ld.aggregate(aggregatedAnswers, 2, func(i int, f []string) error {
		a, err := decodeAnswer([]byte(f[1]))
		if err != nil {
			return fmt.Errorf("answer %s: %w", f[0], err)
		}
		cands[i].Answers[f[0]] = a
		k := answerKey{i, f[0]}
		if _, ok := hashes[k]; ok {
			out[k] = answerHash(f[1])
		}
		return nil
	})
	return out, err
}
