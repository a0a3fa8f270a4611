package webhook_test

import (
	"testing"
	"time"

	"mspeval/webhook"
)

func TestBackoff(t *testing.T) {
	t.Run("Schedule", func(t *testing.T) {
		want := []time.Duration{30 * time.Second, 2 * time.Minute, 10 * time.Minute, time.Hour, 6 * time.Hour, 24 * time.Hour}
		for i, w := range want {
			if got := webhook.Backoff(i + 1); got != w {
				t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
			}
		}
		if webhook.MaxAttempts != len(want)+1 {
			t.Errorf("MaxAttempts = %d, want %d (the first attempt and one per wait)", webhook.MaxAttempts, len(want)+1)
		}
	})

	t.Run("GivesUpAtMaxAttempts", func(t *testing.T) {
		for _, n := range []int{webhook.MaxAttempts, webhook.MaxAttempts + 1, 100} {
			if got := webhook.Backoff(n); got != 0 {
				t.Errorf("Backoff(%d) = %v, want 0 (give up)", n, got)
			}
		}
	})

	t.Run("NeverShrinks", func(t *testing.T) {
		for n := 1; n < webhook.MaxAttempts-1; n++ {
			if webhook.Backoff(n+1) <= webhook.Backoff(n) {
				t.Errorf("Backoff(%d) = %v is not longer than Backoff(%d) = %v", n+1, webhook.Backoff(n+1), n, webhook.Backoff(n))
			}
		}
	})

	t.Run("NonsenseAttemptIsFirst", func(t *testing.T) {
		if got := webhook.Backoff(0); got != webhook.Backoff(1) {
			t.Errorf("Backoff(0) = %v, want Backoff(1)", got)
		}
	})

	t.Run("AboutADayAndAHalfInAll", func(t *testing.T) {
		var total time.Duration
		for n := 1; n < webhook.MaxAttempts; n++ {
			total += webhook.Backoff(n)
		}
		if total != 31*time.Hour+12*time.Minute+30*time.Second {
			t.Errorf("total wait = %v", total)
		}
	})
}
