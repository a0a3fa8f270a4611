package scoring

import "mspeval/questions"

// Shares turns weights into percentages over the questionnaire's dimensions, as
// Evaluate does: missing dimensions weigh nothing, unknown ones, negative values
// and an all-zero set are errors. Callers that show weights use it, so a share
// on screen is always the share the engine used.
func Shares(q *questions.Questionnaire, w map[string]float64) (map[string]float64, error) {
	return shares(q, w)
}
