package scoring

import (
	"sync"

	"mspeval/questions"
)

// SignalCache remembers the evidence read from answer texts (signals,
// specifics, vagueness, suggested rating). Reading texts is by far the
// costliest step of a comparison, and its result depends only on the
// questionnaire version, the question and the text, so a comparison that is
// recomputed for every move of a weight slider need not read them again. The
// cache is owned by its caller (one per server), safe for concurrent use, and
// bounded: when it holds max entries it starts over.
type SignalCache struct {
	mu  sync.Mutex
	max int
	m   map[evidenceKey]*Evidence
}

// evidenceKey names a text by questionnaire version (and checksum, so that
// an edited draft with the same version number is read again), question and
// the text itself: the map hashes it, and comparing on a hit is exact.
type evidenceKey struct {
	questionnaire string
	version       int
	checksum      string
	question      string
	text          string
}

// NewSignalCache returns a cache of at most max texts (10,000 when max <= 0).
func NewSignalCache(max int) *SignalCache {
	if max <= 0 {
		max = 10000
	}
	return &SignalCache{max: max, m: map[evidenceKey]*Evidence{}}
}

// Find returns FindSignals(q, questionKey, text), from the cache when it can.
func (c *SignalCache) Find(q *questions.Questionnaire, questionKey, text string) []SignalMatch {
	ev := c.Assess(q, questionKey, text)
	if len(ev.Counted) == 0 {
		return nil
	}
	return ev.Counted
}

// Assess returns AssessText(q, questionKey, text), from the cache when it
// can. The Evidence is shared: callers must not change it.
func (c *SignalCache) Assess(q *questions.Questionnaire, questionKey, text string) *Evidence {
	if c == nil {
		ev := AssessText(q, questionKey, text)
		return &ev
	}
	k := evidenceKey{q.Key, q.Version, q.Checksum, questionKey, text}
	c.mu.Lock()
	found, ok := c.m[k]
	c.mu.Unlock()
	if ok {
		return found
	}
	ev := AssessText(q, questionKey, text)
	c.mu.Lock()
	if len(c.m) >= c.max {
		c.m = map[evidenceKey]*Evidence{}
	}
	c.m[k] = &ev
	c.mu.Unlock()
	return &ev
}
