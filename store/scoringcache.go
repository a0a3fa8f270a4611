package store

import (
	"maps"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"gorm.io/gorm"

	"mspeval/questions"
	"mspeval/scoring"
)

// The comparison reads every answer and rating of an evaluation, thousands of
// rows for a large one, and is asked again each time a weight slider moves.
// What it read is kept per evaluation with a fingerprint of the candidates'
// revisions (every change to a response raises response_revision, every change
// to its ratings ratings_revision, both in the transaction that makes the
// change); ScoringData reads the candidates inside its snapshot and uses the
// kept data only when the fingerprint is the same, so it is never stale.
// Evaluators' names, the evaluation and the candidates themselves are read
// every time; the ratings as the engine reads them are built again only when
// a name changed.

// scoringRaw is what ScoringData keeps of an evaluation. It is shared between
// calls and read-only, but for built, which is replaced whole.
type scoringRaw struct {
	fingerprint string
	answers     []map[string]questions.Answer // by candidate index
	ratings     []scoringRating               // without names
	hashes      map[answerKey]string
	evaluators  []string // the distinct evaluators of ratings
	built       atomic.Pointer[scoringBuilt]
}

// scoringBuilt is a scoringRaw's ratings as the engine and the blind-rating
// rule read them, with the evaluators' names they were built with.
type scoringBuilt struct {
	names   map[string]string
	ratings []map[string][]scoring.Rating // by candidate index; nil when none
	// ratedBy holds, per evaluator, candidateID + "/" + questionKey for each
	// answer they rated.
	ratedBy map[string]map[string]bool
	// stale counts ratings left out because their answer changed since.
	stale int
}

// builtFor returns raw's ratings built with the evaluators' names as they are
// now in ld's snapshot (a name may change without a rating changing), building
// them again only when a name differs from the last build. cands are the
// candidates raw was read for, in its order.
func (raw *scoringRaw) builtFor(ld scoringLoad, cands []candidateRow) (*scoringBuilt, error) {
	names := make(map[string]string, len(raw.evaluators))
	if len(raw.evaluators) > 0 {
		for _, id := range raw.evaluators {
			names[id] = ""
		}
		if err := ld.names(names); err != nil {
			return nil, err
		}
	}
	if b := raw.built.Load(); b != nil && maps.Equal(b.names, names) {
		return b, nil
	}
	b := &scoringBuilt{names: names, ratings: make([]map[string][]scoring.Rating, len(cands)), ratedBy: map[string]map[string]bool{}}
	for _, r := range raw.ratings {
		name, ok := names[r.rating.Evaluator]
		if !ok {
			continue // no longer a user: left out, as a join would
		}
		rated := b.ratedBy[r.rating.Evaluator]
		if rated == nil {
			rated = map[string]bool{}
			b.ratedBy[r.rating.Evaluator] = rated
		}
		rated[cands[r.candidate].ID+"/"+r.questionKey] = true
		if h, ok := raw.hashes[answerKey{r.candidate, r.questionKey}]; ok && r.answerHash != "" && h != r.answerHash {
			// It rated an answer that changed since: it waits for its
			// evaluator to confirm it, and scores nothing meanwhile.
			b.stale++
			continue
		}
		if b.ratings[r.candidate] == nil {
			b.ratings[r.candidate] = map[string][]scoring.Rating{}
		}
		rating := r.rating
		rating.Name = name
		b.ratings[r.candidate][r.questionKey] = append(b.ratings[r.candidate][r.questionKey], rating)
	}
	raw.built.Store(b)
	return b, nil
}

// scoringCandidates reads an evaluation's candidates, ordered by ID, with a
// plain scan: gorm's reflection cost more than the reading for a large
// evaluation, and the comparison reads them on every call.
func scoringCandidates(tx *gorm.DB, evaluationID, workspaceID string) ([]candidateRow, error) {
	rows, err := tx.Raw(`SELECT id, workspace_id, evaluation_id, name, contact_name, contact_email, website, notes,
			created_at, updated_at, questionnaire_key, questionnaire_version, response_status, response_revision,
			started_at, answered_at, submitted_at, submitted_by, reopened_at, ratings_revision
		FROM "candidates" WHERE evaluation_id = ? AND workspace_id = ? ORDER BY id`, evaluationID, workspaceID).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []candidateRow
	for rows.Next() {
		var c candidateRow
		if err := rows.Scan(&c.ID, &c.WorkspaceID, &c.EvaluationID, &c.Name, &c.ContactName, &c.ContactEmail, &c.Website, &c.Notes,
			&c.CreatedAt, &c.UpdatedAt, &c.QuestionnaireKey, &c.QuestionnaireVersion, &c.ResponseStatus, &c.ResponseRevision,
			&c.StartedAt, &c.AnsweredAt, &c.SubmittedAt, &c.SubmittedBy, &c.ReopenedAt, &c.RatingsRevision); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// fingerprint identifies the state of an evaluation's responses and ratings:
// its candidates, in order, with their revisions.
func fingerprint(cands []candidateRow) string {
	var b strings.Builder
	b.Grow(len(cands) * 40)
	for _, c := range cands {
		b.WriteString(c.ID)
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(c.ResponseRevision))
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(c.RatingsRevision))
		b.WriteByte(';')
	}
	return b.String()
}

// maxScoringCache bounds how many evaluations are kept.
const maxScoringCache = 32

type scoringCache struct {
	mu sync.Mutex
	m  map[string]*scoringRaw
}

func (c *scoringCache) get(evaluationID, fp string) (*scoringRaw, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	raw, ok := c.m[evaluationID]
	if !ok || raw.fingerprint != fp {
		return nil, false
	}
	return raw, true
}

func (c *scoringCache) put(evaluationID string, raw *scoringRaw) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]*scoringRaw{}
	}
	if _, ok := c.m[evaluationID]; !ok && len(c.m) >= maxScoringCache {
		for k := range c.m { // any one: the cache only saves work
			delete(c.m, k)
			break
		}
	}
	c.m[evaluationID] = raw
}
