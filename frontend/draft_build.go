package frontend

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"mspeval/questions"
)

// tree is a document as generic JSON values: the stored questionnaire's, with
// the form's fields written over it.
type tree = map[string]any

// buildDocument writes the form over the stored questionnaire and returns the
// whole document as JSON, for the app's replace (which checks it as it checks
// any file). Text typed where a number belongs goes into the document as
// text, so that the loader names it at its field ("high" is not a whole
// number) beside every other problem.
//
// It also returns where the form shows the document fields that it does not
// show under their own path: a question's dimensions list is the form's
// weight per dimension.
func buildDocument(stored *questions.Questionnaire, f draftForm) ([]byte, map[string]string, error) {
	root, err := toTree(stored)
	if err != nil {
		return nil, nil, err
	}
	aliases := map[string]string{}
	old := indexStored(root)

	root["title"], root["description"] = f.Title, f.Description
	var dims []any
	for _, d := range f.Dimensions {
		m := clone(old.dimensions[d.Origin])
		m["key"], m["name"], m["description"] = d.Origin, d.Name, d.Description
		set(m, "default_weight", decimal(d.Weight))
		m["higher_is_worse"] = d.HigherIsWorse
		dims = append(dims, m)
	}
	root["dimensions"] = orEmpty(dims)

	var sections []any
	for si, s := range f.Sections {
		at := fmt.Sprintf("sections[%d]", si)
		m := clone(old.sections[s.Origin])
		m["key"], m["title"], m["intro"] = s.Key, s.Title, s.Intro
		setCondition(m, s.ShowIf)
		var qs []any
		for qi, q := range s.Questions {
			qs = append(qs, buildQuestion(old, q, f.Dimensions, fmt.Sprintf("%s.questions[%d]", at, qi), aliases))
		}
		m["questions"] = orEmpty(qs)
		sections = append(sections, m)
	}
	root["sections"] = orEmpty(sections)

	var signals []any
	for _, s := range f.Signals {
		m := clone(old.signals[s.Origin])
		m["key"], m["label"], m["kind"], m["dimension"], m["description"] = s.Key, s.Label, s.Kind, s.Dimension, s.Description
		m["patterns"] = orEmpty(lines(s.Patterns))
		set(m, "questions", nonEmpty(words(s.Questions)))
		if s.CountsAs == "" {
			delete(m, "negated")
		} else {
			m["negated"] = tree{"counts_as": s.CountsAs}
		}
		signals = append(signals, m)
	}
	root["signals"] = orEmpty(signals)

	for _, t := range f.Tiers {
		m, ok := lookup(root, t.At)
		if !ok {
			continue
		}
		m["key"], m["label"], m["text"] = t.Key, t.Label, t.Text
		set(m, t.MinField, decimal(t.Min))
	}
	delete(root, "checksum")
	data, err := json.Marshal(root)
	return data, aliases, err
}

func buildQuestion(old storedIndex, q questionForm, dims []dimensionForm, at string, aliases map[string]string) tree {
	m := clone(old.questions[q.Origin])
	oldOptions := map[string]tree{}
	if list, ok := m["options"].([]any); ok {
		for _, o := range list {
			if om, ok := o.(tree); ok {
				key, _ := om["key"].(string)
				oldOptions[key] = om
			}
		}
	}
	m["key"], m["prompt"], m["help"], m["type"], m["required"] = q.Key, q.Prompt, q.Help, q.Type, q.Required
	setCondition(m, q.ShowIf)
	// Only a file question takes file settings.
	delete(m, "file")
	switch {
	case q.Type == string(questions.TypeText):
		delete(m, "options")
		delete(m, "scale")
		delete(m, "text")
	case q.Type == string(questions.TypeFile):
		delete(m, "options")
		delete(m, "scale")
		delete(m, "text")
		file := tree{}
		set(file, "max_bytes", megabytes(q.FileMaxMB))
		var accept []any
		for _, k := range questions.FileKinds() {
			if q.FileAccept[string(k)] {
				accept = append(accept, string(k))
			}
		}
		set(file, "accept", nonEmpty(accept))
		if len(file) > 0 {
			m["file"] = file
		}
	case q.Type == string(questions.TypeScale):
		delete(m, "options")
		delete(m, "text")
		s := clone(asTree(m["scale"]))
		set(s, "min", whole(q.ScaleMin))
		set(s, "max", whole(q.ScaleMax))
		s["min_label"], s["max_label"] = q.ScaleMinLabel, q.ScaleMaxLabel
		m["scale"] = s
	case takesOptions(q.Type):
		delete(m, "scale")
		var opts []any
		for _, o := range q.Options {
			om := clone(oldOptions[o.Origin])
			om["key"], om["label"] = o.Key, o.Label
			set(om, "score", whole(o.Score))
			opts = append(opts, om)
		}
		m["options"] = orEmpty(opts)
	}

	// The dimensions it fed keep their places; newly fed ones follow in the
	// questionnaire's order.
	var fed []any
	done := map[string]bool{}
	place := func(dim string) {
		aliases[fmt.Sprintf("%s.dimensions[%d]", at, len(fed))] = at + ".weights." + dim
		fed = append(fed, tree{"dimension": dim, "weight": decimal(q.Weights[dim])})
		done[dim] = true
	}
	if list, ok := m["dimensions"].([]any); ok {
		for _, w := range list {
			dim, _ := asTree(w)["dimension"].(string)
			if strings.TrimSpace(q.Weights[dim]) != "" && !done[dim] {
				place(dim)
			}
		}
	}
	for _, d := range dims {
		if strings.TrimSpace(q.Weights[d.Origin]) != "" && !done[d.Origin] {
			place(d.Origin)
		}
	}
	m["dimensions"] = orEmpty(fed)
	aliases[at+".dimensions"] = at + ".weights"

	g := clone(asTree(m["guidance"]))
	g["listen_for"] = q.ListenFor
	g["red_flags"] = orEmpty(lines(q.RedFlags))
	anchors := clone(asTree(g["anchors"]))
	for i, a := range q.Anchors {
		if strings.TrimSpace(a) == "" {
			delete(anchors, strconv.Itoa(i))
		} else {
			anchors[strconv.Itoa(i)] = a
		}
	}
	g["anchors"] = anchors
	m["guidance"] = g

	if strings.TrimSpace(q.KnockoutMin) == "" && strings.TrimSpace(q.KnockoutWhy) == "" {
		delete(m, "knockout")
	} else {
		k := tree{"reason": q.KnockoutWhy}
		set(k, "min_score", whole(q.KnockoutMin))
		m["knockout"] = k
	}
	return m
}

