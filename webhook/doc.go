// Package webhook signs, sends and verifies webhook deliveries as the
// Standard Webhooks specification describes (https://www.standardwebhooks.com/):
// each POST carries webhook-id, webhook-timestamp and webhook-signature, the
// last an HMAC-SHA256 over "id.timestamp.body" with a whsec_ secret, so a
// receiver can check with any Standard Webhooks library that the message
// came from us, unchanged and recently.
//
// Because the URL is typed by a workspace owner, sending to it must not let
// them reach inside our network. The Client refuses loopback, private,
// link-local (cloud metadata), unspecified, multicast and other
// special-purpose addresses at dial time, after DNS resolution, so a name
// that resolves, or later re-resolves, to such an address is refused too.
// Redirects are not followed and responses are read only up to a small limit.
//
// The package is plain Go over net/http. It must not import the store, the
// API or any other part of mspeval: the outbox calls it with a Delivery and
// records the Result.
package webhook
