package handlers

import (
	"crypto/subtle"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics are the Prometheus series of one portal instance, in its own registry.
type metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	handler  fiber.Handler
}

func newMetrics() *metrics {
	m := &metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "bbbportal_http_requests_total",
			Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "bbbportal_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern and method.",
			Buckets: prometheus.DefBuckets,
		}, []string{"route", "method"}),
	}
	m.registry.MustRegister(m.requests, m.latency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.handler = adaptor.HTTPHandler(promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}))
	return m
}

// observe counts one request. The labels are kept by the registry for ever, so they must be
// strings of their own: Fiber's c.Method() and c.Path() point into fasthttp buffers that the
// next request overwrites ("GETT"). The method is one of a fixed set, which also bounds the
// number of series a client can create with made-up methods.
func (m *metrics) observe(route, method string, status int, elapsed time.Duration) {
	route, method = strings.Clone(route), methodLabel(method)
	m.requests.WithLabelValues(route, method, strconv.Itoa(status)).Inc()
	m.latency.WithLabelValues(route, method).Observe(elapsed.Seconds())
}

var knownMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"}

// methodLabel returns the constant string of a standard method, else "OTHER".
func methodLabel(method string) string {
	for _, m := range knownMethods {
		if m == method {
			return m
		}
	}
	return "OTHER"
}

// metricsEndpoint serves the Prometheus text format; with METRICS_TOKEN set, only to a
// scraper that sends "Authorization: Bearer <token>".
func (h *Handler) metricsEndpoint(c *fiber.Ctx) error {
	if want := h.cfg.MetricsToken; want != "" {
		got, ok := strings.CutPrefix(c.Get(fiber.HeaderAuthorization), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
			c.Set(fiber.HeaderWWWAuthenticate, `Bearer realm="metrics"`)
			return c.Status(fiber.StatusUnauthorized).SendString("401 Unauthorized: send the METRICS_TOKEN as a bearer token\n")
		}
	}
	return h.metrics.handler(c)
}
