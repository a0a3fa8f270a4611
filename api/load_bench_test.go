package api_test

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"mspeval/store"
	"mspeval/store/storetest"
)

// BenchmarkLoad200Respondents is 200 respondents at once, each through its own
// link: each opens the form, then autosaves a growing text answer and a
// choice, as a respondent typing does. It reports the process's resident
// memory for issue 13's goal of at most 80 MB under such a load:
//
//	peak-RSS-MB   the peak (VmHWM) while the respondents work
//	start-RSS-MB  before they start, after the setup's memory went back
//	file-RSS-MB   of the peak, the binary's own pages (code and tables)
//	peak-heap-MB  the Go heap in use at its largest (sampled)
//
// Server, SQLite and the 200 clients all share the process, so the figures
// are on the high side of what the server alone takes. Run it alone and long
// enough for every respondent to save several times:
//
//	go test -run '^$' -bench BenchmarkLoad200Respondents -benchtime 4000x ./api/
func BenchmarkLoad200Respondents(b *testing.B) {
	const respondents = 200
	f := newFixture(b, storetest.DSN(b, store.SQLite))
	owner := ownerOf(b, f)
	procs := runtime.GOMAXPROCS(0)
	parallelism := (respondents + procs - 1) / procs
	links := make(chan string, parallelism*procs)
	for i := 0; i < cap(links); i++ {
		links <- f.e.srv.URL + "/api/v1/respond/" + newLink(b, f, owner, i)
	}
	tr := f.e.srv.Client().Transport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = cap(links)
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr}
	text := strings.Repeat("Our engineers keep your runbooks current and walk your team through every change. ", 8)
	var saves atomic.Int64

	// The setup hashed passwords (argon2 takes tens of MB a time): hand that
	// memory back, so that the peak is the respondents' own.
	debug.FreeOSMemory()
	start := procStatusMB(b, "VmRSS:")
	resetPeakRSS()
	heap := sampleHeap()
	b.SetParallelism(parallelism)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		link := <-links
		opened := false
		for n := 1; pb.Next(); n++ {
			if !opened {
				benchCall(b, client, "GET", link, nil, 200)
				opened = true
				continue
			}
			// The text grows as the respondent types; the choice changes now and then.
			body := fmt.Sprintf(`{"answers":{"role_alongside_internal_it":{"text":%q},"admin_access":{"choice":%q}}}`,
				text[:min(len(text), 40*n)], []string{"client_owns_all", "split_by_tool"}[n/5%2])
			benchCall(b, client, "PUT", link+"/answers", []byte(body), 200)
			saves.Add(1)
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(saves.Load())/float64(b.N), "saves/op")
	b.ReportMetric(procStatusMB(b, "VmHWM:"), "peak-RSS-MB")
	b.ReportMetric(start, "start-RSS-MB")
	b.ReportMetric(procStatusMB(b, "RssFile:"), "file-RSS-MB")
	b.ReportMetric(heap(), "peak-heap-MB")
}

// sampleHeap samples the Go heap in use until the returned function is
// called, which returns its largest size in MB.
func sampleHeap() func() float64 {
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		var ms runtime.MemStats
		var most uint64
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			runtime.ReadMemStats(&ms)
			most = max(most, ms.HeapInuse)
			select {
			case <-done:
				peak <- most
				return
			case <-tick.C:
			}
		}
	}()
	return func() float64 {
		close(done)
		return float64(<-peak) / (1 << 20)
	}
}

// resetPeakRSS starts the process's peak resident memory afresh (Linux 4.0 and
// later), so that it measures what follows rather than the setup.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// procStatusMB reads a memory figure of the process from /proc/self/status,
// in MB: field is "VmHWM:" for the peak resident memory, "VmRSS:" for the
// current one, "RssFile:" for its part that maps files.
func procStatusMB(b *testing.B, field string) float64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		b.Skipf("no /proc/self/status: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			if err != nil {
				b.Fatalf("%s %q: %v", field, v, err)
			}
			return float64(kb) / 1024
		}
	}
	b.Skipf("no %s in /proc/self/status", field)
	return 0
}
