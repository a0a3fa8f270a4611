package questions

import (
	"regexp"
	"sync"
)

// QuestionType is how a question is answered.
type QuestionType string

const (
	TypeText           QuestionType = "text"
	TypeSingleChoice   QuestionType = "single_choice"
	TypeMultipleChoice QuestionType = "multiple_choice"
	TypeYesNo          QuestionType = "yes_no"
	TypeScale          QuestionType = "scale"
	// TypeFile asks for a document as evidence (file.go).
	TypeFile QuestionType = "file"
)

// Questionnaire is one published version of a set of questions with its rubric.
type Questionnaire struct {
	Key         string       `yaml:"key" json:"key"`
	Version     int          `yaml:"version" json:"version"`
	Title       string       `yaml:"title" json:"title"`
	Description string       `yaml:"description" json:"description"`
	Source      string       `yaml:"source" json:"source,omitempty"`
	Dimensions  []Dimension  `yaml:"dimensions" json:"dimensions"`
	Sections    []Section    `yaml:"sections" json:"sections"`
	Signals     []SignalRule `yaml:"signals" json:"signals"`
	// Evidence, when declared, reads answer texts for specifics, vagueness and
	// negation and suggests a rating; without it texts only raise signals.
	Evidence *Evidence `yaml:"evidence,omitempty" json:"evidence,omitempty"`
	// Results, when declared, says how scores read in words (tiers) and what
	// comes next, and whether respondents see their own results.
	Results *Results `yaml:"results,omitempty" json:"results,omitempty"`

	// Checksum is the hex SHA-256 of the file the questionnaire was read from.
	Checksum string `yaml:"-" json:"checksum"`

	byKey map[string]*Question
	// matchers are compiled on first use: loading a questionnaire only checks
	// its patterns, so that tests and tools that never read a text do not pay
	// for the matchers.
	matchers *matchers
}

// matchers are a questionnaire's compiled phrase patterns.
type matchers struct {
	once     sync.Once
	compiled map[string][]*regexp.Regexp
	combined map[string]*regexp.Regexp
	prefixes map[string][]string
	// phrases matches every phrase pattern at once; phraseRefs says whose
	// each pattern is.
	phrases    *phraseSet
	phraseRefs []phraseRef
	// concepts reads texts for the rules' conjunctions; nil without any.
	concepts *conceptSet
}

// compiledMatchers returns the matchers, compiling them the first time; nil
// for a questionnaire that was not loaded by Parse.
func (q *Questionnaire) compiledMatchers() *matchers {
	m := q.matchers
	if m == nil {
		return nil
	}
	m.once.Do(func() { q.compileMatchers(m) })
	return m
}

// Dimension is one axis of the rubric.
type Dimension struct {
	Key         string `yaml:"key" json:"key"`
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description" json:"description"`
	// HigherIsWorse marks a risk dimension: its score is reported as risk and
	// enters an overall score as 100 minus the risk.
	HigherIsWorse bool `yaml:"higher_is_worse" json:"higher_is_worse"`
	// DefaultWeight is the dimension's share of an overall score in a new evaluation.
	DefaultWeight float64 `yaml:"default_weight" json:"default_weight"`
}

// Section groups questions for the respondent.
type Section struct {
	Key   string `yaml:"key" json:"key"`
	Title string `yaml:"title" json:"title"`
	Intro string `yaml:"intro" json:"intro,omitempty"`
	// ShowIf, when set, shows the whole section only when an earlier answer
	// has one of the given values (see Condition).
	ShowIf    *Condition `yaml:"show_if,omitempty" json:"show_if,omitempty"`
	Questions []Question `yaml:"questions" json:"questions"`
}

