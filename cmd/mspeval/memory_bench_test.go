package main

import (
	"bufio"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkServeMemory200Respondents measures the service's memory as an
// operator sees it: the binary that `go build ./cmd/mspeval` makes, serving a
// SQLite file as a process of its own, while 200 respondents open their links
// and save answers as they type (a save every few hundred milliseconds each,
// all at once). The clients run in this process, so the figures are the
// server's alone:
//
//	peak-RSS-MB   the server's peak resident memory (VmHWM) during the load
//	anon-RSS-MB   of its resident memory at the end, what is not file pages
//	file-RSS-MB   of it, the binary's own pages (code and tables)
//
// Run: go test -run '^$' -bench BenchmarkServeMemory200Respondents -benchtime 1x ./cmd/mspeval
func BenchmarkServeMemory200Respondents(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "mspeval")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	dsn := filepath.Join(dir, "load.db")
	const respondents = 200
	f := newLinkFixture(b, dsn, respondents)
	texts := f.TextKeys
	links := make([]string, respondents)
	for i, secret := range f.Secrets {
		links[i] = "/api/v1/respond/" + secret
	}
	addr := freeAddr(b)
	cmd := exec.Command(bin, "serve", "--db", dsn, "--addr", addr, "--log-level", "error")
	base, logs := startService(b, cmd, addr)
	status := func(field string) float64 {
		v, err := procStatus(cmd.Process.Pid, field)
		if err != nil {
			b.Fatal(err)
		}
		return v
	}

	tr := &http.Transport{MaxIdleConnsPerHost: respondents, MaxConnsPerHost: respondents}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	text := strings.Repeat("Our engineers keep your runbooks current and walk your team through every change. ", 8)
	var saves, failures atomic.Int64
	b.ResetTimer()
	for range b.N {
		var wg sync.WaitGroup
		for i, link := range links {
			wg.Add(1)
			go func() {
				defer wg.Done()
				call := func(method, path, body string) {
					req, _ := http.NewRequest(method, base+path, strings.NewReader(body))
					if body != "" {
						req.Header.Set("Content-Type", "application/json")
					}
					res, err := client.Do(req)
					if err != nil || res.StatusCode != http.StatusOK {
						failures.Add(1)
					}
					if err == nil {
						res.Body.Close()
					}
				}
				call("GET", link, "")
				for n := 1; n <= 20; n++ {
					key := texts[(i+n/5)%len(texts)]
					body := fmt.Sprintf(`{"answers":{%q:{"text":%q}}}`, key, text[:min(len(text), 30*n)])
					call("PUT", link+"/answers", body)
					saves.Add(1)
					time.Sleep(time.Duration(100+i%200) * time.Millisecond)
				}
			}()
		}
		wg.Wait()
	}
	b.StopTimer()
	if n := failures.Load(); n > 0 {
		b.Errorf("%d calls failed\n%s", n, logs.String())
	}
	b.ReportMetric(float64(saves.Load())/float64(b.N), "saves/op")
	b.ReportMetric(status("VmHWM:"), "peak-RSS-MB")
	b.ReportMetric(status("VmRSS:")-status("RssFile:"), "anon-RSS-MB")
	b.ReportMetric(status("RssFile:"), "file-RSS-MB")
}

// procStatus reads a memory figure of process pid from /proc, in MB: field is
// "VmHWM:" for the peak resident memory, "VmRSS:" for the current one,
// "RssFile:" for the part that maps files.
func procStatus(pid int, field string) (float64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), field); ok {
			kb, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
			return float64(kb) / 1024, err
		}
	}
	return 0, fmt.Errorf("no %s in /proc/%d/status", field, pid)
}
