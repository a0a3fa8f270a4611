package frontend

import (
	"fmt"
	"strconv"
	"strings"

	"mspeval/questions"
)

// field is one input of the editor, or a place that shows the problems of a
// whole entry (a question, its options): its name is a document field path,
// and the problems the loader reports at that path, or under it where nothing
// nearer has an input, are shown beside it.
type field struct {
	Name, ID, Value string
	Checked         bool
	Errors          []string
	Autofocus       bool
}

// DescribedBy is the id of the field's problems, for aria-describedby.
func (f *field) DescribedBy() string {
	if f == nil || len(f.Errors) == 0 {
		return ""
	}
	return f.ID + "-error"
}

// button is one of an entry's controls (move up, move down, remove).
type button struct {
	ID, Value string
	Autofocus bool
}

// problemLine is one problem in the list above the form, linked to the field
// it is shown beside when there is one.
type problemLine struct {
	Message, Href string
}

// choice is an option of a select.
type choice struct{ Value, Label string }

type draftEditor struct {
	Draft   draftHead
	CanEdit bool
	Unsaved bool
	// Revision is the draft's revision the form was made from, sent back
	// with it (postedRevision); Conflict says who saved the draft after it.
	Revision   int
	Conflict   string
	Problems   []problemLine
	Title      *field
	Desc       *field
	Dimensions []dimensionView
	DimsSlot   *field
	Sections   []sectionView
	SectsSlot  *field
	AddSection button
	Signals    []signalView
	SigsSlot   *field
	AddSignal  button
	Tiers      []tierView
	// Choices for the selects.
	DimChoices    []choice
	SignalChoices []choice
	KindChoices   []choice
}

// draftHead is what the editor's pages say about the draft.
type draftHead struct {
	ID, Title, LocalKey string
	Version             int
	Revision            int
	BasedOn             string
	BasedOnHref         string
}

type dimensionView struct {
	Key                                     string
	Slot, Origin, Name, Desc, Weight, Worse *field
}

type itemControls struct {
	Up, Down, Remove button
	// Noun and Label name the entry for screen readers ("question role").
	Noun, Label string
}

type sectionView struct {
	N                                      int
	Slot, Origin, Order, Key, Title, Intro *field
	ShowIf                                 conditionView
	Controls                               itemControls
	Questions                              []questionView
	QuestionsSlot                          *field
	AddQuestion                            button
}

type questionView struct {
	N                                                 int
	Open                                              bool
	Summary, Type                                     string
	Slot, Origin, Order, OpenF                        *field
	Key, Prompt, Help, Required, TypeF                *field
	Types                                             []choice
	Controls                                          itemControls
	TakesOptions, TakesScale, Other                   bool
	Options                                           []optionView
	OptionsSlot                                       *field
	AddOption                                         button
	ScaleSlot, ScaleMin, ScaleMax, MinLabel, MaxLabel *field
	WeightsSlot                                       *field
	Weights                                           []weightView
	ListenFor, RedFlags                               *field
	Anchors                                           []anchorView
	KnockoutSlot, KnockoutMin, KnockoutWhy            *field
	ShowIf                                            conditionView
	TakesFile                                         bool
	FileSlot, FileMax, FileAcceptSlot                 *field
	FileKinds                                         []kindView
}

// conditionView is a show_if's fields, with the questions it may read.
type conditionView struct {
	Slot, Question, Equals *field
	Choices                []choice
}

type kindView struct {
	Label string
	F     *field
}

type optionView struct {
	Slot, Origin, Order, Key, Label, Score *field
	Controls                               itemControls
}

type anchorView struct {
	Label string
	F     *field
}

// anchorLabels say what each score's anchor describes.
var anchorLabels = [5]string{"Anchor 0: what the worst answer looks like", "Anchor 1", "Anchor 2", "Anchor 3",
	"Anchor 4: what the best answer looks like"}

type weightView struct {
	Name string
	F    *field
}

type signalView struct {
	Open                                             bool
	N                                                int
	Slot, Origin, Order, Key, Label, Kind, Dimension *field
	Desc, Patterns, Questions, CountsAs              *field
	Controls                                         itemControls
}

