package questions

import (
	"hash/fnv"
	"sort"
)

// The respondent's view is built from separate types rather than by hiding fields
// of Question: a field added to the evaluator's model cannot reach a respondent
// unless it is copied here on purpose.

// RespondentQuestionnaire is what an MSP answering through a link sees.
type RespondentQuestionnaire struct {
	Key      string              `json:"key"`
	Version  int                 `json:"version"`
	Title    string              `json:"title"`
	Sections []RespondentSection `json:"sections"`
}

// RespondentSection is a section without evaluator material.
type RespondentSection struct {
	Key   string `json:"key"`
	Title string `json:"title"`
	Intro string `json:"intro,omitempty"`
	// ShowIf is the section's condition, so that a client shows and hides
	// it as the form does.
	ShowIf    *Condition           `json:"show_if,omitempty"`
	Questions []RespondentQuestion `json:"questions"`
}

// RespondentQuestion carries the prompt, help and options, never scores or guidance.
type RespondentQuestion struct {
	Key      string       `json:"key"`
	Prompt   string       `json:"prompt"`
	Type     QuestionType `json:"type"`
	Required bool         `json:"required"`
	// ShowIf is the question's condition: a client shows the question only
	// when the earlier answer is one of its values, and never requires it
	// while it is hidden.
	ShowIf  *Condition         `json:"show_if,omitempty"`
	Help    string             `json:"help,omitempty"`
	Text    *TextPart          `json:"text,omitempty"`
	Options []RespondentOption `json:"options,omitempty"`
	Scale   *Scale             `json:"scale,omitempty"`
	// File is a file question's limits (file.go).
	File *RespondentFile `json:"file,omitempty"`
}

// RespondentOption is an option without its score.
type RespondentOption struct {
	Key   string `json:"key"`
	Label string `json:"label"`
}

// RespondentView returns the questionnaire as a respondent may see it.
func (q *Questionnaire) RespondentView() RespondentQuestionnaire {
	v := RespondentQuestionnaire{Key: q.Key, Version: q.Version, Title: q.Title}
	for _, s := range q.Sections {
		rs := RespondentSection{Key: s.Key, Title: s.Title, Intro: s.Intro, ShowIf: s.ShowIf.copy()}
		for _, qq := range s.Questions {
			rq := RespondentQuestion{
				Key: qq.Key, Prompt: qq.Prompt, Type: qq.Type, Required: qq.Required, Help: qq.Help,
				ShowIf: qq.ShowIf.copy(),
			}
			if qq.Text != nil {
				t := *qq.Text
				rq.Text = &t
			}
			if qq.Scale != nil {
				sc := *qq.Scale
				rq.Scale = &sc
			}
			rq.File = qq.respondentFile()
			for _, o := range respondentOrder(qq) {
				rq.Options = append(rq.Options, RespondentOption{Key: o.Key, Label: o.Label})
			}
			rs.Questions = append(rs.Questions, rq)
		}
		v.Sections = append(v.Sections, rs)
	}
	return v
}

// respondentOrder is the order a respondent sees a question's options in. The
// file lists them best first, which would tell a respondent which answer scores
// highest; the respondent gets a fixed order that does not follow the scores:
// by a hash of question and option key. Yes comes before no, and an exclusive
// "none of these" stays last.
func respondentOrder(qq Question) []Option {
	out := append([]Option(nil), qq.Options...)
	if qq.Type == TypeYesNo {
		sort.SliceStable(out, func(i, j int) bool { return out[i].Key == "yes" })
		return out
	}
	rank := func(o Option) uint32 {
		if o.Exclusive {
			return ^uint32(0)
		}
		h := fnv.New32a()
		h.Write([]byte(qq.Key + "\x00" + o.Key))
		return h.Sum32() >> 1
	}
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i]) < rank(out[j]) })
	return out
}
