// Package questions is the questionnaire model: dimensions, sections, questions with
// their options, evaluator guidance, signal rules and the evidence settings (negation,
// specifics, vagueness, the suggested-rating formula); the loader that reads and checks a
// questionnaire file; the phrase matcher that reads an answer text for all of a
// questionnaire's patterns in one pass; the concept matcher that finds a signal rule's
// families of words together in a clause (concepts.go), so that a rule recognises
// wordings nobody listed; the rules an answer must follow to be stored; and a
// questionnaire's results block (results.go): tiers that put scores into
// words, next steps, and whether respondents see their own results
// (respondent_result.go builds what they may see).
//
// Built-in questionnaires are data files under builtin/, embedded in the binary. A
// published version never changes: its checksum is recorded in the database, and a
// changed file with the same version is refused at start-up.
//
// The package is plain Go: no HTTP, no database, no clock.
package questions