type tierView struct {
	Group, MinLabel             string
	Slot, Key, Label, Min, Text *field
}

// editorBuilder makes the editor's view of a form, remembering every field
// by its path so that problems can be placed afterwards.
type editorBuilder struct {
	fields map[string]*field
}

func (b *editorBuilder) f(path, value string) *field {
	fl := &field{Name: path, ID: fieldID(path), Value: value}
	b.fields[path] = fl
	return fl
}

func (b *editorBuilder) check(path string, on bool) *field {
	fl := b.f(path, "on")
	fl.Checked = on
	return fl
}

func (b *editorBuilder) controls(path, noun, label string) itemControls {
	return itemControls{Noun: noun, Label: label,
		Up:     button{ID: "up-" + slug(path), Value: "up:" + path},
		Down:   button{ID: "down-" + slug(path), Value: "down:" + path},
		Remove: button{ID: "remove-" + slug(path), Value: "remove:" + path}}
}

// editorView draws the form. problems are the loader's, aliases say where the
// form shows fields it does not show under their own path, focus is the id of
// the element to focus.
func editorView(f draftForm, problems []questions.FieldProblem, aliases map[string]string, focus string) draftEditor {
	b := &editorBuilder{fields: map[string]*field{}}
	e := draftEditor{Title: b.f("title", f.Title), Desc: b.f("description", f.Description),
		DimsSlot: b.f("dimensions", ""), SectsSlot: b.f("sections", ""), SigsSlot: b.f("signals", ""),
		AddSection: button{ID: "add-section", Value: "add-section"}, AddSignal: button{ID: "add-signal", Value: "add-signal"},
		KindChoices: []choice{{"red", "Red: warns"}, {"green", "Green: reassures"}}}
	for i, d := range f.Dimensions {
		at := fmt.Sprintf("dimensions[%d]", i)
		e.Dimensions = append(e.Dimensions, dimensionView{Key: d.Origin, Slot: b.f(at, ""), Origin: b.f(at+".origin", d.Origin),
			Name: b.f(at+".name", d.Name), Desc: b.f(at+".description", d.Description),
			Weight: b.f(at+".default_weight", d.Weight), Worse: b.check(at+".higher_is_worse", d.HigherIsWorse)})
		e.DimChoices = append(e.DimChoices, choice{d.Origin, orKey(d.Name, d.Origin)})
	}
	conds := conditionChoices(f)
	for si, s := range f.Sections {
		e.Sections = append(e.Sections, b.section(si, s, f.Dimensions, conds))
	}
	for i, s := range f.Signals {
		at := fmt.Sprintf("signals[%d]", i)
		e.Signals = append(e.Signals, signalView{N: i + 1, Slot: b.f(at, ""), Origin: b.f(at+".origin", s.Origin),
			Order: b.f(at+".order", strconv.Itoa(i)), Key: b.f(at+".key", s.Key), Label: b.f(at+".label", s.Label),
			Kind: b.f(at+".kind", s.Kind), Dimension: b.f(at+".dimension", s.Dimension), Desc: b.f(at+".description", s.Description),
			Patterns: b.f(at+".patterns", s.Patterns), Questions: b.f(at+".questions", s.Questions),
			CountsAs: b.f(at+".negated.counts_as", s.CountsAs),
			Controls: b.controls(at, "signal rule", orKey(s.Key, fmt.Sprint(i+1)))})
		if s.Key != "" {
			e.SignalChoices = append(e.SignalChoices, choice{s.Key, orKey(s.Label, s.Key)})
		}
	}
	for _, t := range f.Tiers {
		tv := tierView{Group: t.Group, MinLabel: "Lowest score", Slot: b.f(t.At, ""), Key: b.f(t.At+".key", t.Key),
			Label: b.f(t.At+".label", t.Label), Min: b.f(t.At+"."+t.MinField, t.Min), Text: b.f(t.At+".text", t.Text)}
		if t.MinField == "min_risk" {
			tv.MinLabel = "Lowest risk"
		}
		e.Tiers = append(e.Tiers, tv)
	}
	e.place(b, problems, aliases)
	b.focus(&e, focus)
	return e
}

