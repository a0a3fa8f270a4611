package app

import (
	"fmt"

	"mspeval"
)

// DefaultUploadSlots is how many evidence-file uploads the process reads at
// once unless Options.UploadSlots says otherwise. An upload is held in memory
// until it is checked and stored, up to its question's limit (at most 25 MB,
// questions.MaxFileBytesCeiling), so four slots bound that memory to about 100 MB.
const DefaultUploadSlots = 4

// uploadRetryAfter is the wait, in seconds, a refused upload is told to
// take: long enough for a small file ahead of it to finish.
const uploadRetryAfter = 10

// Uploads reports how many uploads are being read now, and how many the
// process reads at once at most: the operator's view of HoldUpload.
func (s *Service) Uploads() (reading, slots int) { return len(s.uploads), cap(s.uploads) }

// HoldUpload takes one of the process's upload slots before a handler reads
// a file's body, and returns the function that gives it back once the file
// is stored or refused. The slots are shared by the API and the web UI, so
// that however many uploads arrive, only so many bodies are held in memory at
// once. When every slot is taken it does not wait: it answers EUNAVAILABLE
// with a Retry-After, and the body is not read.
func (s *Service) HoldUpload() (release func(), err error) {
	select {
	case s.uploads <- struct{}{}:
		return func() { <-s.uploads }, nil
	default:
		files := "files"
		if cap(s.uploads) == 1 {
			files = "file"
		}
		return nil, &mspeval.Error{Code: mspeval.EUNAVAILABLE, RetryAfter: uploadRetryAfter,
			Message: fmt.Sprintf("the service is receiving %d %s already, the most it takes at once; send this file again in a few seconds",
				cap(s.uploads), files)}
	}
}
