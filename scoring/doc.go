// Package scoring is the rubric engine: it turns a questionnaire version, the
// candidates' answers, the evaluators' ratings and the evaluation's dimension
// weights into scores a person can check with a calculator, and it finds the
// signals, contradictions and evaluator disagreements that an evaluator should see.
//
// It is plain Go: no HTTP, no database, no clock, no randomness. The same input
// gives the same output, whatever order the candidates come in.
//
// The method, step by step:
//
//  1. An answer's score (0 to 4) is the median of its evaluators' ratings where
//     anyone rated it; otherwise the chosen option's score (a multiple choice adds
//     its options' scores, capped at 4; a scale spreads evenly over 0 to 4). A text
//     answer nobody rated, and a question left unanswered, are unscored: they
//     count as missing, never as zero.
//  2. A dimension's score is the weighted mean of its scored answers, times 25
//     (so 0 to 100). For a dimension where higher is worse (dependency risk) the
//     answers still score 4 for the best answer, and the dimension is reported as
//     risk = 100 minus that mean.
//  3. A dimension's coverage is the share of its question weight that is scored.
//  4. The overall score is the evaluation's weights over the dimensions, with
//     100 minus risk for a risk dimension. A dimension with nothing scored is left
//     out and the other weights are scaled up; the overall coverage (the weighted
//     mean of the dimensions' coverage) shows how much is missing.
//  5. A candidate under a question's knockout minimum is marked and ranked below
//     every candidate without a knockout. Ties are broken by higher coverage, then
//     by name, then by ID.
//  6. Sensitivity tries every weighting on a 5 % grid (weights adding to 100) and
//     counts how often each candidate ranks first; it also finds the nearest such
//     weighting that puts the runner-up first.
package scoring