// setCondition writes a show_if, or removes it when both its fields are empty.
func setCondition(m tree, c conditionForm) {
	if strings.TrimSpace(c.Question) == "" && strings.TrimSpace(c.Equals) == "" {
		delete(m, "show_if")
		return
	}
	m["show_if"] = tree{"question": strings.TrimSpace(c.Question), "equals": orEmpty(words(c.Equals))}
}

// megabytes is a size typed in MB as the whole bytes the document holds; text
// that is not a number goes in as typed, for the loader to name.
func megabytes(s string) any {
	v := decimal(s)
	n, ok := v.(json.Number)
	if !ok {
		return v
	}
	f, _ := n.Float64()
	if b := math.Round(f * (1 << 20)); math.Abs(b) < 1<<53 {
		return json.Number(strconv.FormatInt(int64(b), 10))
	}
	return s // far past any limit: the loader says so

}

// storedIndex finds the stored entries the form's entries edit, by key.
type storedIndex struct {
	dimensions, sections, questions, signals map[string]tree
}

func indexStored(root tree) storedIndex {
	ix := storedIndex{dimensions: byKey(root["dimensions"]), sections: byKey(root["sections"]),
		questions: map[string]tree{}, signals: byKey(root["signals"])}
	for _, s := range ix.sections {
		for k, q := range byKey(s["questions"]) {
			ix.questions[k] = q
		}
	}
	return ix
}

func byKey(v any) map[string]tree {
	out := map[string]tree{}
	list, _ := v.([]any)
	for _, e := range list {
		if m, ok := e.(tree); ok {
			if k, ok := m["key"].(string); ok {
				out[k] = m
			}
		}
	}
	return out
}

// toTree turns a questionnaire into generic values through its JSON form,
// whose field names are the file's.
func toTree(q *questions.Questionnaire) (tree, error) {
	data, err := json.Marshal(q)
	if err != nil {
		return nil, err
	}
	var root tree
	return root, json.Unmarshal(data, &root)
}

// lookup finds the mapping at a path of fields and list places
// ("results.dimensions[1].tiers[0]").
func lookup(root tree, path string) (tree, bool) {
	var cur any = root
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		m, ok := cur.(tree)
		if !ok {
			return nil, false
		}
		cur = m[name]
		for rest != "" {
			idx, after, _ := strings.Cut(rest, "]")
			i, err := strconv.Atoi(idx)
			list, ok := cur.([]any)
			if err != nil || !ok || i < 0 || i >= len(list) {
				return nil, false
			}
			cur = list[i]
			rest = strings.TrimPrefix(after, "[")
		}
	}
	m, ok := cur.(tree)
	return m, ok
}

// clone copies a mapping one level deep (nil gives an empty one): the
// entries the form writes are replaced, never changed in place.
func clone(m tree) tree {
	out := make(tree, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

func asTree(v any) tree {
	m, _ := v.(tree)
	return m
}

// set writes a value, or removes the field when there is none.
func set(m tree, key string, v any) {
	if v == nil {
		delete(m, key)
		return
	}
	m[key] = v
}

// whole is typed text for a whole-number field: the number, the text as it
// was typed when it is not one (the loader names the problem), nothing when
// the field was left empty.
func whole(s string) any {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if n, err := strconv.Atoi(s); err == nil {
		return json.Number(strconv.Itoa(n))
	}
	return s
}

// decimal is whole for a field that takes any number.
func decimal(s string) any {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) && !strings.ContainsAny(s, "xXpP_") {
		return json.Number(number(f))
	}
	return s
}

// lines splits a box of one entry a line, leaving out empty lines and the
// spaces around each entry (which nobody sees in a text box).
func lines(s string) []any {
	var out []any
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// words splits keys separated by commas or spaces.
func words(s string) []any {
	var out []any
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\n' || r == '\t' || r == '\r' }) {
		out = append(out, w)
	}
	return out
}

func orEmpty(list []any) []any {
	if list == nil {
		return []any{}
	}
	return list
}

func nonEmpty(list []any) any {
	if len(list) == 0 {
		return nil
	}
	return list
}
