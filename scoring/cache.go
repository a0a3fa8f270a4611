package scoring

import (
	"crypto/sha256"
	"sync"

	"mspeval/questions"
)

// SignalCache remembers the signals found in answer texts. Matching phrase rules
// is by far the costliest step of a comparison, and its result depends only on
// the questionnaire version, the question and the text, so a comparison that is
// recomputed for every move of a weight slider need not match again. The cache
// is owned by its caller (one per server), safe for concurrent use, and bounded:
// when it holds max entries it starts over.
type SignalCache struct {
	mu  sync.Mutex
	max int
	m   map[signalKey][]SignalMatch
}

type signalKey struct {
	questionnaire string
	version       int
	question      string
	text          [sha256.Size]byte
}

// NewSignalCache returns a cache of at most max texts (10,000 when max <= 0).
func NewSignalCache(max int) *SignalCache {
	if max <= 0 {
		max = 10000
	}
	return &SignalCache{max: max, m: map[signalKey][]SignalMatch{}}
}

// Find returns FindSignals(q, questionKey, text), from the cache when it can.
func (c *SignalCache) Find(q *questions.Questionnaire, questionKey, text string) []SignalMatch {
	if c == nil {
		return FindSignals(q, questionKey, text)
	}
	k := signalKey{q.Key, q.Version, questionKey, sha256.Sum256([]byte(text))}
	c.mu.Lock()
	found, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return found
	}
	found = FindSignals(q, questionKey, text)
	c.mu.Lock()
	if len(c.m) >= c.max {
		c.m = map[signalKey][]SignalMatch{}
	}
	c.m[k] = found
	c.mu.Unlock()
	return found
}
