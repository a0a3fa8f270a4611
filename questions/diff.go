package questions

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Diff is what changed from one questionnaire version to another: the
// questions added, removed and changed, matched by key, and the changes to the
// questionnaire's own fields (title, dimensions and their default weights,
// signal rules, the evidence and results blocks, sections and their
// conditions). Two different questionnaires
// compare too: a workspace's version against the built-in it was cloned from.
type Diff struct {
	From VersionRef `json:"from"`
	To   VersionRef `json:"to"`
	// Changes are the questionnaire's own, outside its questions.
	Changes []Change `json:"changes"`
	// Added are the questions of To that From does not have, in To's order.
	Added []QuestionRef `json:"added"`
	// Removed are the questions of From that To does not have, in From's order.
	Removed []QuestionRef `json:"removed"`
	// Changed are the questions both have but To words or scores otherwise, in
	// To's order.
	Changed []QuestionDiff `json:"changed"`
	// Unchanged counts the questions both have alike.
	Unchanged int `json:"unchanged"`
}

// VersionRef names one questionnaire version.
type VersionRef struct {
	Key      string `json:"key"`
	Version  int    `json:"version"`
	Title    string `json:"title"`
	Checksum string `json:"checksum"`
}

// QuestionRef names a question and its section.
type QuestionRef struct {
	Key     string `json:"key"`
	Section string `json:"section"`
	Prompt  string `json:"prompt"`
}

// QuestionDiff is one question's changes; Prompt is To's.
type QuestionDiff struct {
	Key     string   `json:"key"`
	Prompt  string   `json:"prompt"`
	Changes []Change `json:"changes"`
}

// Change is one field's value before and after. Field is a path like the
// document's, with list entries named by their key rather than their place
// ("options.fill_named_gaps.score", "dimensions.fit.weight",
// "guidance.anchors.3"), since places shift when something is added. From is
// empty for a field that was added, To for one that was removed. Values are
// written as text: numbers as numbers, lists joined by "; ", structured
// blocks as compact JSON.
type Change struct {
	Field string `json:"field"`
	From  string `json:"from"`
	To    string `json:"to"`
}

// Compare returns what changed from a to b.
func Compare(a, b *Questionnaire) Diff {
	d := Diff{From: refOf(a), To: refOf(b), Changes: []Change{}, Added: []QuestionRef{},
		Removed: []QuestionRef{}, Changed: []QuestionDiff{}}
	c := &changes{}
	c.text("title", a.Title, b.Title)
	c.text("description", a.Description, b.Description)
	c.text("source", a.Source, b.Source)
	compareDimensions(c, a.Dimensions, b.Dimensions)
	compareSignals(c, a.Signals, b.Signals)
	c.value("evidence", a.Evidence, b.Evidence)
	c.value("results", a.Results, b.Results)
	compareSections(c, a.Sections, b.Sections)
	d.Changes = c.list

	before := questionsBySection(a)
	after := questionsBySection(b)
	for _, s := range b.Sections {
		for i := range s.Questions {
			qb := &s.Questions[i]
			old, ok := before[qb.Key]
			if !ok {
				d.Added = append(d.Added, QuestionRef{Key: qb.Key, Section: s.Key, Prompt: qb.Prompt})
				continue
			}
			qc := &changes{}
			qc.text("section", old.section, s.Key)
			compareQuestion(qc, old.q, qb)
			if len(qc.list) == 0 {
				d.Unchanged++
				continue
			}
			d.Changed = append(d.Changed, QuestionDiff{Key: qb.Key, Prompt: qb.Prompt, Changes: qc.list})
		}
	}
	for _, s := range a.Sections {
		for _, qa := range s.Questions {
			if _, ok := after[qa.Key]; !ok {
				d.Removed = append(d.Removed, QuestionRef{Key: qa.Key, Section: s.Key, Prompt: qa.Prompt})
			}
		}
	}
	return d
}

func refOf(q *Questionnaire) VersionRef {
	return VersionRef{Key: q.Key, Version: q.Version, Title: q.Title, Checksum: q.Checksum}
}

type placed struct {
	q       *Question
	section string
}

func questionsBySection(q *Questionnaire) map[string]placed {
	out := map[string]placed{}
	for si := range q.Sections {
		for qi := range q.Sections[si].Questions {
			qq := &q.Sections[si].Questions[qi]
			out[qq.Key] = placed{q: qq, section: q.Sections[si].Key}
		}
	}
	return out
}