// conditionChoices are the questions a condition may read: single choice,
// yes/no and scale questions (the loader says which of them come too late).
func conditionChoices(f draftForm) []choice {
	var out []choice
	for _, s := range f.Sections {
		for _, q := range s.Questions {
			switch questions.QuestionType(q.Type) {
			case questions.TypeSingleChoice, questions.TypeYesNo, questions.TypeScale:
				if q.Key != "" {
					out = append(out, choice{q.Key, q.Key + ": " + summary(q.Prompt)})
				}
			}
		}
	}
	return out
}

func (b *editorBuilder) condition(at string, c conditionForm, choices []choice) conditionView {
	return conditionView{Slot: b.f(at+".show_if", ""), Question: b.f(at+".show_if.question", c.Question),
		Equals: b.f(at+".show_if.equals", c.Equals), Choices: choices}
}

func (b *editorBuilder) section(si int, s sectionForm, dims []dimensionForm, conds []choice) sectionView {
	at := fmt.Sprintf("sections[%d]", si)
	sv := sectionView{N: si + 1, Slot: b.f(at, ""), Origin: b.f(at+".origin", s.Origin), Order: b.f(at+".order", strconv.Itoa(si)),
		Key: b.f(at+".key", s.Key), Title: b.f(at+".title", s.Title), Intro: b.f(at+".intro", s.Intro),
		Controls:      b.controls(at, "section", orKey(s.Title, orKey(s.Key, fmt.Sprint(si+1)))),
		QuestionsSlot: b.f(at+".questions", ""), AddQuestion: button{ID: "add-question-" + slug(at), Value: "add-question:" + at},
		ShowIf: b.condition(at, s.ShowIf, conds)}
	for qi, q := range s.Questions {
		qv := b.question(fmt.Sprintf("%s.questions[%d]", at, qi), qi, q, dims)
		qv.ShowIf = b.condition(fmt.Sprintf("%s.questions[%d]", at, qi), q.ShowIf, conds)
		sv.Questions = append(sv.Questions, qv)
	}
	return sv
}

func (b *editorBuilder) question(at string, qi int, q questionForm, dims []dimensionForm) questionView {
	open := ""
	if q.Open {
		open = "1"
	}
	qv := questionView{N: qi + 1, Open: q.Open, Summary: summary(q.Prompt), Type: strings.ReplaceAll(q.Type, "_", " "),
		Slot: b.f(at, ""), Origin: b.f(at+".origin", q.Origin), Order: b.f(at+".order", strconv.Itoa(qi)), OpenF: b.f(at+".open", open),
		Key: b.f(at+".key", q.Key), Prompt: b.f(at+".prompt", q.Prompt), Help: b.f(at+".help", q.Help),
		Required: b.check(at+".required", q.Required), TypeF: b.f(at+".type", q.Type),
		Controls:     b.controls(at, "question", orKey(q.Key, fmt.Sprint(qi+1))),
		TakesOptions: takesOptions(q.Type), TakesScale: q.Type == string(questions.TypeScale),
		OptionsSlot: b.f(at+".options", ""), AddOption: button{ID: "add-option-" + slug(at), Value: "add-option:" + at},
		ScaleSlot: b.f(at+".scale", ""), ScaleMin: b.f(at+".scale.min", q.ScaleMin), ScaleMax: b.f(at+".scale.max", q.ScaleMax),
		MinLabel: b.f(at+".scale.min_label", q.ScaleMinLabel), MaxLabel: b.f(at+".scale.max_label", q.ScaleMaxLabel),
		WeightsSlot: b.f(at+".weights", ""), ListenFor: b.f(at+".guidance.listen_for", q.ListenFor),
		RedFlags: b.f(at+".guidance.red_flags", q.RedFlags), KnockoutSlot: b.f(at+".knockout", ""),
		KnockoutMin: b.f(at+".knockout.min_score", q.KnockoutMin), KnockoutWhy: b.f(at+".knockout.reason", q.KnockoutWhy)}
	qv.TakesFile = q.Type == string(questions.TypeFile)
	qv.Other = !qv.TakesOptions && !qv.TakesScale && !qv.TakesFile && q.Type != string(questions.TypeText)
	qv.FileSlot, qv.FileMax, qv.FileAcceptSlot = b.f(at+".file", ""), b.f(at+".file.max_bytes", q.FileMaxMB), b.f(at+".file.accept", "")
	for _, k := range questions.FileKinds() {
		qv.FileKinds = append(qv.FileKinds, kindView{Label: k.Label(), F: b.check(at+".file.accept."+string(k), q.FileAccept[string(k)])})
	}
	known := false
	for _, t := range questionTypes {
		qv.Types = append(qv.Types, choice{string(t), typeLabel(string(t))})
		known = known || string(t) == q.Type
	}
	if !known && q.Type != "" {
		qv.Types = append(qv.Types, choice{q.Type, typeLabel(q.Type)})
	}
	for oi, o := range q.Options {
		oat := fmt.Sprintf("%s.options[%d]", at, oi)
		qv.Options = append(qv.Options, optionView{Slot: b.f(oat, ""), Origin: b.f(oat+".origin", o.Origin),
			Order: b.f(oat+".order", strconv.Itoa(oi)), Key: b.f(oat+".key", o.Key), Label: b.f(oat+".label", o.Label),
			Score: b.f(oat+".score", o.Score), Controls: b.controls(oat, "option", orKey(o.Label, orKey(o.Key, fmt.Sprint(oi+1))))})
	}
	for _, d := range dims {
		qv.Weights = append(qv.Weights, weightView{Name: orKey(d.Name, d.Origin), F: b.f(at+".weights."+d.Origin, q.Weights[d.Origin])})
	}
	for i, a := range q.Anchors {
		qv.Anchors = append(qv.Anchors, anchorView{Label: anchorLabels[i], F: b.f(fmt.Sprintf("%s.guidance.anchors.%d", at, i), a)})
	}
	return qv
}

