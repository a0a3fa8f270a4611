package questions

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
	nc := a.nclasses
	// The trie, in the transition table itself: 0 is "no child yet" (the
	// root is nobody's child).
	a.delta = make([]int32, nc, nc*1024)
	own := [][]anchorOut{nil}
	for _, an := range anchors {
		s := int32(0)
		for i := 0; i < len(an.text); i++ {
			c := int(a.class[an.text[i]])
			nx := a.delta[int(s)*nc+c]
			if nx == 0 {
				nx = int32(len(own))
				a.delta[int(s)*nc+c] = nx
				a.delta = append(a.delta, make([]int32, nc)...)
				own = append(own, nil)
			}
			s = nx
		}
		own[s] = append(own[s], anchorOut{int32(an.pattern), int32(len(an.text))})
	}
	// Breadth-first: failure links turn missing children into transitions,
	// and each state takes on the outputs of its failure state.
	n := len(own)
	fail := make([]int32, n)
	outs := make([][]anchorOut, n)
	queue := make([]int32, 0, n)
	for c := 0; c < nc; c++ {
		if nx := a.delta[c]; nx != 0 {
			queue = append(queue, nx)
		}
	}
	for qi := 0; qi < len(queue); qi++ {
		s := queue[qi]
		outs[s] = append(own[s], outs[fail[s]]...)
		row := a.delta[int(s)*nc : int(s+1)*nc]
		frow := a.delta[int(fail[s])*nc : int(fail[s]+1)*nc]
		for c := 0; c < nc; c++ {
			if nx := row[c]; nx != 0 && nx > s {
				fail[nx] = frow[c]
				queue = append(queue, nx)
			} else {
				row[c] = frow[c]
			}
		}
	}
	a.outStart = make([]int32, n+1)
	for s := 0; s < n; s++ {
		a.out = append(a.out, outs[s]...)
		a.outStart[s+1] = int32(len(a.out))
	}
	return a
}
