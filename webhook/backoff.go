package webhook

import "time"

// MaxAttempts is how many times a delivery is tried in all: the first
// attempt and six retries, spread over about 31 hours, so a receiver that is
// down for a day still gets the message. After that the delivery is failed
// and can only be sent again by hand.
const MaxAttempts = 7

// retryAfter[i] is the wait after the (i+1)-th failed attempt. The waits grow
// roughly fivefold: quick enough for a blip, patient with an outage.
var retryAfter = [MaxAttempts - 1]time.Duration{
	30 * time.Second,
	2 * time.Minute,
	10 * time.Minute,
	time.Hour,
	6 * time.Hour,
	24 * time.Hour,
}

// Backoff returns how long to wait after attempt number attempt (counted
// from 1) has failed before trying again: 30 s, 2 min, 10 min, 1 h, 6 h,
// 24 h. It returns 0 when attempt >= MaxAttempts, meaning give up, not
// "retry at once". It has no jitter, so it is the same everywhere; spreading
// retries of many deliveries is the caller's business if it matters.
func Backoff(attempt int) time.Duration {
	if attempt >= MaxAttempts {
		return 0
	}
	if attempt < 1 {
		attempt = 1
	}
	return retryAfter[attempt-1]
}
