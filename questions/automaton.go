package questions

import "sort"

// automaton finds every occurrence of a set of literal strings in one pass over
// a text (Aho-Corasick). Phrase matching uses it to find where a pattern can
// start, so that each text is read once however many rules there are, and a
// regular expression runs only at those few places.
//
// Transitions are a full table over byte classes (the bytes that occur in some
// string, plus one class for every other byte), so a step is one lookup.
type automaton struct {
	class    [256]uint8
	nclasses int
	delta    []int32 // state*nclasses + class -> next state
	// outputs of state s are out[outStart[s]:outStart[s+1]]
	outStart []int32
	out      []anchorOut
}

// anchorOut is a string ending at the current position: the pattern it
// anchors and its length in bytes.
type anchorOut struct {
	pattern int32
	length  int32
}

type anchor struct {
	text    string
	pattern int
}

func newAutomaton(anchors []anchor) *automaton {
	a := &automaton{}
	// Byte classes.
	used := [256]bool{}
	for _, an := range anchors {
		for i := 0; i < len(an.text); i++ {
			used[an.text[i]] = true
		}
	}
	a.nclasses = 1
	for b := 0; b < 256; b++ {
		if used[b] {
			a.class[b] = uint8(a.nclasses)
			a.nclasses++
		}
	}
	// A trie with sparse children first.
	type node struct {
		next map[uint8]int32
		outs []anchorOut
	}
	nodes := []node{{next: map[uint8]int32{}}}
	for _, an := range anchors {
		s := int32(0)
		for i := 0; i < len(an.text); i++ {
			c := a.class[an.text[i]]
			nx, ok := nodes[s].next[c]
			if !ok {
				nx = int32(len(nodes))
				nodes = append(nodes, node{next: map[uint8]int32{}})
				nodes[s].next[c] = nx
			}
			s = nx
		}
		nodes[s].outs = append(nodes[s].outs, anchorOut{int32(an.pattern), int32(len(an.text))})
	}
	// Breadth-first: failure links, full transitions, merged outputs.
	n := len(nodes)
	nc := a.nclasses
	a.delta = make([]int32, n*nc)
	fail := make([]int32, n)
	outs := make([][]anchorOut, n)
	outs[0] = nodes[0].outs
	queue := make([]int32, 0, n)
	for c := 0; c < nc; c++ {
		if nx, ok := nodes[0].next[uint8(c)]; ok {
			a.delta[c] = nx
			fail[nx] = 0
			queue = append(queue, nx)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		outs[s] = append(append([]anchorOut(nil), nodes[s].outs...), outs[fail[s]]...)
		for c := 0; c < nc; c++ {
			if nx, ok := nodes[s].next[uint8(c)]; ok {
				a.delta[int(s)*nc+c] = nx
				fail[nx] = a.delta[int(fail[s])*nc+c]
				queue = append(queue, nx)
			} else {
				a.delta[int(s)*nc+c] = a.delta[int(fail[s])*nc+c]
			}
		}
	}
	a.outStart = make([]int32, n+1)
	for s := 0; s < n; s++ {
		o := outs[s]
		sort.Slice(o, func(i, j int) bool { return o[i].pattern < o[j].pattern })
		a.out = append(a.out, o...)
		a.outStart[s+1] = int32(len(a.out))
	}
	return a
}

// scan calls found for every occurrence of every string, with the pattern the
// string anchors and the occurrence's start, in order of the occurrence's end.
func (a *automaton) scan(text string, found func(pattern, start int)) {
	s := int32(0)
	nc := int32(a.nclasses)
	for i := 0; i < len(text); i++ {
		s = a.delta[s*nc+int32(a.class[text[i]])]
		for _, o := range a.out[a.outStart[s]:a.outStart[s+1]] {
			found(int(o.pattern), i+1-int(o.length))
		}
	}
}
