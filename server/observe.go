package server

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/http"
	"regexp"
	"strconv"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"mspeval"
	"mspeval/api"
	"mspeval/app"
)

// Each request carries an id: the one a proxy sent in X-Request-Id when it
// looks like one, otherwise a new one. It is sent back in the same header and
// added to every log line written with the request's context.

type requestIDKey struct{}

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{8,64}$`)

func requestID(c *gin.Context) {
	id := c.GetHeader("X-Request-Id")
	if !requestIDPattern.MatchString(id) {
		b := make([]byte, 12)
		_, _ = rand.Read(b)
		id = hex.EncodeToString(b)
	}
	c.Header("X-Request-Id", id)
	c.Request = c.Request.WithContext(context.WithValue(c.Request.Context(), requestIDKey{}, id))
	c.Next()
}

// RequestID returns the id of the request behind ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// LogHandler adds the request id to each record logged with a request's
// context.
func LogHandler(h slog.Handler) slog.Handler { return requestIDHandler{h} }

type requestIDHandler struct{ slog.Handler }

func (h requestIDHandler) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.Handler.Handle(ctx, r)
}

func (h requestIDHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return requestIDHandler{h.Handler.WithAttrs(as)}
}

func (h requestIDHandler) WithGroup(name string) slog.Handler {
	return requestIDHandler{h.Handler.WithGroup(name)}
}

// metrics are the service's Prometheus metrics on a registry of its own.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
}

func newMetrics(svc *app.Service) *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mspeval_http_requests_total",
		Help: "HTTP requests by route pattern, method and status."}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "mspeval_http_request_duration_seconds",
		Help:    "HTTP request latency by route pattern and method.",
		Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}}, []string{"route", "method"})
	m.reg.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	for name, db := range svc.Pools() {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, name))
	}
	m.reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mspeval_outbox_queued",
		Help: "Emails and webhook deliveries waiting to be sent."}, func() float64 {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		n, err := svc.OutboxDepth(ctx)
		if err != nil {
			return -1
		}
		return float64(n)
	}))
	_, slots := svc.Uploads()
	m.reg.MustRegister(
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mspeval_uploads_reading",
			Help: "Evidence-file uploads being read now; one more than mspeval_upload_slots is refused with 503."},
			func() float64 { n, _ := svc.Uploads(); return float64(n) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mspeval_upload_slots",
			Help: "How many evidence-file uploads are read at once at most (MSPEVAL_UPLOAD_SLOTS)."},
			func() float64 { return float64(slots) }))
	return m
}

// observe counts each request by its route pattern (never its path: a
// respondent's path holds a secret).
func (m *metrics) observe(c *gin.Context) {
	start := time.Now()
	c.Next()
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	m.requests.WithLabelValues(route, c.Request.Method, strconv.Itoa(c.Writer.Status())).Inc()
	m.latency.WithLabelValues(route, c.Request.Method).Observe(time.Since(start).Seconds())
}

// serve answers /metrics to a caller with the token.
func (m *metrics) serve(token string) gin.HandlerFunc {
	h := promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
	want := []byte("Bearer " + token)
	return func(c *gin.Context) {
		if subtle.ConstantTimeCompare([]byte(c.GetHeader("Authorization")), want) != 1 {
			c.Header("WWW-Authenticate", `Bearer realm="mspeval metrics"`)
			problem(c, "/metrics", mspeval.Errorf(mspeval.EUNAUTHORIZED, "send the metrics token as a bearer token"))
			return
		}
		h.ServeHTTP(c.Writer, c.Request)
	}
}

// readyz answers 200 when the database answers and takes writes, 503
// otherwise; /healthz stays a liveness probe that checks nothing else.
func readyz(svc *app.Service) gin.HandlerFunc {
	return func(c *gin.Context) {
		ctx, cancel := context.WithTimeout(c.Request.Context(), 3*time.Second)
		defer cancel()
		if err := svc.Ready(ctx); err != nil {
			problem(c, "/readyz", err)
			return
		}
		c.Header("Cache-Control", "no-store")
		c.JSON(http.StatusOK, gin.H{"status": "ready"})
	}
}

// problem answers with err as the API does. A failed probe is the caller's
// news, polled every few seconds: it is not logged.
func problem(c *gin.Context, route string, err error) {
	api.WriteError(c.Request.Context(), slog.New(slog.DiscardHandler), c.Writer, route, err)
	c.Abort()
}
