package scoring

// Sources of an answer's score.
const (
	SourceOption     = "option"     // the chosen option's score
	SourceConsensus  = "consensus"  // the median of evaluators' ratings
	SourceUnscored   = "unscored"   // answered, but nothing gives it a score yet
	SourceUnanswered = "unanswered" // no answer
	// SourceNotAsked marks a question the respondent was not shown: its
	// condition (show_if) does not hold for their answers. It is never
	// scored, required or counted in coverage, and an answer it keeps from
	// before it was hidden is ignored.
	SourceNotAsked = "not_asked"
	// SourceProvisional is a score taken from the answer text's suggested
	// rating (see Input.TextScoring): a text-only answer, or an option whose
	// text does not support it. Until an evaluator rates the answer.
	SourceProvisional = "provisional"
	// SourceHidden is set by the API, not the engine: under blind ratings, a
	// consensus the caller may not see yet.
	SourceHidden = "hidden"
)

// Confidence levels, by overall coverage: high from 80 %, medium from 50 %.
// With text scoring on, a candidate any of whose scored weight is provisional
// has the level followed by ProvisionalSuffix ("high, provisional").
const (
	ConfidenceHigh    = "high"
	ConfidenceMedium  = "medium"
	ConfidenceLow     = "low"
	ProvisionalSuffix = ", provisional"
)

// Result is an evaluation's comparison.
type Result struct {
	// Weights are the dimension weights used, as percentages adding to 100.
	Weights     map[string]float64 `json:"weights"`
	Dimensions  []DimensionInfo    `json:"dimensions"`
	Candidates  []CandidateResult  `json:"candidates"` // in rank order
	Sensitivity Sensitivity        `json:"sensitivity"`
	TieBreak    string             `json:"tie_break"`
	// TieTolerance is the largest difference of overall scores that is a tie.
	TieTolerance float64 `json:"tie_tolerance"`
	// TextScoring says whether unrated answers were scored provisionally from
	// their texts.
	TextScoring bool `json:"text_scoring"`
}

// DimensionInfo names a dimension of the rubric.
type DimensionInfo struct {
	Key           string `json:"key"`
	Name          string `json:"name"`
	HigherIsWorse bool   `json:"higher_is_worse"`
}

// CandidateResult is one candidate's scores, flags and explanation.
type CandidateResult struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Rank counts from 1; tied candidates share one (1, 1, 3).
	Rank int `json:"rank"`
	// Tied marks a candidate whose overall score is within TieTolerance of
	// another's; TiedWith lists their IDs in rank order.
	Tied     bool     `json:"tied"`
	TiedWith []string `json:"tied_with"`
	// Overall is 0-100, nil when nothing is scored.
	Overall  *float64 `json:"overall"`
	Coverage float64  `json:"coverage"`
	// RatedShare and ProvisionalShare split the scored weight (Coverage) into
	// what evaluators rated and what is provisional (text scoring on: option
	// scores and suggested ratings nobody rated yet). Both 0 with nothing scored.
	RatedShare       float64 `json:"rated_share"`
	ProvisionalShare float64 `json:"provisional_share"`
	// Confidence is the level by coverage ("medium"), followed by
	// ProvisionalSuffix when part of the score is provisional.
	Confidence string `json:"confidence"`
	// ConfidenceLevel is the level alone: high, medium or low.
	ConfidenceLevel string           `json:"confidence_level"`
	Dimensions      []DimensionScore `json:"dimensions"`
	Answers         []AnswerScore    `json:"answers"`
	Knockouts       []Knockout       `json:"knockouts"`
	Signals         []SignalMatch    `json:"signals"`
	Contradictions  []Contradiction  `json:"contradictions"`
	Disagreements   []string         `json:"disagreements"` // question keys whose ratings spread by 2 or more
	RedFlags        int              `json:"red_flags"`
	// GreenSignals counts the green matches the texts count as.
	GreenSignals       int `json:"green_signals"`
	ContradictionCount int `json:"contradiction_count"`
	// TextEvidence sums up what the answer texts show (with an evidence block).
	TextEvidence TextEvidence `json:"text_evidence"`
	// FirstShare is the share of grid weightings under which it ranks first;
	// a weighting under which k candidates tie for first gives each 1/k.
	FirstShare float64 `json:"first_share"`
	// Withheld is set by Blind: some scores wait until the evaluator has rated
	// the answers others rated.
	Withheld bool `json:"withheld"`
}

// DimensionScore is one dimension of one candidate, with its explanation.
type DimensionScore struct {
	Key string `json:"key"`
	// Score is 0-100; for a higher-is-worse dimension it is the risk. Nil when
	// nothing of the dimension is scored.
	Score         *float64 `json:"score"`
	HigherIsWorse bool     `json:"higher_is_worse"`
	Coverage      float64  `json:"coverage"`
	// RatedShare and ProvisionalShare split the scored weight.
	RatedShare       float64        `json:"rated_share"`
	ProvisionalShare float64        `json:"provisional_share"`
	Contributions    []Contribution `json:"contributions"`
}

// Contribution is one answer's part in a dimension score. Points add up to the
// dimension's mean (before a risk dimension is turned into risk). A question
// the respondent was not shown is listed with the source not_asked; its
// weight counts in neither the scored weight nor the dimension's total.
type Contribution struct {
	Question string   `json:"question"`
	Score    *float64 `json:"score"` // 0-4, nil when unscored
	Weight   float64  `json:"weight"`
	Source   string   `json:"source"`
	Points   float64  `json:"points"`
	// Provisional marks a score no evaluator has rated yet (text scoring on).
	Provisional bool `json:"provisional"`
}

