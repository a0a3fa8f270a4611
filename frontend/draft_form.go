package frontend

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"mspeval/questions"
)

// draftForm is the draft editor's form as text: what the author typed, kept
// exactly as typed, so that a refused save shows it again unchanged (a score
// typed as "high" stays "high" beside its problem).
//
// Each list entry names the stored entry it edits by its key at the time the
// form was drawn (Origin; empty for a new one). Saving starts from that stored
// entry and writes the form's fields over it, so everything the form does not
// show (paired text, conditions, concept rules, fields added to the model
// later) is kept as it was.
//
// The form's field names are the document's field paths
// ("sections[0].questions[2].options[1].score"), so that a problem the
// loader reports at a path lands on the input of that name.
type draftForm struct {
	Title, Description string
	Dimensions         []dimensionForm
	Sections           []sectionForm
	Signals            []signalForm
	Tiers              []tierForm
}

// formItem is what every movable entry of the form carries.
type formItem struct {
	// Origin is the key of the stored entry this one edits; "" for a new one.
	Origin string
	// at is the entry's name prefix in the form it was read from
	// ("sections[1].questions[0]"), by which a button names it.
	at string
	// order is its place after a drag: the script renumbers the orders, the
	// server sorts by them.
	order int
}

// dimensionForm edits a dimension. Dimensions are not renamed, added or
// removed in the form (questions' weights and rules name them by key); the
// YAML view does that.
type dimensionForm struct {
	Origin                    string
	Name, Description, Weight string
	HigherIsWorse             bool
}

type sectionForm struct {
	formItem
	Key, Title, Intro string
	ShowIf            conditionForm
	Questions         []questionForm
}

// conditionForm is a show_if: the earlier question whose answer decides, and
// the answers that show, separated by commas. Both empty: always shown.
type conditionForm struct {
	Question, Equals string
}

type questionForm struct {
	formItem
	// Open: the author had the question's fields unfolded.
	Open                     bool
	Key, Prompt, Help, Type  string
	Required                 bool
	ShowIf                   conditionForm
	Options                  []optionForm
	ScaleMin, ScaleMax       string
	ScaleMinLabel            string
	ScaleMaxLabel            string
	Weights                  map[string]string // by dimension key; "" feeds nothing
	ListenFor                string
	RedFlags                 string // one a line
	Anchors                  [5]string
	KnockoutMin, KnockoutWhy string
	// FileMaxMB is a file question's size limit in MB; FileAccept the kinds
	// it takes (none ticked: every kind).
	FileMaxMB  string
	FileAccept map[string]bool
}

type optionForm struct {
	formItem
	Key, Label, Score string
}

type signalForm struct {
	formItem
	Key, Label, Kind, Dimension, Description string
	Patterns                                 string // one a line
	Questions                                string // keys, separated by commas
	CountsAs                                 string
}

// tierForm edits one result tier in place (tiers are added and removed in the
// YAML view). At is its path in the document.
type tierForm struct {
	At, Group, MinField   string
	Key, Label, Min, Text string
}

// Question types the form offers, in the order shown. A type the model has
// and this list lacks is offered on the questions that have it.
var questionTypes = []questions.QuestionType{questions.TypeText, questions.TypeSingleChoice,
	questions.TypeMultipleChoice, questions.TypeYesNo, questions.TypeScale, questions.TypeFile}

// takesOptions reports whether a question of the type has options; a scale
// question has a scale, a file question file settings, a text one none of these.
func takesOptions(t string) bool {
	switch questions.QuestionType(t) {
	case questions.TypeSingleChoice, questions.TypeMultipleChoice, questions.TypeYesNo:
		return true
	}
	return false
}

// formOf draws the form of a stored questionnaire.
func formOf(q *questions.Questionnaire) draftForm {
	f := draftForm{Title: q.Title, Description: q.Description}
	for _, d := range q.Dimensions {
		f.Dimensions = append(f.Dimensions, dimensionForm{Origin: d.Key, Name: d.Name, Description: d.Description,
			Weight: number(d.DefaultWeight), HigherIsWorse: d.HigherIsWorse})
	}
	for _, s := range q.Sections {
		sf := sectionForm{formItem: formItem{Origin: s.Key}, Key: s.Key, Title: s.Title, Intro: s.Intro, ShowIf: conditionOf(s.ShowIf)}
		for _, qq := range s.Questions {
			sf.Questions = append(sf.Questions, questionFormOf(&qq))
		}
		f.Sections = append(f.Sections, sf)
	}
	for _, s := range q.Signals {
		sg := signalForm{formItem: formItem{Origin: s.Key}, Key: s.Key, Label: s.Label, Kind: string(s.Kind),
			Dimension: s.Dimension, Description: s.Description, Patterns: strings.Join(s.Patterns, "\n"),
			Questions: strings.Join(s.Questions, ", ")}
		if s.Negated != nil {
			sg.CountsAs = s.Negated.CountsAs
		}
		f.Signals = append(f.Signals, sg)
	}
	f.Tiers = tiersOf(q, func(at string, t questions.Tier) tierForm {
		tf := tierForm{Key: t.Key, Label: t.Label, Text: t.Text}
		switch {
		case t.MinRisk != nil:
			tf.Min = number(*t.MinRisk)
		case t.MinScore != nil:
			tf.Min = number(*t.MinScore)
		}
		return tf
	})
	return f
}

