package api_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"mspeval/app"
	"mspeval/store/storetest"
)

// heldUpload is a file upload whose body is still arriving: the service
// holds an upload slot for it until finish sends the rest.
type heldUpload struct {
	body   *io.PipeWriter
	status chan int
}

// holdUpload starts a PUT of a PDF to path and sends only its first bytes.
func holdUpload(t *testing.T, e *env, path string) heldUpload {
	t.Helper()
	r, w := io.Pipe()
	req, err := http.NewRequest("PUT", e.srv.URL+path, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/pdf")
	h := heldUpload{body: w, status: make(chan int, 1)}
	// A test that stops early must not leave the server waiting for the
	// rest of a body: the upload is cut off, and the server can close.
	t.Cleanup(func() { w.CloseWithError(io.ErrUnexpectedEOF) })
	go func() {
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			h.status <- 0
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		h.status <- resp.StatusCode
	}()
	if _, err := w.Write(samplePDF[:8]); err != nil {
		t.Fatal(err)
	}
	return h
}

// finish sends the rest of the file and returns the upload's status.
func (h heldUpload) finish(t *testing.T) int {
	t.Helper()
	if _, err := h.body.Write(samplePDF[8:]); err != nil {
		t.Fatal(err)
	}
	h.body.Close()
	select {
	case st := <-h.status:
		return st
	case <-time.After(10 * time.Second):
		t.Fatal("the held upload never finished")
		return 0
	}
}

// TestUploadsBeyondTheSlotsAreRefusedUntilOneFinishes pins that the process
// reads at most app.DefaultUploadSlots file bodies at once: with every slot
// held by an upload still arriving, the next one is refused at once with 503,
// Retry-After and a problem saying why, its body unread; once an upload
// finishes, the next one is taken.
func TestUploadsBeyondTheSlotsAreRefusedUntilOneFinishes(t *testing.T) {
	storetest.Each(t, func(t *testing.T, dsn string) {
		fe := newFileEnv(t, dsn)
		e := fe.e
		held := make([]heldUpload, app.DefaultUploadSlots)
		for i := range held {
			held[i] = holdUpload(t, e, fe.respondPath(fe.alphaLink)+"?name=held.pdf")
		}
		next := request{Method: "PUT", Path: fe.candidatePath(fe.beta) + "?name=next.pdf", As: "editorA", Raw: string(samplePDF),
			Header: http.Header{"Content-Type": {"application/pdf"}}}

		// The held uploads take their slots as their requests arrive; until
		// all have, the next upload may take one, and a held upload that
		// arrives meanwhile is refused (at once: the refusal closes the
		// connection rather than read the body). Such a one is sent again.
		var refused response
		for deadline := time.Now().Add(10 * time.Second); ; {
			refused = e.do(next)
			if refused.Status == http.StatusServiceUnavailable || time.Now().After(deadline) {
				break
			}
			for i, h := range held {
				select {
				case st := <-h.status:
					if st != http.StatusServiceUnavailable {
						t.Fatalf("a held upload ended with %d before its body was sent, want 503 or nothing yet", st)
					}
					held[i] = holdUpload(t, e, fe.respondPath(fe.alphaLink)+"?name=held.pdf")
				default:
				}
			}
			time.Sleep(20 * time.Millisecond)
		}
		if refused.Status != http.StatusServiceUnavailable {
			t.Fatalf("with every slot held: got %d, want 503\nbody: %s", refused.Status, refused.Body)
		}
		// A refused upload is answered while its body is still arriving: the
		// server closes the connection rather than read up to 256 KB of a file
		// it refuses.
		early := holdUpload(t, e, fe.respondPath(fe.alphaLink)+"?name=early.pdf")
		select {
		case st := <-early.status:
			if st != http.StatusServiceUnavailable {
				t.Errorf("an upload arriving while every slot is held: got %d, want 503", st)
			}
		case <-time.After(10 * time.Second):
			t.Error("an upload arriving while every slot is held: no answer before its body was sent")
		}
		p := refused.problem(t)
		if p.Code != "unavailable" || !strings.Contains(p.Detail, "files already") || !strings.Contains(p.Detail, "again") {
			t.Errorf("the problem: got code %q, detail %q; want unavailable, saying the files are too many and to send again", p.Code, p.Detail)
		}
		if got := refused.Header.Get("Retry-After"); got == "" || got == "0" {
			t.Errorf("Retry-After: got %q, want a wait in seconds", got)
		}

		if st := held[0].finish(t); st != http.StatusOK {
			t.Fatalf("the first held upload, finished: got %d, want 200", st)
		}
		e.must(200, next)
		for _, h := range held[1:] {
			if st := h.finish(t); st != http.StatusOK {
				t.Errorf("a held upload, finished: got %d, want 200", st)
			}
		}
	})
}
