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
// A workspace's own questionnaires are documents of the same format, checked by
// the same rules: Decode reads one (YAML, or its JSON form) and names every
// problem of its structure at its field, Validate every problem of the rules,
// and Encode and Export write one back (document.go, problem.go). Their keys
// are namespaced by the workspace (workspace.go), and the store finds their
// published versions through the catalog's lookup (Catalog.WithLookup).
// Compare says what changed between two versions (diff.go). A question or
// section may show only for some earlier answers (condition.go): Visibility is
// the one rule for what a respondent is asked, which progress, submit,
// scoring, the pages and the reports all follow. A file question asks for a
// document as evidence (file.go): its settings (kinds, size limit), and the
// FileRef its answer carries once the service has stored the file.
//
// The package is plain Go: no HTTP, no database, no clock.
package questions
