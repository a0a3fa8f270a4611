package outreach

import (
	"context"
	"time"
)

// Schedule runs the timed work until ctx ends: once a minute it queues the
// reminders due today and closes the evaluations whose due date is over
// (those that asked to). Its state is the
// database's, so a restart or a second instance changes nothing.
func (w *Worker) Schedule(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		if n, err := w.store.SendDueReminders(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("queueing reminders", "err", err)
		} else if n > 0 {
			w.log.Info("queued reminders", "count", n)
		}
		if n, err := w.store.CloseDueEvaluations(ctx); err != nil && ctx.Err() == nil {
			w.log.Error("closing evaluations at their due date", "err", err)
		} else if n > 0 {
			w.log.Info("closed evaluations at their due date", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