func compareQuestion(c *changes, a, b *Question) {
	c.text("prompt", a.Prompt, b.Prompt)
	c.text("type", string(a.Type), string(b.Type))
	c.flag("required", a.Required, b.Required)
	c.value("show_if", a.ShowIf, b.ShowIf)
	c.text("help", a.Help, b.Help)
	c.text("source", a.Source, b.Source)
	c.value("text", a.Text, b.Text)
	c.value("scale", a.Scale, b.Scale)
	c.value("file", a.File, b.File)

	compareByKey(c, "options", a.Options, b.Options, func(o Option) (string, string) { return o.Key, o.Label },
		func(at string, old, o Option) {
			c.text(at+".label", old.Label, o.Label)
			c.add(at+".score", scoreText(old.Score), scoreText(o.Score))
			c.text(at+".contradicted_by", strings.Join(old.ContradictedBy, "; "), strings.Join(o.ContradictedBy, "; "))
			c.flag(at+".exclusive", old.Exclusive, o.Exclusive)
		})

	oldWeights := map[string]float64{}
	for _, w := range a.Dimensions {
		oldWeights[w.Dimension] = w.Weight
	}
	newWeights := map[string]bool{}
	for _, w := range b.Dimensions {
		newWeights[w.Dimension] = true
		old, ok := oldWeights[w.Dimension]
		from := ""
		if ok {
			from = number(old)
		}
		c.add("dimensions."+w.Dimension+".weight", from, number(w.Weight))
	}
	for _, w := range a.Dimensions {
		if !newWeights[w.Dimension] {
			c.add("dimensions."+w.Dimension+".weight", number(w.Weight), "")
		}
	}

	c.text("guidance.listen_for", a.Guidance.ListenFor, b.Guidance.ListenFor)
	c.text("guidance.red_flags", strings.Join(a.Guidance.RedFlags, "; "), strings.Join(b.Guidance.RedFlags, "; "))
	scores := map[int]bool{}
	for s := range a.Guidance.Anchors {
		scores[s] = true
	}
	for s := range b.Guidance.Anchors {
		scores[s] = true
	}
	for _, s := range sortedScores(scores) {
		c.text("guidance.anchors."+strconv.Itoa(s), a.Guidance.Anchors[s], b.Guidance.Anchors[s])
	}
	c.value("knockout", a.Knockout, b.Knockout)
}

// compareSections compares the sections both versions have, by key: their
// titles, intros and conditions. Questions moving between sections show on
// the questions.
func compareSections(c *changes, a, b []Section) {
	compareByKey(c, "sections", a, b, func(s Section) (string, string) { return s.Key, s.Title },
		func(at string, o, s Section) {
			c.text(at+".title", o.Title, s.Title)
			c.text(at+".intro", o.Intro, s.Intro)
			c.value(at+".show_if", o.ShowIf, s.ShowIf)
		})
}

func compareDimensions(c *changes, a, b []Dimension) {
	compareByKey(c, "dimensions", a, b, func(d Dimension) (string, string) { return d.Key, d.Name },
		func(at string, o, d Dimension) {
			c.text(at+".name", o.Name, d.Name)
			c.text(at+".description", o.Description, d.Description)
			c.flag(at+".higher_is_worse", o.HigherIsWorse, d.HigherIsWorse)
			c.add(at+".default_weight", number(o.DefaultWeight), number(d.DefaultWeight))
		})
}

func compareSignals(c *changes, a, b []SignalRule) {
	compareByKey(c, "signals", a, b, func(s SignalRule) (string, string) { return s.Key, s.Label },
		func(at string, o, s SignalRule) {
			c.text(at+".label", o.Label, s.Label)
			c.text(at+".kind", string(o.Kind), string(s.Kind))
			c.text(at+".dimension", o.Dimension, s.Dimension)
			c.text(at+".description", o.Description, s.Description)
			c.text(at+".patterns", strings.Join(o.Patterns, "; "), strings.Join(s.Patterns, "; "))
			c.text(at+".questions", strings.Join(o.Questions, "; "), strings.Join(s.Questions, "; "))
			c.value(at+".concepts", o.Concepts, s.Concepts)
			c.value(at+".match", o.Match, s.Match)
			c.value(at+".negated", o.Negated, s.Negated)
		})
}

// compareByKey compares two lists whose entries are matched by key (ident
// gives an entry's key and the label that names it): an entry of b that a
// lacks is added and one of a that b lacks is removed, each at
// "<list>.<key>" with its label, in b's and then a's order; fields compares
// an entry both have, under that path.
func compareByKey[T any](c *changes, list string, a, b []T, ident func(T) (key, label string), fields func(at string, from, to T)) {
	old := map[string]T{}
	for _, e := range a {
		k, _ := ident(e)
		old[k] = e
	}
	kept := map[string]bool{}
	for _, e := range b {
		k, label := ident(e)
		kept[k] = true
		o, ok := old[k]
		if !ok {
			c.add(list+"."+k, "", label)
			continue
		}
		fields(list+"."+k, o, e)
	}
	for _, e := range a {
		if k, label := ident(e); !kept[k] {
			c.add(list+"."+k, label, "")
		}
	}
}

// changes collects Change entries, leaving out fields that did not change.
type changes struct{ list []Change }

func (c *changes) add(field, from, to string) {
	if from != to {
		c.list = append(c.list, Change{Field: field, From: from, To: to})
	}
}

func (c *changes) text(field, from, to string) { c.add(field, from, to) }

func (c *changes) flag(field string, from, to bool) {
	c.add(field, strconv.FormatBool(from), strconv.FormatBool(to))
}

// value compares structured values by their JSON form; nil and empty read as
// absent.
func (c *changes) value(field string, from, to any) {
	c.add(field, compact(from), compact(to))
}

func compact(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	switch s := string(b); s {
	case "null", "{}", "[]":
		return ""
	default:
		return s
	}
}

func scoreText(s *int) string {
	if s == nil {
		return ""
	}
	return strconv.Itoa(*s)
}

func number(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

func sortedScores(m map[int]bool) []int {
	out := make([]int, 0, len(m))
	for s := range m {
		out = append(out, s)
	}
	sort.Ints(out)
	return out
}
