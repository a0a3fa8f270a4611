package store_test

import (
	"context"
	"fmt"
	"sync"
	"testing"

	"mspeval"
	"mspeval/questions"
	"mspeval/store"
	"mspeval/store/storetest"
)

// TestSavesCommittedTogetherKeepTheirOwnOutcome: many respondents save at
// once, some with answers that break a rule. On SQLite the saves share
// commits; each valid save is kept with its own revision, each invalid one is
// refused alone and changes nothing.
func TestSavesCommittedTogetherKeepTheirOwnOutcome(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		ev, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
		q, _ := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		var textKey, choiceKey string
		for _, qq := range q.Questions() {
			switch {
			case qq.Type == questions.TypeText && textKey == "":
				textKey = qq.Key
			case qq.Type == questions.TypeSingleChoice && choiceKey == "":
				choiceKey = qq.Key
			}
		}
		const respondents, saves = 12, 20
		secrets := make([]string, respondents)
		cands := make([]string, respondents)
		for i := range secrets {
			c, _ := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: fmt.Sprintf("MSP %d", i)})
			_, secret, err := s.CreateInvitation(ctx, owner, c.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			secrets[i], cands[i] = secret, c.ID
		}
		var wg sync.WaitGroup
		for i := range secrets {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				for n := 1; n <= saves; n++ {
					text := fmt.Sprintf("save %d", n)
					in := map[string]*questions.Answer{textKey: {Text: &text}}
					bad := n%5 == 0
					if bad {
						// a valid text beside an option the question does not have: the whole save is refused
						nope := "no-such-option"
						in[choiceKey] = &questions.Answer{Choice: &nope}
					}
					d, err := s.RespondentSave(ctx, secrets[i], in)
					switch {
					case bad && mspeval.ErrorCode(err) != mspeval.EINVALID:
						t.Errorf("respondent %d save %d: got %v, want invalid", i, n, err)
					case !bad && err != nil:
						t.Errorf("respondent %d save %d: %v", i, n, err)
					case !bad && len(d.Saved) != 1:
						t.Errorf("respondent %d save %d: saved %v", i, n, d.Saved)
					}
				}
			}(i)
		}
		wg.Wait()
		for i, id := range cands {
			set, err := s.GetAnswers(ctx, owner, id)
			if err != nil {
				t.Fatal(err)
			}
			// The last valid save was save 19; the refused ones left no trace.
			if got := set.Answers[textKey].Text; got == nil || *got != "save 19" {
				t.Errorf("respondent %d: text %v, want save 19", i, got)
			}
			if _, ok := set.Answers[choiceKey]; ok {
				t.Errorf("respondent %d: a refused save left an answer", i)
			}
			if want := saves - saves/5; set.Candidate.Response.Revision != want {
				t.Errorf("respondent %d: revision %d, want %d (one per kept save)", i, set.Candidate.Response.Revision, want)
			}
		}
	})
}
