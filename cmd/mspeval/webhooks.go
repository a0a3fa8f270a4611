package main

import (
	"net/netip"

	"mspeval/outreach"
	"mspeval/webhook"
)

// newPoster returns the webhook client, allowed to reach the private ranges
// the configuration names (checked at start).
func newPoster(cfg Config) (outreach.Poster, error) {
	allow, err := allowList(cfg.WebhookAllow)
	if err != nil {
		return nil, err
	}
	return webhook.NewClient(webhook.Options{AllowPrivate: allow}), nil
}

func allowList(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, p := range list {
		pfx, err := netip.ParsePrefix(p)
		if err != nil {
			return nil, err
		}
		out = append(out, pfx)
	}
	return out, nil
}
