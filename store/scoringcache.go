package store

import (
	"strconv"
	"strings"
	"sync"

	"mspeval/questions"
)

// The comparison reads every answer and rating of an evaluation, thousands of
// rows for a large one, and is asked again each time a weight slider moves.
// What it read is kept per evaluation with a fingerprint of the candidates'
// revisions (every change to a response raises response_revision, every change
// to its ratings ratings_revision, both in the transaction that makes the
// change); ScoringData reads the candidates inside its snapshot and uses the
// kept data only when the fingerprint is the same, so it is never stale.
// Evaluators' names, the evaluation and the candidates themselves are read
// every time.

// scoringRaw is what ScoringData keeps of an evaluation. It is shared between
// calls and read-only.
type scoringRaw struct {
	fingerprint string
	answers     []map[string]questions.Answer // by candidate index
	ratings     []scoringRating               // without names
	hashes      map[answerKey]string
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