func questionFormOf(qq *questions.Question) questionForm {
	qf := questionForm{formItem: formItem{Origin: qq.Key}, Key: qq.Key, Prompt: qq.Prompt, Help: qq.Help,
		Type: string(qq.Type), Required: qq.Required, ShowIf: conditionOf(qq.ShowIf), Weights: map[string]string{}, FileAccept: map[string]bool{},
		ListenFor: qq.Guidance.ListenFor, RedFlags: strings.Join(qq.Guidance.RedFlags, "\n")}
	for _, o := range qq.Options {
		of := optionForm{formItem: formItem{Origin: o.Key}, Key: o.Key, Label: o.Label}
		if o.Score != nil {
			of.Score = strconv.Itoa(*o.Score)
		}
		qf.Options = append(qf.Options, of)
	}
	if s := qq.Scale; s != nil {
		qf.ScaleMin, qf.ScaleMax = strconv.Itoa(s.Min), strconv.Itoa(s.Max)
		qf.ScaleMinLabel, qf.ScaleMaxLabel = s.MinLabel, s.MaxLabel
	}
	for _, w := range qq.Dimensions {
		qf.Weights[w.Dimension] = number(w.Weight)
	}
	for i := range qf.Anchors {
		qf.Anchors[i] = qq.Guidance.Anchors[i]
	}
	if k := qq.Knockout; k != nil {
		qf.KnockoutMin, qf.KnockoutWhy = strconv.Itoa(k.MinScore), k.Reason
	}
	if f := qq.File; f != nil {
		if f.MaxBytes != 0 {
			qf.FileMaxMB = number(float64(f.MaxBytes) / (1 << 20))
		}
		for _, k := range f.Accept {
			qf.FileAccept[string(k)] = true
		}
	}
	return qf
}

func conditionOf(c *questions.Condition) conditionForm {
	if c == nil {
		return conditionForm{}
	}
	return conditionForm{Question: c.Question, Equals: strings.Join(c.Equals, ", ")}
}

func parseCondition(v url.Values, at string) conditionForm {
	return conditionForm{Question: v.Get(at + ".show_if.question"), Equals: v.Get(at + ".show_if.equals")}
}

// tiersOf lists the questionnaire's result tiers, overall first, each made by
// fill and placed at its path.
func tiersOf(q *questions.Questionnaire, fill func(at string, t questions.Tier) tierForm) []tierForm {
	if q.Results == nil {
		return nil
	}
	var out []tierForm
	for i, t := range q.Results.Overall.Tiers {
		at := fmt.Sprintf("results.overall.tiers[%d]", i)
		tf := fill(at, t)
		tf.At, tf.Group, tf.MinField = at, "Overall score", "min_score"
		out = append(out, tf)
	}
	for di, dt := range q.Results.Dimensions {
		d, _ := q.Dimension(dt.Dimension)
		for i, t := range dt.Tiers {
			at := fmt.Sprintf("results.dimensions[%d].tiers[%d]", di, i)
			tf := fill(at, t)
			tf.At, tf.Group, tf.MinField = at, d.Name, "min_score"
			if d.HigherIsWorse {
				tf.MinField = "min_risk"
			}
			if tf.Group == "" {
				tf.Group = dt.Dimension
			}
			out = append(out, tf)
		}
	}
	return out
}

