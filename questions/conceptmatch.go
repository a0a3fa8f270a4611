package questions

import (
	"slices"
	"sort"
	"strings"
	"sync"
)

// A conceptSet is a questionnaire's concept rules compiled for reading texts.
// Reading one text is three linear passes:
//
//  1. the text is cut into words (letters and digits, with apostrophes
//     between them; a hyphen separates words) and each word is walked
//     through an automaton over the terms' distinct words, which says which
//     exact words and stems it is;
//  2. at each word, the terms that start with it are checked word by word
//     (a term has at most MaxTermWords words, and its words must be
//     separated by nothing but spaces, hyphens or apostrophes), giving the
//     concept hits in text order;
//  3. each conjunction whose groups all occur in the text is looked for
//     among the hits, clause by clause, keeping for each group only the
//     latest hit (so a scan, never a search over combinations).
type conceptSet struct {
	auto     *automaton // over the terms' distinct words; nil when all are "#"
	words    []cword    // by word id
	numberID int32      // the word id of "#", or -1
	terms    []cterm
	// byFirst lists, by word id, the terms that start with it, in order of
	// their second word (second holds those keys: noSecond for a one-word
	// term, gapID for a gap), so that a word tries only the terms whose
	// second word follows it.
	byFirst [][]int32
	second  [][]int32
	names   []string // by concept id
	rules   [][]conj // by signal index
	// Where clauses and sentences end (from the evidence settings).
	boundaries, sentenceEnds, listSeps string
	clauseStarts, joiners              map[string]bool
	scratch                            sync.Pool
}

type cword struct{ stem bool }

type cterm struct {
	words    []int32 // gapID for a ".."
	concepts []int32
}

// gapID stands for a ".." in a term's words; noSecond is the second word of
// a one-word term.
const (
	gapID    = -1
	noSecond = -2
)

type conj struct {
	all, unless []int32
	within      int32
	ordered     bool
	sentence    bool
}

// compileConcepts compiles the rules' conjunctions; nil when no rule has one.
// The questionnaire has been checked.
func (q *Questionnaire) compileConcepts() *conceptSet {
	has := false
	for _, s := range q.Signals {
		has = has || len(s.Match) > 0
	}
	if !has || q.Evidence == nil {
		return nil
	}
	neg := &q.Evidence.Negation
	cs := &conceptSet{numberID: -1, rules: make([][]conj, len(q.Signals)), clauseStarts: map[string]bool{},
		joiners: map[string]bool{}, boundaries: neg.Boundaries, sentenceEnds: q.Evidence.SentenceEnds,
		listSeps: neg.ListSeparators}
	if cs.sentenceEnds == "" {
		cs.sentenceEnds = cs.boundaries
	}
	for _, w := range neg.ClauseStarts {
		cs.clauseStarts[w] = true
	}
	for _, w := range neg.ListJoiners {
		cs.joiners[w] = true
	}
	wordIDs, termIDs := map[string]int32{}, map[string]int32{}
	var anchors []anchor
	wordID := func(w termWord) int32 {
		if w.gap {
			return gapID
		}
		key := w.text
		switch {
		case w.number:
			key = "#"
		case w.stem:
			key += "*"
		}
		id, ok := wordIDs[key]
		if !ok {
			id = int32(len(cs.words))
			wordIDs[key] = id
			cs.words = append(cs.words, cword{stem: w.stem})
			cs.byFirst = append(cs.byFirst, nil)
			if w.number {
				cs.numberID = id
			} else {
				anchors = append(anchors, anchor{w.text, int(id)})
			}
		}
		return id
	}
	addGroup := func(name string, terms []string) int32 {
		c := int32(len(cs.names))
		cs.names = append(cs.names, name)
		for _, term := range terms {
			words, _ := parseTerm(term)
			var ids []int32
			var key strings.Builder
			for _, w := range words {
				id := wordID(w)
				ids = append(ids, id)
				key.WriteString(string(rune(id + 2)))
			}
			t, ok := termIDs[key.String()]
			if !ok {
				t = int32(len(cs.terms))
				termIDs[key.String()] = t
				cs.terms = append(cs.terms, cterm{words: ids})
				cs.byFirst[ids[0]] = append(cs.byFirst[ids[0]], t)
			}
			if !containsID(cs.terms[t].concepts, c) {
				cs.terms[t].concepts = append(cs.terms[t].concepts, c)
			}
		}
		return c
	}
	shared := map[string]int32{}
	for _, name := range sortedNames(q.Evidence.Concepts) {
		shared[name] = addGroup(name, q.Evidence.Concepts[name])
	}
	for si := range q.Signals {
		s := &q.Signals[si]
		if len(s.Match) == 0 {
			continue
		}
		ids := map[string]int32{}
		for name, id := range shared {
			ids[name] = id
		}
		for _, name := range sortedNames(s.Concepts) {
			ids[name] = addGroup(name, s.Concepts[name])
		}
		for _, c := range s.Match {
			cj := conj{within: int32(c.Within), ordered: c.Ordered, sentence: c.Scope == ScopeSentence}
			if cj.within == 0 {
				cj.within = DefaultWithin
			}
			for _, name := range c.All {
				cj.all = append(cj.all, ids[name])
			}
			for _, name := range c.Unless {
				cj.unless = append(cj.unless, ids[name])
			}
			cs.rules[si] = append(cs.rules[si], cj)
		}
	}
	cs.second = make([][]int32, len(cs.byFirst))
	for w, tids := range cs.byFirst {
		key := func(tid int32) int32 {
			if t := cs.terms[tid]; len(t.words) > 1 {
				return t.words[1]
			}
			return noSecond
		}
		sort.SliceStable(tids, func(i, j int) bool { return key(tids[i]) < key(tids[j]) })
		for _, tid := range tids {
			cs.second[w] = append(cs.second[w], key(tid))
		}
	}
	if len(anchors) > 0 {
		cs.auto = newAutomaton(anchors)
	}
	return cs
}

func containsID(ids []int32, id int32) bool {
	for _, v := range ids {
		if v == id {
			return true
		}
	}
	return false
}

// ConceptMatch is one match of a signal rule's conjunction in a normalised
// text: Start and End are byte offsets into it, from the first concept hit to
// the end of the last; Parts are the hits, in text order.
type ConceptMatch struct {
	Signal     int
	Start, End int
	Parts      []ConceptPart
}

// ConceptPart is one concept group's words in a match. Clause numbers the
// clause they lie in (from 0, in text order), so that a reader can tell
// which parts share a clause.
type ConceptPart struct {
	Concept    string
	Start, End int
	Clause     int
}

// FindConcepts appends to dst every match of the signal rules' conjunctions
// in norm, a text normalised by NormalizeText, rule by rule: at most one match
// per conjunction and clause (or sentence). phrases are FindPhrases' hits on
// the same text; their clause words ("but", "so that") end clauses. It reads
// the text in time linear in its length.
func (q *Questionnaire) FindConcepts(norm string, phrases []PhraseHit, dst []ConceptMatch) []ConceptMatch {
	m := q.compiledMatchers()
	if m == nil || m.concepts == nil {
		return dst
	}
	var starts []int
	for _, h := range phrases {
		if h.Kind == PhraseClauseWord {
			starts = append(starts, h.Start)
		}
	}
	sort.Ints(starts)
	return m.concepts.find(norm, starts, dst)
}

// token is one word of a text: [start, end) in bytes.
type token struct{ start, end int32 }

// chit is a concept's hit: words [start, end) by word index.
type chit struct {
	concept    int32
	start, end int32
}

// conceptScratch is find's working memory, kept between calls.
type conceptScratch struct {
	tokens  []token
	wh      []int32 // word ids of every word, words' lists one after the other
	whStart []int32 // by word: where its list starts in wh (plus the end)
	hits    []chit
	present []uint64 // by concept id
	// byConcept lists each concept's hits (indices into hits, in text
	// order): those of concept c are byConcept[conceptStart[c]:conceptStart[c+1]].
	byConcept    []int32
	conceptStart []int32
	relevant     []int32 // a conjunction's hits, in text order
	// parts is where the matches of one call take their parts from: one
	// allocation per text rather than one per match.
	parts    []ConceptPart
	clause   []int32 // by word: its clause's number
	sentence []int32 // by word: its sentence's number
}

