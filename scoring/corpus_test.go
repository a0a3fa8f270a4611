package scoring

import (
	"os"
	"strings"
	"testing"

	"mspeval/questions"
)

// partnerSelectionV2 reads the draft of version 2, which adds text evidence. It
// is not built in yet: a published version never changes, so it is published
// (moved to questions/builtin) only once its rules meet TestCorpus's thresholds.
func partnerSelectionV2(t testing.TB) *questions.Questionnaire {
	t.Helper()
	const path = "../questions/drafts/partner-selection.v2.yaml"
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	q, err := questions.Parse("partner-selection.v2.yaml", data)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return q
}

// TestCorpus measures the version 2 rules on the labelled corpus in
// testdata/corpus.tsv and prints the confusion table (go test -run TestCorpus -v).
//
// Per text, a rule "fires" when the text counts as it: an un-negated match, or
// a negated match counted as the rule's declared negated meaning. The test
// fails when:
//   - red recall is below 90 %: a red text counts as recalled when its own
//     rule (the rule column) fires; recall = recalled / red texts;
//   - green recall is below 90 %, the same for green texts;
//   - precision is below 95 %: precision = firings with the right polarity /
//     all firings over the corpus, where red is right on red and negated_green
//     texts, green on green and negated_red texts, and nothing on neutral ones;
//   - any negated text is flagged with the wrong polarity: a negated_red text
//     must fire no red rule, a negated_green text no green rule.
func TestCorpus(t *testing.T) {
	q := partnerSelectionV2(t)
	f, err := os.Open("testdata/corpus.tsv")
	if err != nil {
		t.Skipf("no corpus: %v", err)
	}
	defer f.Close()
	rep, err := CheckCorpus(q, f)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := rep.Write(&b); err != nil {
		t.Fatal(err)
	}
	t.Log("\n" + b.String())
	if os.Getenv("MSPEVAL_CORPUS_STRICT") == "" {
		t.Skip("the draft v2 rules are still being tuned (issue 15): the table above is printed, and the thresholds are enforced " +
			"with MSPEVAL_CORPUS_STRICT=1, and always once v2 is published")
	}
	for _, msg := range rep.Failures() {
		t.Error(msg)
	}
}
