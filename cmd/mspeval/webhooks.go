package main

import "mspeval/outreach"

// newPoster returns what delivers webhooks; until the webhook client is wired
// in, deliveries wait in the outbox.
func newPoster(cfg Config) (outreach.Poster, error) { return nil, nil }
