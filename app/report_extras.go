package app

import (
	"context"
	"sort"
	"time"

	"mspeval"
	"mspeval/report"
)

// preparedBy names the caller for a report's sign-off block: the user's
// name, or their address; "" from the command line, which acts for no one.
func preparedBy(c mspeval.Caller) string {
	if c.Name != "" {
		return c.Name
	}
	return c.Email
}

// addRaters tells each candidate of a report who rated its answers, how many
// and when last. Only the ratings the comparison scored count: under blind
// ratings the caller learns nothing about ratings hidden from them, and a
// rating of an answer that changed since is not counted until confirmed.
func (s *Service) addRaters(ctx context.Context, c mspeval.Caller, cmp *Comparison, d *report.Data) error {
	times, err := s.store.RatingTimes(ctx, c, cmp.Evaluation.ID)
	if err != nil {
		return err
	}
	type key struct{ candidate, question, evaluator string }
	at := make(map[key]time.Time, len(times))
	for _, t := range times {
		at[key{t.CandidateID, t.QuestionKey, t.EvaluatorID}] = t.RatedAt
	}
	for _, cand := range cmp.Input.Candidates {
		byEvaluator := map[string]*report.Rater{}
		var order []string
		for q, ratings := range cand.Ratings {
			for _, r := range ratings {
				rt, ok := byEvaluator[r.Evaluator]
				if !ok {
					rt = &report.Rater{Name: r.Name}
					if rt.Name == "" {
						rt.Name = "An evaluator"
					}
					byEvaluator[r.Evaluator] = rt
					order = append(order, r.Evaluator)
				}
				rt.Answers++
				if when := at[key{cand.ID, q, r.Evaluator}]; when.After(rt.Last) {
					rt.Last = when
				}
			}
		}
		raters := make([]report.Rater, 0, len(order))
		for _, id := range order {
			raters = append(raters, *byEvaluator[id])
		}
		// Most answers first, then by name: the same order whatever the map's.
		sort.Slice(raters, func(i, j int) bool {
			if raters[i].Answers != raters[j].Answers {
				return raters[i].Answers > raters[j].Answers
			}
			return raters[i].Name < raters[j].Name
		})
		rc := d.Candidates[cand.ID]
		rc.Raters = raters
		d.Candidates[cand.ID] = rc
	}
	return nil
}

// addLinks gives a candidate's entry in a report the history of its links.
func (s *Service) addLinks(ctx context.Context, c mspeval.Caller, candidateID string, d *report.Data) error {
	records, err := s.store.LinkHistory(ctx, c, candidateID)
	if err != nil {
		return err
	}
	links := make([]report.Link, len(records))
	for i, r := range records {
		l := report.Link{Created: r.CreatedAt, CreatedBy: r.CreatedByName, Expires: r.ExpiresAt,
			Opened: r.OpenedAt, Started: r.StartedAt, Submitted: r.SubmittedAt, Revoked: r.RevokedAt}
		for _, e := range r.Emails {
			l.Emails = append(l.Emails, report.LinkEmail{Kind: e.Topic, To: e.Recipient, State: e.State,
				Queued: e.QueuedAt, Sent: e.SentAt})
		}
		links[i] = l
	}
	rc := d.Candidates[candidateID]
	rc.Links = links
	d.Candidates[candidateID] = rc
	return nil
}
