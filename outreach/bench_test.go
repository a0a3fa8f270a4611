package outreach_test

import (
	"context"
	"testing"
	"time"

	"mspeval/mail/mailtest"
	"mspeval/store"
	"mspeval/store/storetest"
)

// BenchmarkOutboxEmail measures messages per second from the outbox to a real
// SMTP server on loopback (one worker, batches of 20, 4 sends at a time), and
// the delivery latency from queueing to the server's acceptance.
func BenchmarkOutboxEmail(b *testing.B) {
	for _, dialect := range storetest.Dialects() {
		b.Run(dialect, func(b *testing.B) {
			clk := &clock{now: time.Now().UTC()}
			s, _ := setupB(b, storetest.DSN(b, dialect), clk, b.N)
			srv := mailtest.NewServer(b)
			w := newWorker(b, s, srv, clk)
			b.ResetTimer()
			start := time.Now()
			for {
				n, err := w.RunOnce(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if n == 0 {
					break
				}
			}
			elapsed := time.Since(start)
			b.StopTimer()
			msgs := srv.Messages()
			if len(msgs) != b.N {
				b.Fatalf("delivered %d, want %d", len(msgs), b.N)
			}
			b.ReportMetric(float64(b.N)/elapsed.Seconds(), "msgs/s")
			// Latency: from the start of draining to each acceptance; the
			// median is what one message in a burst waits.
			b.ReportMetric(float64(msgs[len(msgs)/2].Received.Sub(start).Milliseconds()), "p50-ms")
			b.ReportMetric(float64(msgs[len(msgs)-1].Received.Sub(start).Milliseconds()), "last-ms")
		})
	}
}

func setupB(b *testing.B, dsn string, clk *clock, n int) (*store.Store, []string) {
	b.Helper()
	return setup(b, dsn, clk, n)
}
