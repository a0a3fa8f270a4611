// Package scoring is the rubric engine: it turns a questionnaire version, the
// candidates' answers, the evaluators' ratings and the evaluation's dimension
// weights into scores a person can check with a calculator, and it finds the
// signals, contradictions, text evidence and evaluator disagreements that an
// evaluator should see.
//
// It is plain Go: no HTTP, no database, no clock, no randomness. The same input
// gives the same output, whatever order the candidates come in. (Texts and
// candidates are spread over the machine's cores; each is worked out on its
// own, so that changes only the time it takes.)
//
// Reading an answer's text (AssessText), when the questionnaire declares
// evidence:
//
//   - signal rules are matched on word boundaries: their patterns, and their
//     concept conjunctions (a word of each family in one clause: "our NOC" +
//     "holds" + "the admin passwords"); a match in a negated clause ("we never
//     rip and replace", "your passwords are never held by us") counts only as
//     its rule's declared negated meaning, or as nothing, and raises no
//     contradiction. A concept match lists its parts (EvidenceSignal.Parts);
//     a cue inside a part ("won't have to worry") negates nothing, and a match
//     that spans clauses is judged in its last clause;
//   - specifics (named roles, cadences, time limits, artefacts, examples,
//     numbers, outcomes) and vague phrases are found the same way;
//   - the suggested rating is the questionnaire's formula: base + points per
//     specifics category + points per green rule − points per red rule −
//     points per vague phrase, kept within 0 to 4, at most a set value for a
//     very short text. Every step is listed in Evidence.Reasons.
//
// The method, step by step:
//
//  1. An answer's score (0 to 4) is the median of its evaluators' ratings where
//     anyone rated it. Otherwise, with text scoring on (Input.TextScoring) and a
//     questionnaire that declares evidence, it is provisional: the chosen
//     option's score as far as the text supports it (a contradiction, or a top
//     option whose text has no specifics, caps it at the text's suggested
//     rating), or the suggested rating for a text-only answer. Otherwise the
//     chosen option's score (a multiple choice adds its options' scores, capped
//     at 4; a scale spreads evenly over 0 to 4). A text answer nobody rated
//     (text scoring off), and a question left unanswered, are unscored: they
//     count as missing, never as zero.
//  2. A dimension's score is the weighted mean of its scored answers, times 25
//     (so 0 to 100). For a dimension where higher is worse (dependency risk) the
//     answers still score 4 for the best answer, and the dimension is reported as
//     risk = 100 minus that mean.
//  3. A dimension's coverage is the share of its question weight that is scored;
//     the scored weight splits into what evaluators rated and what is
//     provisional.
//  4. The overall score is the evaluation's weights over the dimensions, with
//     100 minus risk for a risk dimension. A dimension with nothing scored is left
//     out and the other weights are scaled up; the overall coverage (the weighted
//     mean of the dimensions' coverage) shows how much is missing, and the
//     confidence says when part of the score is provisional.
//  5. A candidate under a question's knockout minimum is marked and ranked below
//     every candidate without a knockout. Overall scores within TieTolerance
//     (0.5 points) of the highest score of their group are a tie: tied
//     candidates share a rank, listed by score, then coverage, then name, then
//     ID.
//  6. Sensitivity tries every weighting on a 5 % grid (weights adding to 100) and
//     counts how often each candidate ranks first (a tie for first splits the
//     weighting between the tied); it also finds the nearest such weighting that
//     puts the runner-up ahead by more than a tie.
package scoring