func (cs *conceptSet) find(norm string, clauseWords []int, dst []ConceptMatch) []ConceptMatch {
	sc, _ := cs.scratch.Get().(*conceptScratch)
	if sc == nil {
		sc = &conceptScratch{}
	}
	defer cs.scratch.Put(sc)
	sc.tokens = tokenize(norm, sc.tokens[:0])
	cs.wordsOf(norm, sc)
	cs.hitsOf(norm, sc)
	cs.indexHits(sc)
	cs.segment(norm, clauseWords, sc)
	sc.parts = nil
	for si, conjs := range cs.rules {
		for i := range conjs {
			c := &conjs[i]
			if !sc.hasAll(c.all) {
				continue
			}
			if c.ordered {
				dst = cs.matchOrdered(si, c, norm, sc, dst)
			} else {
				dst = cs.matchUnordered(si, c, norm, sc, dst)
			}
		}
	}
	return dst
}

// tokenize cuts a normalised text into words: runs of letters and digits,
// with an apostrophe between two of them part of the word ("don't").
func tokenize(norm string, dst []token) []token {
	start := -1
	prevWord := false
	for i, r := range norm {
		w := IsWordRune(r)
		switch {
		case w && start < 0:
			start = i
		case !w && start >= 0 && !(r == '\'' && prevWord && i+1 < len(norm) && nextIsWord(norm, i+1)):
			dst = append(dst, token{int32(start), int32(i)})
			start = -1
		}
		prevWord = w
	}
	if start >= 0 {
		dst = append(dst, token{int32(start), int32(len(norm))})
	}
	return dst
}

func nextIsWord(s string, i int) bool {
	for _, r := range s[i:] {
		return IsWordRune(r)
	}
	return false
}

// wordsOf finds, for every word, the terms' words it is: each word is walked
// through the automaton from its first byte, and an output counts only when
// it started there (its length is what was walked). A possessive is also the
// word without its "'s" ("your team's" is "your team"), so that families need
// not list both.
func (cs *conceptSet) wordsOf(norm string, sc *conceptScratch) {
	sc.wh, sc.whStart = sc.wh[:0], sc.whStart[:0]
	a := cs.auto
	for _, t := range sc.tokens {
		sc.whStart = append(sc.whStart, int32(len(sc.wh)))
		if a != nil {
			bare := t.end // where the word ends without a possessive
			if t.end-t.start > 3 && norm[t.end-2:t.end] == "'s" && !contractions[norm[t.start:t.end-2]] {
				bare = t.end - 2
			}
			state, nc := int32(0), int32(a.nclasses)
			for j := t.start; j < t.end; j++ {
				state = a.delta[state*nc+int32(a.class[norm[j]])]
				walked := j - t.start + 1
				for _, o := range a.out[a.outStart[state]:a.outStart[state+1]] {
					if o.length != walked {
						continue
					}
					if cs.words[o.pattern].stem || j+1 == t.end || j+1 == bare && !containsID(sc.wh[sc.whStart[len(sc.whStart)-1]:], o.pattern) {
						sc.wh = append(sc.wh, o.pattern)
					}
				}
			}
		}
		if cs.numberID >= 0 && (allDigits(norm[t.start:t.end]) || numberWords[norm[t.start:t.end]]) {
			sc.wh = append(sc.wh, cs.numberID)
		}
	}
	sc.whStart = append(sc.whStart, int32(len(sc.wh)))
}

// contractions are words whose "'s" is "is" or "us", not a possessive: "that's"
// is not "that".
var contractions = map[string]bool{
	"it": true, "that": true, "what": true, "there": true, "here": true, "who": true, "let": true,
	"he": true, "she": true, "where": true, "how": true, "everything": true, "nothing": true,
	"something": true, "everyone": true, "this": true, "which": true, "when": true, "why": true,
}

