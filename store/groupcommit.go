package store

import (
	"context"
	"errors"
	"sync"

	"gorm.io/gorm"
)

// Group commit. SQLite has one writer, and with synchronous=FULL every
// commit waits for the disk. Autosaves arrive many at a time, so the writer
// takes the saves that queued while it was busy and commits them together, in
// one transaction and one sync: each runs in a savepoint of its own, so one
// that fails is rolled back alone, and none is acknowledged before the
// commit that keeps it. Nothing waits on a timer: a save that finds the
// writer idle is committed at once.

// maxGroup bounds how many writes share one commit.
const maxGroup = 64

type groupJob struct {
	ctx  context.Context
	fn   func(tx *gorm.DB) error
	done chan error
}

type committer struct {
	jobs     chan *groupJob
	stop     chan struct{}
	stopOnce sync.Once
	stopped  sync.WaitGroup
}

var errStoreClosed = errors.New("the store is closed")

func (s *Store) startCommitter() {
	c := &committer{jobs: make(chan *groupJob, maxGroup), stop: make(chan struct{})}
	c.stopped.Add(1)
	go func() {
		defer c.stopped.Done()
		for {
			select {
			case <-c.stop:
				return
			case first := <-c.jobs:
				group := []*groupJob{first}
			more:
				for len(group) < maxGroup {
					select {
					case j := <-c.jobs:
						group = append(group, j)
					default:
						break more
					}
				}
				s.commitGroup(group)
			}
		}
	}()
	s.group = c
}

// stopCommitter ends the committer; writes still queued get errStoreClosed.
func (s *Store) stopCommitter() {
	if s.group == nil {
		return
	}
	s.group.stopOnce.Do(func() { close(s.group.stop) })
	s.group.stopped.Wait()
	for {
		select {
		case j := <-s.group.jobs:
			j.done <- errStoreClosed
		default:
			return
		}
	}
}

// groupWrite runs fn in a write transaction, shared with the writes queued at
// the same moment on SQLite; on PostgreSQL it is write.
func (s *Store) groupWrite(ctx context.Context, fn func(tx *gorm.DB) error) error {
	if s.group == nil {
		return s.write(ctx, fn)
	}
	j := &groupJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case s.group.jobs <- j:
	case <-ctx.Done():
		return translate(ctx.Err())
	case <-s.group.stop:
		return translate(errStoreClosed)
	}
	// Once queued, the job's outcome is awaited even if the client has gone:
	// it may be committed, and the answer must say what happened.
	select {
	case err := <-j.done:
		return translate(err)
	case <-s.group.stop:
		return translate(errStoreClosed)
	}
}

// commitGroup runs the jobs in one transaction, each in its own savepoint.
func (s *Store) commitGroup(group []*groupJob) {
	results := make([]error, len(group))
	err := s.w.Transaction(func(tx *gorm.DB) error {
		for i, j := range group {
			if err := j.ctx.Err(); err != nil {
				results[i] = err // the client gave up before its turn: not run
				continue
			}
			if err := tx.Exec("SAVEPOINT autosave").Error; err != nil {
				return err
			}
			// Not the job's context: cancelling a statement interrupts the
			// connection, which could roll back the whole group.
			if err := j.fn(tx); err != nil {
				results[i] = err
				if err := tx.Exec("ROLLBACK TO SAVEPOINT autosave").Error; err != nil {
					return err
				}
			}
			if err := tx.Exec("RELEASE SAVEPOINT autosave").Error; err != nil {
				return err
			}
		}
		return nil
	})
	for i, j := range group {
		if err != nil && results[i] == nil {
			results[i] = err // the commit failed: nothing of the group was kept
		}
		j.done <- results[i]
	}
}
