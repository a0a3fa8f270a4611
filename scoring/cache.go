package scoring

import (
	"encoding/binary"
	"runtime"
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
//
// It also keeps each candidate's list of signals (its answers' counted signals
// in question order), keyed by the evidence it is made of, so that scoring the
// same answers again with other weights copies nothing. Results share those
// lists and the Evidence: read them, never change them.
type SignalCache struct {
	mu     sync.Mutex
	max    int
	m      map[evidenceKey]*Evidence
	lists  map[string][]SignalMatch
	nextID uint64
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
	return &SignalCache{max: max, m: map[evidenceKey]*Evidence{}, lists: map[string][]SignalMatch{}}
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
	c.keep(k, &ev)
	c.mu.Unlock()
	return &ev
}

// keep stores evidence under k, starting over when the cache is full; c.mu
// must be held.
func (c *SignalCache) keep(k evidenceKey, ev *Evidence) {
	if len(c.m) >= c.max {
		c.m = map[evidenceKey]*Evidence{}
		c.lists = map[string][]SignalMatch{}
	}
	c.nextID++
	ev.id = c.nextID
	c.m[k] = ev
}

// signalsOf returns the counted signals of texts in order, from the cache
// when the same evidence was listed before.
func (c *SignalCache) signalsOf(texts []*Evidence) []SignalMatch {
	n := 0
	key := make([]byte, 0, 8*len(texts))
	for _, ev := range texts {
		var id uint64
		if ev != nil {
			n += len(ev.Counted)
			if id = ev.id; id == 0 {
				key = nil // evidence the cache does not hold
			}
		}
		if key != nil {
			key = binary.LittleEndian.AppendUint64(key, id)
		}
	}
	if c != nil && key != nil {
		c.mu.Lock()
		list, ok := c.lists[string(key)]
		c.mu.Unlock()
		if ok {
			return list
		}
	}
	list := make([]SignalMatch, 0, n)
	for _, ev := range texts {
		if ev != nil {
			list = append(list, ev.Counted...)
		}
	}
	if c != nil && key != nil {
		c.mu.Lock()
		if len(c.lists) < c.max {
			c.lists[string(key)] = list
		}
		c.mu.Unlock()
	}
	return list
}

// textJob is one answer text to read, and where its evidence goes.
type textJob struct {
	at             int
	question, text string
}

// assessAll fills out[j.at] with the evidence of each job's text: from the
// cache where it can, the rest read spread over the machine's cores (and
// kept). Each text is read on its own, so the result does not depend on the
// order. A nil cache reads everything.
func (c *SignalCache) assessAll(q *questions.Questionnaire, jobs []textJob, out []*Evidence) {
	var todo []textJob
	if c != nil {
		c.mu.Lock()
		for _, j := range jobs {
			if e, ok := c.m[evidenceKey{q.Key, q.Version, q.Checksum, j.question, j.text}]; ok {
				out[j.at] = e
			} else {
				todo = append(todo, j)
			}
		}
		c.mu.Unlock()
	} else {
		todo = jobs
	}
	if len(todo) == 0 {
		return
	}
	// One read per distinct text: candidates often share a text.
	first := make(map[[2]string]int, len(todo))
	var unique []textJob
	for _, j := range todo {
		if _, ok := first[[2]string{j.question, j.text}]; !ok {
			first[[2]string{j.question, j.text}] = len(unique)
			unique = append(unique, j)
		}
	}
	read := make([]*Evidence, len(unique))
	workers := min(runtime.GOMAXPROCS(0), len(unique)/64+1)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := w; i < len(unique); i += workers {
				ev := AssessText(q, unique[i].question, unique[i].text)
				read[i] = &ev
			}
		}(w)
	}
	wg.Wait()
	for _, j := range todo {
		out[j.at] = read[first[[2]string{j.question, j.text}]]
	}
	if c == nil {
		return
	}
	c.mu.Lock()
	for i, j := range unique {
		c.keep(evidenceKey{q.Key, q.Version, q.Checksum, j.question, j.text}, read[i])
	}
	c.mu.Unlock()
}
