// Package handlers is the portal's HTTP layer: the route table, middleware,
// form parsing and one handler per action, as methods on Handler.
package handlers

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/config"
	"bbbportal/links"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/recordings"
	"bbbportal/rooms"
	"bbbportal/webhooks"
)

// Deps are what the handlers need; main builds them.
type Deps struct {
	Config config.Config
	DB     *gorm.DB
	Audit  *audit.Writer
	Log    *slog.Logger
	// BBBServer, when set, is served under /bigbluebutton/ on the portal's own
	// listener (the built-in simulator in demo mode).
	BBBServer http.Handler
	// BBB is the client of the configured BBB server (or of the demo server).
	BBB *bbb.Client
	// Meetings starts, ends and watches meetings.
	Meetings *meetings.Service
	// Rooms holds the rules of rooms and templates.
	Rooms *rooms.Service
	// Recordings lists recordings, acts on them and handles the recording-ready callback.
	Recordings *recordings.Service
	// Hooks, Keeper and Receiver are the webhooks page, the portal's own hook and its events.
	Hooks    *webhooks.Service
	Keeper   *webhooks.Keeper
	Receiver *webhooks.Receiver
	// Refusals folds refused anonymous requests (forged callbacks) into one audit entry per
	// address and minute.
	Refusals *audit.Refusals
	// Links are the rooms' join links and the public join pages.
	Links *links.Service
}

// Handler holds the dependencies of every HTTP handler.
type Handler struct {
	cfg       config.Config
	db        *gorm.DB
	audit     *audit.Writer
	log       *slog.Logger
	bbbServer http.Handler
	bbb       *bbb.Client
	meetings  *meetings.Service
	rooms     *rooms.Service
	recs      *recordings.Service
	hooks     *webhooks.Service
	keeper    *webhooks.Keeper
	receiver  *webhooks.Receiver
	refusals  *audit.Refusals // refused anonymous requests, one audit entry per address and minute
	links     *links.Service  // join links and the public join pages
	state     *stateStore     // flashes and anonymous CSRF tokens, no identity
	sessions  *sessionStore   // server-side sessions of signed-in browsers
	logins    *loginLimiter
	resets    *links.Limiter                   // password reset pages, per client address
	clock     atomic.Pointer[func() time.Time] // of sessions and sign-in limits; see SetClock
	metrics   *metrics
	setup     setupToken
	proxies   trustedProxies
}

// New builds the handlers. When no account exists it creates the first admin
// from BBBPORTAL_ADMIN_EMAIL/PASSWORD, or else arms a one-time setup token
// (see SetupURL).
func New(d Deps) (*Handler, error) {
	if d.Log == nil {
		d.Log = slog.Default()
	}
	h := &Handler{
		cfg: d.Config, db: d.DB, audit: d.Audit, log: d.Log, bbbServer: d.BBBServer,
		bbb: d.BBB, meetings: d.Meetings, rooms: d.Rooms, recs: d.Recordings,
		hooks: d.Hooks, keeper: d.Keeper, receiver: d.Receiver, refusals: d.Refusals,
		links:   d.Links,
		resets:  links.NewLimiter(20, 10),
		state:   newStateStore(d.Config),
		metrics: newMetrics(),
		proxies: newTrustedProxies(d.Config.TrustedProxies),
	}
	h.SetClock(time.Now)
	h.sessions = newSessionStore(d.DB, models.SessionLimits{Lifetime: d.Config.SessionLifetime, Idle: d.Config.SessionIdle}, h.now)
	h.logins = newLoginLimiter(h.now)
	if err := h.bootstrap(context.Background()); err != nil {
		return nil, err
	}
	return h, nil
}

func (h *Handler) bootstrap(ctx context.Context) error {
	n, err := models.CountUsers(h.db)
	if err != nil || n > 0 {
		return err
	}
	if h.cfg.AdminEmail == "" {
		return h.setup.arm()
	}
	if !models.ValidEmail(models.NormalizeEmail(h.cfg.AdminEmail)) {
		return &config.Error{Var: "BBBPORTAL_ADMIN_EMAIL", Problem: "is not an email address"}
	}
	if len(h.cfg.AdminPassword) < models.MinPasswordLength {
		return &config.Error{Var: "BBBPORTAL_ADMIN_PASSWORD", Problem: fmt.Sprintf("must be at least %d characters", models.MinPasswordLength)}
	}
	u, created, err := models.CreateFirstAdmin(h.db, models.NewUser{
		Email: h.cfg.AdminEmail, DisplayName: "Administrator", Password: h.cfg.AdminPassword,
	})
	if err != nil || !created {
		return err
	}
	h.log.Info("first admin created from BBBPORTAL_ADMIN_EMAIL", "email", u.Email)
	return h.audit.Write(ctx, audit.Record{
		ActorEmail: "system", Action: "user.create", TargetType: "user",
		TargetID: fmt.Sprint(u.ID), Details: map[string]any{"email": u.Email, "role": u.Role, "via": "environment"},
		Result: audit.ResultOK,
	})
}

// SetupURL returns the one-time URL that creates the first admin, or "" when
// an account exists.
func (h *Handler) SetupURL() string {
	token := h.setup.current()
	if token == "" {
		return ""
	}
	return h.cfg.URL("/setup?token=" + token)
}

// setupToken is the secret of the first-admin setup page; it works once.
type setupToken struct {
	mu    sync.Mutex
	token string
}

func (s *setupToken) arm() error {
	token, err := randomToken(32)
	if err != nil {
		return err
	}
	s.mu.Lock()
	s.token = token
	s.mu.Unlock()
	return nil
}

func (s *setupToken) current() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token
}

// valid reports whether token is the armed setup token.
func (s *setupToken) valid(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.token != "" && constantTimeEqual(s.token, token)
}

// use disarms the token if it is token; it reports whether it was.
func (s *setupToken) use(token string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.token == "" || !constantTimeEqual(s.token, token) {
		return false
	}
	s.token = ""
	return true
}

func randomToken(bytes int) (string, error) {
	b := make([]byte, bytes)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("random token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// App returns the Fiber application with every route.
func (h *Handler) App() *fiber.App {
	app := fiber.New(fiber.Config{
		AppName:               "bbbportal",
		ErrorHandler:          h.errorHandler,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		// Bodies are streamed and limited per route by limitBody; BodyLimit is the largest
		// route's. The read buffer holds the request line and headers (a full create URL
		// of the demo server is longer than 4 KB).
		BodyLimit:                    uploadBytes,
		StreamRequestBody:            true,
		DisablePreParseMultipartForm: true,
		ReadBufferSize:               16 << 10,
	})
	h.routes(app)
	return app
}

// skipsPortalMiddleware reports whether path is served without the portal's
// session, CSRF and language handling: static files, probes and the BBB
// server, which authenticates by checksum or its own session token.
func skipsPortalMiddleware(path string) bool {
	return strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/bigbluebutton/") ||
		path == "/bigbluebutton" || path == "/healthz" || path == "/metrics"
}
