package scoring

// Sources of an answer's score.
const (
	SourceOption     = "option"     // the chosen option's score
	SourceConsensus  = "consensus"  // the median of evaluators' ratings
	SourceUnscored   = "unscored"   // answered, but nothing gives it a score yet
	SourceUnanswered = "unanswered" // no answer
	// SourceHidden is set by the API, not the engine: under blind ratings, a
	// consensus the caller may not see yet.
	SourceHidden = "hidden"
)

// Confidence levels, by overall coverage: high from 80 %, medium from 50 %.
const (
	ConfidenceHigh   = "high"
	ConfidenceMedium = "medium"
	ConfidenceLow    = "low"
)

// Result is an evaluation's comparison.
type Result struct {
	// Weights are the dimension weights used, as percentages adding to 100.
	Weights     map[string]float64 `json:"weights"`
	Dimensions  []DimensionInfo    `json:"dimensions"`
	Candidates  []CandidateResult  `json:"candidates"` // in rank order
	Sensitivity Sensitivity        `json:"sensitivity"`
	TieBreak    string             `json:"tie_break"`
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
	Rank int    `json:"rank"`
	// Overall is 0-100, nil when nothing is scored.
	Overall        *float64         `json:"overall"`
	Coverage       float64          `json:"coverage"`
	Confidence     string           `json:"confidence"`
	Dimensions     []DimensionScore `json:"dimensions"`
	Answers        []AnswerScore    `json:"answers"`
	Knockouts      []Knockout       `json:"knockouts"`
	Signals        []SignalMatch    `json:"signals"`
	Contradictions []Contradiction  `json:"contradictions"`
	Disagreements  []string         `json:"disagreements"` // question keys whose ratings spread by 2 or more
	RedFlags       int              `json:"red_flags"`
	FirstShare     float64          `json:"first_share"` // share of grid weightings under which it ranks first
	// Withheld is set by Blind: some scores wait until the evaluator has rated
	// the answers others rated.
	Withheld bool `json:"withheld"`
}

// DimensionScore is one dimension of one candidate, with its explanation.
type DimensionScore struct {
	Key string `json:"key"`
	// Score is 0-100; for a higher-is-worse dimension it is the risk. Nil when
	// nothing of the dimension is scored.
	Score         *float64       `json:"score"`
	HigherIsWorse bool           `json:"higher_is_worse"`
	Coverage      float64        `json:"coverage"`
	Contributions []Contribution `json:"contributions"`
}

// Contribution is one answer's part in a dimension score. Points add up to the
// dimension's mean (before a risk dimension is turned into risk).
type Contribution struct {
	Question string   `json:"question"`
	Score    *float64 `json:"score"` // 0-4, nil when unscored
	Weight   float64  `json:"weight"`
	Source   string   `json:"source"`
	Points   float64  `json:"points"`
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
}

// Knockout marks a candidate under a question's minimum.
type Knockout struct {
	Question string `json:"question"`
	MinScore int    `json:"min_score"`
	// Score is nil only where the API withholds it under blind ratings.
	Score  *float64 `json:"score"`
	Reason string   `json:"reason"`
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
}

// Swap describes the smallest change of weights that swaps the top two.
type Swap struct {
	Leader    string             `json:"leader"`
	RunnerUp  string             `json:"runner_up"`
	Weights   map[string]float64 `json:"weights"`
	Moved     float64            `json:"moved"` // percentage points moved between dimensions
	Reachable bool               `json:"reachable"`
}