// Question is one question with everything the respondent and the evaluator need.
type Question struct {
	Key      string       `yaml:"key" json:"key"`
	Prompt   string       `yaml:"prompt" json:"prompt"`
	Type     QuestionType `yaml:"type" json:"type"`
	Required bool         `yaml:"required" json:"required"`
	// ShowIf, when set, shows the question only when an earlier answer has
	// one of the given values (see Condition); hidden, it is never required,
	// scored or counted.
	ShowIf *Condition `yaml:"show_if,omitempty" json:"show_if,omitempty"`
	Help   string     `yaml:"help" json:"help,omitempty"`
	// Source says where in the guide the question comes from ("chapter 6").
	Source string `yaml:"source" json:"source,omitempty"`
	// Text, on a choice question, pairs it with a free-text answer.
	Text    *TextPart `yaml:"text" json:"text,omitempty"`
	Options []Option  `yaml:"options" json:"options,omitempty"`
	Scale   *Scale    `yaml:"scale" json:"scale,omitempty"`
	// File, on a file question, narrows the kinds of file it takes and sets
	// its size limit (FileSpec); left out, the defaults apply.
	File *FileSpec `yaml:"file,omitempty" json:"file,omitempty"`

	Dimensions []DimensionWeight `yaml:"dimensions" json:"dimensions"`
	Guidance   Guidance          `yaml:"guidance" json:"guidance"`
	Knockout   *Knockout         `yaml:"knockout" json:"knockout,omitempty"`
}

// TextPart is the free-text half of a paired question.
type TextPart struct {
	Label    string `yaml:"label" json:"label"`
	Required bool   `yaml:"required" json:"required"`
}

// Option is one choice. Score is 0 to 4 on the question's dimensions; for a
// dependency-risk dimension a higher score still means a better answer (less risk).
type Option struct {
	Key   string `yaml:"key" json:"key"`
	Label string `yaml:"label" json:"label"`
	Score *int   `yaml:"score" json:"score"`
	// ContradictedBy lists signal rules that, found in the same question's text,
	// contradict choosing this option ("we work within your tools" against a
	// text that says "we move every client onto our stack").
	ContradictedBy []string `yaml:"contradicted_by" json:"contradicted_by,omitempty"`
	// Exclusive marks a "none of these" option of a multiple-choice question.
	Exclusive bool `yaml:"exclusive" json:"exclusive,omitempty"`
}

// Scale is a whole-number range; its score is spread linearly over 0 to 4.
type Scale struct {
	Min      int    `yaml:"min" json:"min"`
	Max      int    `yaml:"max" json:"max"`
	MinLabel string `yaml:"min_label" json:"min_label"`
	MaxLabel string `yaml:"max_label" json:"max_label"`
}

// DimensionWeight says that a question feeds a dimension, and how much.
type DimensionWeight struct {
	Dimension string  `yaml:"dimension" json:"dimension"`
	Weight    float64 `yaml:"weight" json:"weight"`
}

// Guidance is for evaluators only; respondents never see it.
type Guidance struct {
	ListenFor string   `yaml:"listen_for" json:"listen_for"`
	RedFlags  []string `yaml:"red_flags" json:"red_flags"`
	// Anchors describe a 0, 1, 2, 3 and 4 answer.
	Anchors map[int]string `yaml:"anchors" json:"anchors"`
}

// Knockout is a minimum score a candidate must reach on the question.
type Knockout struct {
	MinScore int    `yaml:"min_score" json:"min_score"`
	Reason   string `yaml:"reason" json:"reason"`
}

// SignalKind is the colour of a signal: red warns, green reassures.
type SignalKind string

const (
	SignalRed   SignalKind = "red"
	SignalGreen SignalKind = "green"
)