// numberWords are the numbers people write out, which "#" matches too.
var numberWords = map[string]bool{
	"one": true, "two": true, "three": true, "four": true, "five": true, "six": true, "seven": true,
	"eight": true, "nine": true, "ten": true, "eleven": true, "twelve": true, "thirteen": true,
	"fourteen": true, "fifteen": true, "sixteen": true, "seventeen": true, "eighteen": true,
	"nineteen": true, "twenty": true, "thirty": true, "forty": true, "fifty": true, "sixty": true,
	"seventy": true, "eighty": true, "ninety": true, "hundred": true,
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// hitsOf finds the terms that start at each word and records their concepts'
// hits, in order of their first word; of two hits of one concept at the same
// word, only the longer is kept.
func (cs *conceptSet) hitsOf(norm string, sc *conceptScratch) {
	sc.hits = sc.hits[:0]
	need := (len(cs.names) + 63) / 64
	if cap(sc.present) < need {
		sc.present = make([]uint64, need)
	}
	sc.present = sc.present[:need]
	clear(sc.present)
	for ti := range sc.tokens {
		from := len(sc.hits)
		var next []int32 // the next word's ids, when a term may run on to it
		if ti+1 < len(sc.tokens) && joinable(norm[sc.tokens[ti].end:sc.tokens[ti+1].start]) {
			next = sc.wh[sc.whStart[ti+1]:sc.whStart[ti+2]]
		}
		for _, w := range sc.wh[sc.whStart[ti]:sc.whStart[ti+1]] {
			tids, keys := cs.byFirst[w], cs.second[w]
			try := func(key int32) {
				k := sort.Search(len(keys), func(i int) bool { return keys[i] >= key })
				for ; k < len(keys) && keys[k] == key; k++ {
					t := &cs.terms[tids[k]]
					end := ti + 1
					if len(t.words) > 1 {
						if end = cs.termEnd(norm, sc, ti+1, t.words[1:]); end < 0 {
							continue
						}
					}
					for _, c := range t.concepts {
						sc.hits = cs.addHit(sc.hits, from, chit{c, int32(ti), int32(end)})
						sc.present[c/64] |= 1 << (c % 64)
					}
				}
			}
			try(noSecond)
			try(gapID)
			for _, w2 := range next {
				try(w2)
			}
		}
	}
}

// indexHits lists each concept's hits (a counting sort by concept, which keeps
// text order within a concept), so that a conjunction reads only the hits of
// its own groups.
func (cs *conceptSet) indexHits(sc *conceptScratch) {
	n := len(cs.names)
	if cap(sc.conceptStart) < n+1 {
		sc.conceptStart = make([]int32, n+1)
	}
	sc.conceptStart = sc.conceptStart[:n+1]
	clear(sc.conceptStart)
	for _, h := range sc.hits {
		sc.conceptStart[h.concept+1]++
	}
	for c := 1; c <= n; c++ {
		sc.conceptStart[c] += sc.conceptStart[c-1]
	}
	if cap(sc.byConcept) < len(sc.hits) {
		sc.byConcept = make([]int32, len(sc.hits))
	}
	sc.byConcept = sc.byConcept[:len(sc.hits)]
	fill := sc.relevant[:0]
	fill = append(fill, sc.conceptStart[:n]...)
	for hi, h := range sc.hits {
		sc.byConcept[fill[h.concept]] = int32(hi)
		fill[h.concept]++
	}
	sc.relevant = fill[:0]
}

// hitsFor gathers the hits of the given concepts in text order into
// sc.relevant: a merge of their lists.
func (sc *conceptScratch) hitsFor(concepts []int32) []int32 {
	out := sc.relevant[:0]
	for _, c := range concepts {
		out = append(out, sc.byConcept[sc.conceptStart[c]:sc.conceptStart[c+1]]...)
	}
	if len(concepts) > 1 {
		slices.Sort(out)
	}
	sc.relevant = out
	return out
}

// termEnd returns where the rest of a term (words) ends when it starts at
// word ti, right after the word before it, or -1. A gap tries the fewest words
// first, so a match is as short as it can be; at most MaxGapWords per gap and
// two gaps per term bound the tries.
func (cs *conceptSet) termEnd(norm string, sc *conceptScratch, ti int, words []int32) int {
	if len(words) == 0 {
		return ti
	}
	if words[0] == gapID {
		for skip := 0; skip <= MaxGapWords && ti+skip < len(sc.tokens); skip++ {
			if skip > 0 && !joinable(norm[sc.tokens[ti+skip-1].end:sc.tokens[ti+skip].start]) {
				break
			}
			if end := cs.termEnd(norm, sc, ti+skip, words[1:]); end >= 0 {
				return end
			}
		}
		return -1
	}
	if ti >= len(sc.tokens) || !joinable(norm[sc.tokens[ti-1].end:sc.tokens[ti].start]) ||
		!containsID(sc.wh[sc.whStart[ti]:sc.whStart[ti+1]], words[0]) {
		return -1
	}
	return cs.termEnd(norm, sc, ti+1, words[1:])
}

// addHit appends h unless a hit of the same concept already starts at the
// same word (from is where this word's hits begin); the longer one stays.
func (cs *conceptSet) addHit(hits []chit, from int, h chit) []chit {
	for k := from; k < len(hits); k++ {
		if hits[k].concept == h.concept {
			hits[k].end = max(hits[k].end, h.end)
			return hits
		}
	}
	return append(hits, h)
}

// joinable reports whether two words of a term may be separated by gap:
// spaces, hyphens and apostrophes only ("co-managed", "months' notice").
func joinable(gap string) bool {
	if gap == "" {
		return false
	}
	for i := 0; i < len(gap); i++ {
		if c := gap[i]; c != ' ' && c != '-' && c != '\'' {
			return false
		}
	}
	return true
}

// segment numbers every word's sentence and clause. A sentence ends at one
// of the sentence ends (not a point or comma between digits: "99.9"); a
// clause also at any clause boundary character, at a clause word ("but", "so
// that") and at a list separator followed by a clause start, or by a joiner
// and a clause start (", and it").
func (cs *conceptSet) segment(norm string, clauseWords []int, sc *conceptScratch) {
	sc.clause, sc.sentence = sc.clause[:0], sc.sentence[:0]
	sent, clause := int32(0), int32(0)
	k := 0
	word := func(ti int) string { t := sc.tokens[ti]; return norm[t.start:t.end] }
	for ti, t := range sc.tokens {
		for k < len(clauseWords) && clauseWords[k] < int(t.start) {
			k++
		}
		if ti > 0 {
			prev := sc.tokens[ti-1]
			gap := norm[prev.end:t.start]
			inNumber := len(gap) == 1 && digitAt(norm, int(prev.end)-1) && digitAt(norm, int(t.start))
			plain := gap == " " || gap == "-" // most gaps: nothing ends there
			switch {
			case inNumber:
			case plain:
				if k < len(clauseWords) && clauseWords[k] == int(t.start) {
					clause++
				}
			case strings.ContainsAny(gap, cs.sentenceEnds):
				sent++
				clause++
			case strings.ContainsAny(gap, cs.boundaries):
				clause++
			case k < len(clauseWords) && clauseWords[k] == int(t.start):
				clause++
			case strings.ContainsAny(gap, cs.listSeps) && (cs.clauseStarts[word(ti)] ||
				cs.joiners[word(ti)] && ti+1 < len(sc.tokens) && cs.clauseStarts[word(ti+1)]):
				clause++
			}
		}
		sc.clause = append(sc.clause, clause)
		sc.sentence = append(sc.sentence, sent)
	}
}

func digitAt(s string, i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }

func (sc *conceptScratch) hasAll(ids []int32) bool {
	for _, c := range ids {
		if sc.present[c/64]&(1<<(c%64)) == 0 {
			return false
		}
	}
	return true
}

// segOf returns the clause (or sentence) of word ti.
func (sc *conceptScratch) segOf(c *conj, ti int32) int32 {
	if c.sentence {
		return sc.sentence[ti]
	}
	return sc.clause[ti]
}