// parseDraftForm reads the editor's form. stored is the draft as saved: the
// dimensions and tiers the form edits are its own.
func parseDraftForm(v url.Values, stored *questions.Questionnaire) draftForm {
	has := func(name string) bool { _, ok := v[name]; return ok }
	f := draftForm{Title: v.Get("title"), Description: v.Get("description")}
	for i := 0; has(fmt.Sprintf("dimensions[%d].origin", i)); i++ {
		at := fmt.Sprintf("dimensions[%d]", i)
		f.Dimensions = append(f.Dimensions, dimensionForm{Origin: v.Get(at + ".origin"), Name: v.Get(at + ".name"),
			Description: v.Get(at + ".description"), Weight: v.Get(at + ".default_weight"),
			HigherIsWorse: v.Get(at+".higher_is_worse") != ""})
	}
	for i := 0; has(fmt.Sprintf("sections[%d].origin", i)); i++ {
		at := fmt.Sprintf("sections[%d]", i)
		sf := sectionForm{formItem: formItemAt(v, at, i), Key: v.Get(at + ".key"), Title: v.Get(at + ".title"), Intro: v.Get(at + ".intro"),
			ShowIf: parseCondition(v, at)}
		for j := 0; has(fmt.Sprintf("%s.questions[%d].origin", at, j)); j++ {
			qat := fmt.Sprintf("%s.questions[%d]", at, j)
			sf.Questions = append(sf.Questions, parseQuestion(v, qat, formItemAt(v, qat, j), f.Dimensions))
		}
		sortItems(sf.Questions)
		f.Sections = append(f.Sections, sf)
	}
	sortItems(f.Sections)
	for i := 0; has(fmt.Sprintf("signals[%d].origin", i)); i++ {
		at := fmt.Sprintf("signals[%d]", i)
		f.Signals = append(f.Signals, signalForm{formItem: formItemAt(v, at, i), Key: v.Get(at + ".key"), Label: v.Get(at + ".label"),
			Kind: v.Get(at + ".kind"), Dimension: v.Get(at + ".dimension"), Description: v.Get(at + ".description"),
			Patterns: v.Get(at + ".patterns"), Questions: v.Get(at + ".questions"), CountsAs: v.Get(at + ".negated.counts_as")})
	}
	f.Tiers = tiersOf(stored, func(at string, t questions.Tier) tierForm {
		min := v.Get(at + ".min_score")
		if min == "" {
			min = v.Get(at + ".min_risk")
		}
		return tierForm{Key: v.Get(at + ".key"), Label: v.Get(at + ".label"), Min: min, Text: v.Get(at + ".text")}
	})
	return f
}

func parseQuestion(v url.Values, at string, it formItem, dims []dimensionForm) questionForm {
	qf := questionForm{formItem: it, Open: v.Get(at+".open") != "", Key: v.Get(at + ".key"), Prompt: v.Get(at + ".prompt"),
		Help: v.Get(at + ".help"), Type: v.Get(at + ".type"), Required: v.Get(at+".required") != "",
		ScaleMin: v.Get(at + ".scale.min"), ScaleMax: v.Get(at + ".scale.max"),
		ScaleMinLabel: v.Get(at + ".scale.min_label"), ScaleMaxLabel: v.Get(at + ".scale.max_label"),
		Weights: map[string]string{}, ListenFor: v.Get(at + ".guidance.listen_for"), RedFlags: v.Get(at + ".guidance.red_flags"),
		KnockoutMin: v.Get(at + ".knockout.min_score"), KnockoutWhy: v.Get(at + ".knockout.reason"),
		ShowIf: parseCondition(v, at), FileMaxMB: v.Get(at + ".file.max_bytes"), FileAccept: map[string]bool{}}
	for _, k := range questions.FileKinds() {
		qf.FileAccept[string(k)] = v.Get(at+".file.accept."+string(k)) != ""
	}
	for _, d := range dims {
		qf.Weights[d.Origin] = v.Get(at + ".weights." + d.Origin)
	}
	for i := range qf.Anchors {
		qf.Anchors[i] = v.Get(fmt.Sprintf("%s.guidance.anchors.%d", at, i))
	}
	for k := 0; ; k++ {
		oat := fmt.Sprintf("%s.options[%d]", at, k)
		if _, ok := v[oat+".origin"]; !ok {
			break
		}
		qf.Options = append(qf.Options, optionForm{formItem: formItemAt(v, oat, k), Key: v.Get(oat + ".key"),
			Label: v.Get(oat + ".label"), Score: v.Get(oat + ".score")})
	}
	sortItems(qf.Options)
	return qf
}

// formItemAt reads the entry at a name prefix; i is its place in the form,
// the order when the script gave none.
func formItemAt(v url.Values, at string, i int) formItem {
	order, err := strconv.Atoi(v.Get(at + ".order"))
	if err != nil {
		order = i
	}
	return formItem{Origin: v.Get(at + ".origin"), at: at, order: order}
}

// ordered is a movable entry of the form.
type ordered interface{ item() *formItem }

func (i *formItem) item() *formItem { return i }

func sortItems[T any, P interface {
	*T
	ordered
}](list []T) {
	sort.SliceStable(list, func(a, b int) bool { return P(&list[a]).item().order < P(&list[b]).item().order })
}

// number writes a number as the document does: 40, not 40.000000.
func number(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }
