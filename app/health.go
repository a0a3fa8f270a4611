package app

import (
	"context"
	"database/sql"
)

// Ready reports whether the service can do its work: the database answers
// and takes writes.
func (s *Service) Ready(ctx context.Context) error { return s.store.Ready(ctx) }

// Pools returns the database pools by name, for metrics.
func (s *Service) Pools() map[string]*sql.DB { return s.store.Pools() }

// OutboxDepth counts the emails and webhooks waiting to be sent.
func (s *Service) OutboxDepth(ctx context.Context) (int, error) { return s.store.OutboxDepth(ctx) }