// focus marks the element to focus when the page loads, opening the question
// it is in.
func (b *editorBuilder) focus(e *draftEditor, id string) {
	if id == "" {
		return
	}
	for path, fl := range b.fields {
		if fl.ID == id {
			fl.Autofocus = true
			e.unfold(path)
			return
		}
	}
	mark := func(bt *button) bool {
		if bt.ID == id {
			bt.Autofocus = true
		}
		return bt.Autofocus
	}
	mark(&e.AddSection)
	mark(&e.AddSignal)
	for si := range e.Sections {
		s := &e.Sections[si]
		mark(&s.AddQuestion)
		markControls(&s.Controls, mark)
		for qi := range s.Questions {
			q := &s.Questions[qi]
			markControls(&q.Controls, mark)
			if mark(&q.AddOption) {
				q.Open, q.OpenF.Value = true, "1"
			}
			for oi := range q.Options {
				if markControls(&q.Options[oi].Controls, mark) {
					q.Open, q.OpenF.Value = true, "1"
				}
			}
		}
	}
	for i := range e.Signals {
		markControls(&e.Signals[i].Controls, mark)
	}
}

func markControls(c *itemControls, mark func(*button) bool) bool {
	return mark(&c.Up) || mark(&c.Down) || mark(&c.Remove)
}

// summary is a question's prompt cut to a line, for its heading.
func summary(prompt string) string {
	prompt = strings.Join(strings.Fields(prompt), " ")
	if r := []rune(prompt); len(r) > 90 {
		return strings.TrimSpace(string(r[:89])) + "…"
	}
	return prompt
}

func typeLabel(t string) string {
	switch questions.QuestionType(t) {
	case questions.TypeText:
		return "Text"
	case questions.TypeSingleChoice:
		return "Single choice"
	case questions.TypeMultipleChoice:
		return "Multiple choice"
	case questions.TypeYesNo:
		return "Yes / no"
	case questions.TypeScale:
		return "Scale"
	case questions.TypeFile:
		return "File (evidence)"
	}
	s := strings.ReplaceAll(t, "_", " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func orKey(s, key string) string {
	if strings.TrimSpace(s) == "" {
		return key
	}
	return s
}
