package server

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/hwident/hwident/cmd/internal/store"
)

type metrics struct {
	reg       *prometheus.Registry
	latency   *prometheus.HistogramVec
	binds     *prometheus.CounterVec
	conflicts prometheus.Counter
}

func newMetrics(reg *prometheus.Registry, st store.Store) *metrics {
	m := &metrics{reg: reg,
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "hwident_http_request_duration_seconds",
			Help: "HTTP request latency by route.", Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}},
			[]string{"method", "route", "code"}),
		binds: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "hwident_binding_requests_total",
			Help: "Binding requests that succeeded, by result (bound, already_bound, replaced, unbound)."}, []string{"result"}),
		conflicts: prometheus.NewCounter(prometheus.CounterOpts{Name: "hwident_binding_conflicts_total", Help: "Bind requests refused as a conflict."}),
	}
	reg.MustRegister(m.latency, m.binds, m.conflicts, queueCollector{st}, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

func (m *metrics) observe(method, route string, code int, d time.Duration) {
	m.latency.WithLabelValues(method, route, strconv.Itoa(code)).Observe(d.Seconds())
}

func (s *Server) metricsHandler(w http.ResponseWriter, r *http.Request, _ *principal) {
	promhttp.HandlerFor(s.metrics.reg, promhttp.HandlerOpts{}).ServeHTTP(w, r)
}

// queueCollector reports the replication queue from the store when scraped.
type queueCollector struct{ st store.Store }

var (
	queueDepth = prometheus.NewDesc("hwident_replication_queue_depth", "Events waiting to be delivered, by target.", []string{"target"}, nil)
	queueAge   = prometheus.NewDesc("hwident_replication_queue_oldest_age_seconds", "Age of the oldest undelivered event, by target.", []string{"target"}, nil)
)

func (q queueCollector) Describe(ch chan<- *prometheus.Desc) { ch <- queueDepth; ch <- queueAge }

func (q queueCollector) Collect(ch chan<- prometheus.Metric) {
	if q.st == nil {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	qs, err := q.st.Queue(ctx)
	if err != nil {
		return
	}
	for _, s := range qs {
		ch <- prometheus.MustNewConstMetric(queueDepth, prometheus.GaugeValue, float64(s.Depth), s.Target)
		age := 0.0
		if s.Depth > 0 {
			age = time.Since(s.Oldest).Seconds()
		}
		ch <- prometheus.MustNewConstMetric(queueAge, prometheus.GaugeValue, age, s.Target)
	}
}
