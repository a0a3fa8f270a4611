package frontend

import (
	"regexp"
	"sort"
	"strconv"
	"strings"

	"mspeval/questions"
)

// questionAt and signalAt find the question or the signal rule a field path
// is in.
var (
	questionAt = regexp.MustCompile(`^sections\[(\d+)\]\.questions\[(\d+)\]`)
	signalAt   = regexp.MustCompile(`^signals\[(\d+)\]`)
)

// unfold opens the question or the signal rule a field path is in, so that a
// problem or the focus is never inside a closed entry.
func (e *draftEditor) unfold(path string) {
	if m := questionAt.FindStringSubmatch(path); m != nil {
		si, _ := strconv.Atoi(m[1])
		qi, _ := strconv.Atoi(m[2])
		if si < len(e.Sections) && qi < len(e.Sections[si].Questions) {
			q := &e.Sections[si].Questions[qi]
			q.Open, q.OpenF.Value = true, "1"
		}
	}
	if m := signalAt.FindStringSubmatch(path); m != nil {
		if i, _ := strconv.Atoi(m[1]); i < len(e.Signals) {
			e.Signals[i].Open = true
		}
	}
}

// place puts each problem beside the field at its path: the nearest field at
// or above it that the form has, after the aliases. Every problem is also
// listed above the form, linked to where it is shown; a problem about what
// the form has no field for is listed there alone.
func (e *draftEditor) place(b *editorBuilder, problems []questions.FieldProblem, aliases map[string]string) {
	prefixes := make([]string, 0, len(aliases))
	for p := range aliases {
		prefixes = append(prefixes, p)
	}
	sort.Slice(prefixes, func(i, j int) bool { return len(prefixes[i]) > len(prefixes[j]) })
	for _, p := range problems {
		path := p.Field
		for _, pre := range prefixes {
			if within(path, pre) {
				path = aliases[pre] + path[len(pre):]
				break
			}
		}
		line := problemLine{Message: p.Message}
		for ; path != ""; path = parent(path) {
			if fl, ok := b.fields[path]; ok {
				fl.Errors = append(fl.Errors, beside(p.Message, p.Field, path))
				line.Href = "#" + fl.ID
				e.unfold(path)
				break
			}
		}
		e.Problems = append(e.Problems, line)
	}
}

// subjectPrefix is how a problem's message names what it is about
// (question "exit_plan": ...).
var subjectPrefix = regexp.MustCompile(`^(?:questionnaire|dimension|section|question|signal) "[^"]*": `)

// beside shortens a problem's message for its place beside a field, where
// the entry it is about is plain to see: without the entry's name, and, on
// the field itself, without the field's path. The list above the form keeps
// the whole message.
func beside(message, field, shownAt string) string {
	short := subjectPrefix.ReplaceAllString(message, "")
	if field != shownAt {
		return short
	}
	for rel := field; rel != ""; {
		if rest, ok := strings.CutPrefix(short, rel+": "); ok {
			return rest
		}
		i := strings.IndexAny(rel, ".")
		if i < 0 {
			break
		}
		rel = rel[i+1:]
	}
	return short
}

// parent is the path one step up: "a.b[2]" for "a.b[2].c", "a.b" for "a.b[2]".
func parent(path string) string {
	if strings.HasSuffix(path, "]") {
		if i := strings.LastIndexByte(path, '['); i >= 0 {
			return path[:i]
		}
	}
	if i := strings.LastIndexAny(path, ".["); i >= 0 {
		return path[:i]
	}
	return ""
}

// within reports whether a field path is at or under parent.
func within(path, parent string) bool {
	if path == parent {
		return true
	}
	if !strings.HasPrefix(path, parent) {
		return false
	}
	next := path[len(parent)]
	return next == '.' || next == '['
}
