package questions

import "slices"

// Looking for a conjunction among a text's concept hits. Both searches scan
// the hits once, in text order, and keep a fixed amount of state per group,
// so a text of any length costs time in proportion to its hits.

// groupOf returns the position of concept c in the conjunction, or -1.
func (c *conj) groupOf(concept int32) int {
	for g, id := range c.all {
		if id == concept {
			return g
		}
	}
	return -1
}

// matchUnordered finds, per clause, the first place where every group has a
// hit: at each hit it takes the latest hit of every group so far, which gives
// the tightest span ending there, and checks the span and that no two of them
// share a word.
func (cs *conceptSet) matchUnordered(si int, c *conj, norm string, sc *conceptScratch, dst []ConceptMatch) []ConceptMatch {
	var last [MaxConjunctionGroups]int32 // hit index + 1; 0: none yet
	k := len(c.all)
	seg, done := int32(-1), int32(-1)
	for _, hi := range sc.hitsFor(c.all) {
		h := sc.hits[hi]
		g := c.groupOf(h.concept)
		s := sc.segOf(c, h.start)
		if s != seg {
			seg, last = s, [MaxConjunctionGroups]int32{}
		}
		if s == done {
			continue
		}
		last[g] = int32(hi + 1)
		parts, ok := last[:k], true
		first, end := h.start, h.end
		for _, p := range parts {
			if p == 0 {
				ok = false
				break
			}
			first, end = min(first, sc.hits[p-1].start), max(end, sc.hits[p-1].end)
		}
		if !ok || end-first > c.within || overlapping(sc.hits, parts) || cs.unlessIn(c, sc, seg, first, end) {
			continue
		}
		done = s
		dst = append(dst, cs.match(si, norm, sc, parts))
	}
	return dst
}

// chain is a run of hits of the first groups of an ordered conjunction, each
// after the one before: parts are hit indices + 1, first is where it starts.
type chain struct {
	first int32
	parts [MaxConjunctionGroups]int32
}

// pendingChain is a chain that can be continued once the scan passes end.
type pendingChain struct {
	end   int32
	level int
	ch    chain
}

// matchOrdered finds, per clause, the first chain of hits of the groups in
// their order. For each group it keeps the chain ending in that group that
// starts latest (the best to continue: any later hit finds it as tight as any
// other), made available once the scan has passed its last word.
func (cs *conceptSet) matchOrdered(si int, c *conj, norm string, sc *conceptScratch, dst []ConceptMatch) []ConceptMatch {
	var avail [MaxConjunctionGroups]chain
	var have [MaxConjunctionGroups]bool
	var pending []pendingChain // a few: hits end at most MaxTermWords words after they start
	var buf [16]pendingChain
	pending = buf[:0]
	k := len(c.all)
	seg, done := int32(-1), int32(-1)
	for _, hi := range sc.hitsFor(c.all) {
		h := sc.hits[hi]
		g := c.groupOf(h.concept)
		s := sc.segOf(c, h.start)
		if s != seg {
			seg, have, pending = s, [MaxConjunctionGroups]bool{}, pending[:0]
		}
		if s == done {
			continue
		}
		// Chains that ended before this hit can be continued by it.
		kept := pending[:0]
		for _, p := range pending {
			if p.end <= h.start {
				if !have[p.level] || p.ch.first > avail[p.level].first {
					avail[p.level], have[p.level] = p.ch, true
				}
			} else {
				kept = append(kept, p)
			}
		}
		pending = kept
		var ch chain
		switch {
		case g == 0:
			ch = chain{first: h.start}
		case have[g-1]:
			ch = avail[g-1]
		default:
			continue
		}
		ch.parts[g] = int32(hi + 1)
		if g < k-1 {
			pending = append(pending, pendingChain{h.end, g, ch})
			continue
		}
		if h.end-ch.first > c.within || cs.unlessIn(c, sc, seg, ch.first, h.end) {
			continue
		}
		done = s
		dst = append(dst, cs.match(si, norm, sc, ch.parts[:k]))
	}
	return dst
}

// overlapping reports whether two of the hits share a word.
func overlapping(hits []chit, parts []int32) bool {
	for i, a := range parts {
		for _, b := range parts[i+1:] {
			x, y := hits[a-1], hits[b-1]
			if x.start < y.end && y.start < x.end {
				return true
			}
		}
	}
	return false
}

// unlessIn reports whether a hit of one of the conjunction's unless groups
// lies in clause (or sentence) seg, at most Within words (DefaultWithin for a
// shorter conjunction) before the match's first word or after its last
// (first and end are word indices): a word that
// changes the meaning of the match stands near it ("we decide with your IT
// lead"), and one further on belongs to another part of the clause.
func (cs *conceptSet) unlessIn(c *conj, sc *conceptScratch, seg, first, end int32) bool {
	if len(c.unless) == 0 {
		return false
	}
	near := max(c.within, DefaultWithin)
	for _, u := range c.unless {
		for _, hi := range sc.byConcept[sc.conceptStart[u]:sc.conceptStart[u+1]] {
			h := sc.hits[hi]
			if h.start >= end+near {
				break
			}
			if h.end > first-near && sc.segOf(c, h.start) == seg {
				return true
			}
		}
	}
	return false
}

// match builds the ConceptMatch of signal si from its hits (indices + 1).
func (cs *conceptSet) match(si int, norm string, sc *conceptScratch, parts []int32) ConceptMatch {
	if cap(sc.parts)-len(sc.parts) < len(parts) {
		// The slices handed out so far keep the old array; a new one is
		// only for the matches to come.
		sc.parts = make([]ConceptPart, 0, max(32, 2*len(parts)))
	}
	from := len(sc.parts)
	m := ConceptMatch{Signal: si, Start: len(norm)}
	for _, p := range parts {
		h := sc.hits[p-1]
		s, e := int(sc.tokens[h.start].start), int(sc.tokens[h.end-1].end)
		sc.parts = append(sc.parts, ConceptPart{Concept: cs.names[h.concept], Start: s, End: e, Clause: int(sc.clause[h.start])})
		m.Start, m.End = min(m.Start, s), max(m.End, e)
	}
	m.Parts = sc.parts[from:len(sc.parts):len(sc.parts)]
	slices.SortFunc(m.Parts, func(a, b ConceptPart) int { return a.Start - b.Start })
	return m
}