// AnswerScore is one answer's score and where it came from.
type AnswerScore struct {
	Question     string   `json:"question"`
	Score        *float64 `json:"score"`
	Source       string   `json:"source"`
	OptionScore  *float64 `json:"option_score"`
	Ratings      []Rating `json:"ratings"`
	Consensus    *float64 `json:"consensus"`
	Spread       *float64 `json:"spread"`
	Disagreement bool     `json:"disagreement"`
	// Provisional marks a score no evaluator has rated yet, with text scoring
	// on; CapReason says why it is below the option's score.
	Provisional bool   `json:"provisional"`
	CapReason   string `json:"cap_reason,omitempty"`
	// TopOption marks a pick of the question's best-scoring option(s);
	// TextSupports says whether the answer's text supports the pick (it has
	// specifics and no contradiction).
	TopOption    bool `json:"top_option"`
	TextSupports bool `json:"text_supports"`
	// Evidence is what the answer's text shows; nil without a text. It is
	// shared with the cache: read it, never change it.
	Evidence *Evidence `json:"evidence,omitempty"`
}

// Knockout marks a candidate under a question's minimum.
type Knockout struct {
	Question string `json:"question"`
	MinScore int    `json:"min_score"`
	// Score is nil only where the API withholds it under blind ratings.
	Score  *float64 `json:"score"`
	Reason string   `json:"reason"`
	// Provisional marks a knockout by a score no evaluator has rated yet.
	Provisional bool `json:"provisional"`
}

// SignalMatch is a phrase rule found in an answer's text. Start and End are
// byte offsets into the answer's text; Matched is the text between them.
type SignalMatch struct {
	Rule      string `json:"rule"`
	Label     string `json:"label"`
	Kind      string `json:"kind"`
	Dimension string `json:"dimension"`
	Question  string `json:"question"`
	Matched   string `json:"matched"`
	Start     int    `json:"start"`
	End       int    `json:"end"`
	// NegationOf names the rule whose negated match this is, counted as this
	// rule by its declared meaning ("no exit fees": exit_lock_in, counted as
	// no_lock_in); the match then runs from the cue to the end of the words.
	NegationOf string `json:"negation_of,omitempty"`
}

// EvidenceSignal is a rule match as Evidence lists it: negated or not.
type EvidenceSignal struct {
	SignalMatch
	// Negated is the cue that negates the match ("never"), CueStart and
	// CueEnd its byte offsets; a negated match counts only as CountsAs
	// (nothing when empty).
	Negated  string `json:"negated,omitempty"`
	CueStart int    `json:"cue_start,omitempty"`
	CueEnd   int    `json:"cue_end,omitempty"`
	CountsAs string `json:"counts_as,omitempty"`
	// Parts, for a match of a concept rule, are the words of each concept
	// group that made it, in text order ("we": PROVIDER, "decide": DECIDE,
	// "roadmap": DIRECTION); empty for a phrase pattern's match.
	Parts []MatchPart `json:"parts,omitempty"`
}

// MatchPart is one concept group's words in a concept rule's match. Start and
// End are byte offsets into the answer's text.
type MatchPart struct {
	Concept string `json:"concept"`
	Matched string `json:"matched"`
	Start   int    `json:"start"`
	End     int    `json:"end"`
}

// Contradiction is a chosen option that the candidate's own text disputes.
type Contradiction struct {
	Question    string `json:"question"`
	Option      string `json:"option"`
	OptionLabel string `json:"option_label"`
	Rule        string `json:"rule"`
	Quote       string `json:"quote"`
}

// Sensitivity says how much the ranking depends on the weights.
type Sensitivity struct {
	GridStep   float64 `json:"grid_step"`
	Weightings int     `json:"weightings"`
	// Swap is the nearest grid weighting that puts the runner-up first; nil when
	// there is no runner-up or no weighting does it.
	Swap *Swap  `json:"swap"`
	Note string `json:"note"`
	// TiedLeaders lists the IDs of candidates tied for first under the
	// current weights; empty when one candidate leads alone.
	TiedLeaders []string `json:"tied_leaders"`
}

// TextEvidence sums up a candidate's answer texts.
type TextEvidence struct {
	// Texts is how many answer texts were read for evidence; WithSpecifics how
	// many of them hold a specific.
	Texts         int `json:"texts"`
	WithSpecifics int `json:"with_specifics"`
	// Strength is the mean suggested rating of the texts, 0 to 4; nil without
	// texts.
	Strength *float64 `json:"strength"`
	// TopOptions counts the questions with a text part where the candidate
	// picked the best option(s); TopSupported those whose text supports the
	// pick.
	TopOptions   int `json:"top_options"`
	TopSupported int `json:"top_supported"`
	// SaysRightThings flags a candidate that picks top options its texts do
	// not back up: at least SaysRightThingsMinTop top picks, fewer than half
	// supported. Note says it in words.
	SaysRightThings bool   `json:"says_right_things"`
	Note            string `json:"note"`
}

// Swap describes the smallest change of weights that swaps the top two.
type Swap struct {
	Leader    string             `json:"leader"`
	RunnerUp  string             `json:"runner_up"`
	Weights   map[string]float64 `json:"weights"`
	Moved     float64            `json:"moved"` // percentage points moved between dimensions
	Reachable bool               `json:"reachable"`
}
