// Package bbbsim is a BigBlueButton server simulator: an http.Handler that answers the BBB API
// (bbb-web and bbb-webhooks) the way a real server does, runs meetings and recordings through
// their real life cycle on a Clock that tests can advance, calls back like the real server,
// and serves a simulated client page so people can "enter" meetings from a browser.
//
// Every path the simulator serves lies under /bigbluebutton/: the API at /bigbluebutton/api/…,
// the simulated client, playback pages and the optional control endpoint at /bigbluebutton/sim/….
// Mount it so that it sees the full request path.
package bbbsim

import (
	crand "crypto/rand"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// Options configure a Server. The zero value of every field except Secret is usable.
type Options struct {
	// Secret is the shared secret (bbb-web securitySalt). Required.
	Secret string
	// Clock drives every delay; nil means real time. Use NewManualClock in tests.
	Clock Clock
	// EndDelay is how long after an end call the meeting really ends (0: 1s; negative: at the
	// next tick of the clock, still asynchronous).
	EndDelay time.Duration
	// ProcessingDelay is how long a recording stays "processing" (0: 5s; negative: none).
	ProcessingDelay time.Duration
	// PublishDelay is how long a recording stays "processed" before it is published (0: 5s; negative: none).
	PublishDelay time.Duration
	// AcceptedChecksums lists the accepted algorithms (sha1, sha256, sha384, sha512); nil means all four.
	AcceptedChecksums []string
	// IgnoreDuration ignores the create parameter duration, as some hosting providers do.
	IgnoreDuration bool
	// Seed makes meeting passwords, voice bridges, user IDs, tokens and hook IDs deterministic; 0 means random.
	Seed uint64
	// Logf receives one line per notable event; nil means silence. The secret is never logged.
	Logf func(format string, args ...any)
	// HTTPClient sends the callbacks (end callback, recording ready, webhooks); nil means a client with a 5s timeout.
	HTTPClient *http.Client
	// Control enables the control endpoint /bigbluebutton/sim/control/<action> (requests signed like API calls).
	Control bool
	// AutoEnter makes every allowed join enter the meeting at once, as if the browser had opened the client.
	AutoEnter bool
	// Version is the BBB release to behave like: "3.0" (the default) or "2.7". 2.7 answers a
	// paginated getRecordings with a top-level <totalElements>, 3.0 with a <pagination> block;
	// 3.0 mutes users on start by default, adds the GraphQL URLs to the API index and has
	// sendChatMessage (2.7 answers it with HTTP 404).
	Version string
	// Profile is the kind of server to behave like: bbb-2.7, bbb-3.0 (the default), bbb-4.0,
	// scalelite or b3scale (see Profile). A bbb-* profile overrides Version; with no Profile,
	// Version picks the BBB release; the load balancers front Version's release.
	Profile Profile
	// MaxUserConcurrentAccesses is how many sessions one external userID may hold in a meeting
	// (bbb-web's maxUserConcurrentAccesses): a join beyond it invalidates that user's oldest
	// session. 0 means the server default 3; negative means no limit.
	MaxUserConcurrentAccesses int
}

// Versions the simulator can behave like (Options.Version).
const (
	Version27 = "2.7"
	Version30 = "3.0"
)

// Server is the simulated BBB server. It is safe for concurrent use.
type Server struct {
	opts     Options
	clock    Clock
	accepted []string
	client   *http.Client

	mu             sync.Mutex
	rng            *rand.Rand
	meetings       map[string]*meeting // by internal meeting ID
	sessions       map[string]*session // by session token
	sessionSeq     int
	recordings     map[string]*recording
	recordingOrder []string
	hooks          []*hook
	faults         map[string]*Fault
	lastCreate     map[string]createRecord
	lastCreateTime int64
	domain         string // host name clients last used, sent with webhook events
	closed         bool
	timers         map[Timer]struct{}

	out *outbox
}

type createRecord struct {
	query url.Values
	body  []byte
}

const (
	defaultEndDelay        = time.Second
	defaultProcessingDelay = 5 * time.Second
	defaultPublishDelay    = 5 * time.Second
)

// New returns a running simulator. Call Close when done.
func New(opts Options) *Server {
	s := &Server{
		opts:       opts,
		clock:      opts.Clock,
		accepted:   opts.AcceptedChecksums,
		client:     opts.HTTPClient,
		meetings:   map[string]*meeting{},
		sessions:   map[string]*session{},
		recordings: map[string]*recording{},
		faults:     map[string]*Fault{},
		lastCreate: map[string]createRecord{},
		timers:     map[Timer]struct{}{},
		domain:     "localhost",
	}
	if s.clock == nil {
		s.clock = realClock{}
	}
	if len(s.accepted) == 0 {
		s.accepted = []string{"sha1", "sha256", "sha384", "sha512"}
	}
	for i, a := range s.accepted {
		s.accepted[i] = strings.ToLower(strings.TrimSpace(a))
	}
	if s.client == nil {
		s.client = &http.Client{Timeout: 5 * time.Second}
	}
	s.applyProfile()
	if s.opts.MaxUserConcurrentAccesses == 0 {
		s.opts.MaxUserConcurrentAccesses = 3
	}
	seed := opts.Seed
	if seed == 0 {
		var b [8]byte
		crand.Read(b[:])
		seed = binary.LittleEndian.Uint64(b[:])
	}
	s.rng = rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	s.out = newOutbox()
	return s
}

// Close stops every timer and the callback sender. The handler answers 503 afterwards.
func (s *Server) Close() {
	s.mu.Lock()
	s.closed = true
	for t := range s.timers {
		t.Stop()
	}
	s.timers = map[Timer]struct{}{}
	s.mu.Unlock()
	s.out.close()
}

// is27 reports whether the simulator behaves like BBB 2.7 rather than 3.0.
func (s *Server) is27() bool { return strings.HasPrefix(s.opts.Version, "2.") }

func (s *Server) logf(format string, args ...any) {
	if s.opts.Logf != nil {
		s.opts.Logf("bbbsim: "+format, args...)
	}
}

func delayOr(d, def time.Duration) time.Duration {
	switch {
	case d == 0:
		return def
	case d < 0:
		return 0
	}
	return d
}

// after schedules f on the clock; f runs with s.mu held, and not at all once the server is closed.
// Called with s.mu held.
func (s *Server) after(d time.Duration, f func()) Timer {
	var t Timer
	var fired bool
	t = s.clock.AfterFunc(d, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.closed || fired {
			return
		}
		fired = true
		delete(s.timers, t)
		f()
	})
	s.timers[t] = struct{}{}
	return t
}