// SignalRule is a transparent rule. Patterns are regular expressions (RE2
// syntax) matched case-insensitively on word boundaries; straight and curly
// apostrophes are treated alike. Match, with an evidence block, lists concept
// conjunctions (see Conjunction): families of words that must occur together
// in one clause, which generalise to wordings nobody listed. A rule matches
// where any pattern or any conjunction does. A signal never changes a score by
// itself. With an evidence block, a match in a negated clause does not count
// as the rule ("we never rip and replace"); Negated says what it counts as
// instead.
type SignalRule struct {
	Key         string     `yaml:"key" json:"key"`
	Label       string     `yaml:"label" json:"label"`
	Kind        SignalKind `yaml:"kind" json:"kind"`
	Dimension   string     `yaml:"dimension" json:"dimension"`
	Description string     `yaml:"description" json:"description"`
	// Patterns is never nil once loaded (empty for a concept-only rule), so
	// that it reads as a list wherever the questionnaire is shown.
	Patterns []string `yaml:"patterns,omitempty" json:"patterns"`
	// Concepts are the rule's own concept groups, by name; groups shared by
	// several rules are declared once in Evidence.Concepts.
	Concepts map[string][]string `yaml:"concepts,omitempty" json:"concepts,omitempty"`
	// Match lists the conjunctions of concept groups, any one of which is a
	// match of the rule.
	Match []Conjunction `yaml:"match,omitempty" json:"match,omitempty"`
	// Questions, when set, limits the rule to these question keys.
	Questions []string `yaml:"questions" json:"questions,omitempty"`
	// Negated, when set, says what a negated match counts as.
	Negated *NegatedMeaning `yaml:"negated,omitempty" json:"negated,omitempty"`
}

// Question returns the question with the given key.
func (q *Questionnaire) Question(key string) (*Question, bool) {
	qq, ok := q.byKey[key]
	return qq, ok
}

// Questions returns every question in order.
func (q *Questionnaire) Questions() []*Question {
	out := make([]*Question, 0, len(q.byKey))
	for i := range q.Sections {
		for j := range q.Sections[i].Questions {
			out = append(out, &q.Sections[i].Questions[j])
		}
	}
	return out
}

// Dimension returns the dimension with the given key.
func (q *Questionnaire) Dimension(key string) (Dimension, bool) {
	for _, d := range q.Dimensions {
		if d.Key == key {
			return d, true
		}
	}
	return Dimension{}, false
}

// DefaultWeights returns the dimensions' default weights.
func (q *Questionnaire) DefaultWeights() map[string]float64 {
	w := make(map[string]float64, len(q.Dimensions))
	for _, d := range q.Dimensions {
		w[d.Key] = d.DefaultWeight
	}
	return w
}

// SignalPatterns returns the compiled patterns of a signal rule: case-insensitive,
// on Unicode word boundaries, with the matched words in submatch 1 (the
// characters around them are part of the whole match).
func (q *Questionnaire) SignalPatterns(ruleKey string) []*regexp.Regexp {
	if m := q.compiledMatchers(); m != nil {
		return m.compiled[ruleKey]
	}
	return nil
}

// SignalMatcher returns one pattern for the whole rule (its patterns as
// alternatives), bounded like SignalPatterns; nil for an unknown rule.
func (q *Questionnaire) SignalMatcher(ruleKey string) *regexp.Regexp {
	if m := q.compiledMatchers(); m != nil {
		return m.combined[ruleKey]
	}
	return nil
}

// SignalPrefilter returns lower-case strings one of which must appear in a
// text (after apostrophes are made straight and the text lower-cased) for the
// rule to match it; nil when the rule allows no such shortcut.
func (q *Questionnaire) SignalPrefilter(ruleKey string) []string {
	if m := q.compiledMatchers(); m != nil {
		return m.prefixes[ruleKey]
	}
	return nil
}

// Option returns the option with the given key.
func (qq *Question) Option(key string) (Option, bool) {
	for _, o := range qq.Options {
		if o.Key == key {
			return o, true
		}
	}
	return Option{}, false
}

// IsChoice reports whether the question is answered by picking options.
func (qq *Question) IsChoice() bool {
	return qq.Type == TypeSingleChoice || qq.Type == TypeMultipleChoice || qq.Type == TypeYesNo
}
