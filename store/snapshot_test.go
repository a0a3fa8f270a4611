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

// TestReadsSeeOneMoment hammers one response with saves while reading it: the
// revision a read returns must be the one its answers were saved at. Each save
// writes "save N" into a text answer, and saves run one after another, so
// revision and N move together; a read whose two statements straddle a commit
// (READ COMMITTED on PostgreSQL) shows an answer from another revision.
func TestReadsSeeOneMoment(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		ctx := context.Background()
		s := storetest.Open(t, dsn, nil)
		owner := storetest.Account(t, s, "owner@example.com", "Acme", mspeval.RoleOwner)
		ev, _ := s.CreateEvaluation(ctx, owner, store.EvaluationInput{Name: "E", QuestionnaireKey: "partner-selection"})
		cand, _ := s.CreateCandidate(ctx, owner, ev.ID, store.CandidateInput{Name: "MSP"})
		q, _ := s.Catalog().Get(ev.QuestionnaireKey, ev.QuestionnaireVersion)
		var key string
		for _, qq := range q.Questions() {
			if qq.Type == questions.TypeText {
				key = qq.Key
				break
			}
		}
		save := func(n int) (int, error) {
			text := fmt.Sprintf("save %d", n)
			set, err := s.SaveAnswers(ctx, owner, cand.ID, map[string]*questions.Answer{key: {Text: &text}})
			return set.Candidate.Response.Revision, err
		}
		base, err := save(0)
		if err != nil {
			t.Fatal(err)
		}
		const saves, readers, reads = 300, 4, 128
		done := make(chan struct{})
		go func() {
			defer close(done)
			for i := 1; i <= saves; i++ {
				if _, err := save(i); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		var wg sync.WaitGroup
		var mu sync.Mutex
		torn := 0
		for r := 0; r < readers; r++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := 0; i < reads; i++ {
					set, err := s.GetAnswers(ctx, owner, cand.ID)
					if err != nil {
						t.Error(err)
						return
					}
					want := fmt.Sprintf("save %d", set.Candidate.Response.Revision-base)
					if got := *set.Answers[key].Text; got != want {
						mu.Lock()
						torn++
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		<-done
		if torn > 0 {
			t.Errorf("%d of %d reads saw a revision with answers of another moment", torn, readers*reads)
		}
	})
}