func (s *Server) stopTimer(t Timer) {
	if t != nil {
		t.Stop()
		delete(s.timers, t)
	}
}

func (s *Server) nowMillis() int64 { return s.clock.Now().UnixMilli() }

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
const lowerAlnum = "abcdefghijklmnopqrstuvwxyz0123456789"

// randString returns n characters from alphabet; called with s.mu held.
func (s *Server) randString(alphabet string, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = alphabet[s.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// uuid4 returns a version 4 UUID from the server's generator; called with s.mu held.
func (s *Server) uuid4() string {
	var b [16]byte
	binary.LittleEndian.PutUint64(b[:8], s.rng.Uint64())
	binary.LittleEndian.PutUint64(b[8:], s.rng.Uint64())
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// ServeHTTP routes /bigbluebutton/api/… to the API and /bigbluebutton/sim/… to the simulated
// client, playback and control pages.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	closed := s.closed
	s.mu.Unlock()
	if closed {
		http.Error(w, "simulator closed", http.StatusServiceUnavailable)
		return
	}
	path := r.URL.Path
	switch {
	case path == "/bigbluebutton/api" || path == "/bigbluebutton/api/":
		s.serveAPI(w, r, "")
	case (path == "/bigbluebutton" || path == "/bigbluebutton/") && !s.scalelite() && !s.b3scale():
		// bbb-web answers its context root with the same index.
		s.serveAPI(w, r, "")
	case strings.HasPrefix(path, "/bigbluebutton/api/"):
		s.serveAPI(w, r, strings.TrimPrefix(path, "/bigbluebutton/api/"))
	case strings.HasPrefix(path, "/bigbluebutton/sim/"):
		s.serveSim(w, r, strings.TrimPrefix(path, "/bigbluebutton/sim/"))
	default:
		http.NotFound(w, r)
	}
}
