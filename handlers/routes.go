package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"bbbportal/static"
)

// routes is the one route table of the portal.
func (h *Handler) routes(app *fiber.App) {
	app.Use(h.requestID, h.observe, h.recoverPanic, h.securityHeaders)

	app.Use("/static", filesystem.New(filesystem.Config{
		Root:   http.FS(static.Files),
		MaxAge: int((24 * time.Hour).Seconds()),
	}))
	app.Get("/healthz", h.healthz)
	app.Get("/metrics", h.metricsEndpoint)
	if h.bbbServer != nil {
		app.Use("/bigbluebutton", adaptor.HTTPHandler(ownStrings(h.bbbServer)))
	}
	// BBB's callbacks: verified by their own token or signature, outside session and CSRF.
	app.Get("/callbacks/end", h.endCallback)
	app.Post("/callbacks/recording-ready", h.recordingReadyCallback)

	// Everything below is a portal page: session, language and CSRF apply.
	app.Use(h.loadSession, h.csrfProtect)

	app.Get("/login", h.showLogin)
	app.Post("/login", h.limitLoginsPerIP, h.limitLoginsPerAccount, h.csrfLogin, h.login)
	app.Post("/logout", h.logout)
	app.Get("/setup", h.showSetup)
	app.Post("/setup", h.limitLoginsPerIP, h.setupAdmin)

	app.Get("/", h.requireUser, h.dashboard)

	app.Get("/account", h.requireUser, h.showAccount)
	app.Post("/account/password", h.requireUser, h.changeOwnPassword)
	app.Post("/account/language", h.requireUser, h.changeOwnLanguage)
	app.Post("/account/logout-everywhere", h.requireUser, h.logoutEverywhere)

	app.Get("/admin/users", h.requireAdmin, h.listUsers)
	app.Post("/admin/users", h.requireAdmin, h.createUser)
	app.Post("/admin/users/:id/role", h.requireAdmin, h.changeUserRole)
	app.Post("/admin/users/:id/disable", h.requireAdmin, h.disableUser)
	app.Post("/admin/users/:id/enable", h.requireAdmin, h.enableUser)

	app.Get("/admin/audit", h.requireAdmin, h.showAudit)

	// Live meetings, meeting pages, confirmed ends and schedules.
	app.Get("/admin/meetings", h.requireAdmin, h.showLive)
	app.Get("/admin/meetings/rows", h.requireAdmin, h.liveRows)
	app.Post("/admin/meetings/end", h.requireAdmin, h.bulkEnd)
	app.Get("/meetings/:meetingID", h.requireUser, h.showMeeting)
	app.Get("/meetings/:meetingID/end", h.requireUser, h.confirmEnd)
	app.Post("/meetings/:meetingID/end", h.requireUser, h.endMeeting)
	app.Get("/meetings/:meetingID/watch/:id", h.requireUser, h.watchStatus)
	app.Post("/meetings/:meetingID/watch/:id/retry", h.requireUser, h.retryEnd)
	app.Get("/rooms/:id/schedules", h.requireUser, h.listSchedules)
	app.Post("/rooms/:id/schedules", h.requireUser, h.createSchedule)
	app.Get("/rooms/:id/schedules/:sid.ics", h.requireUser, h.scheduleICS)
	app.Post("/rooms/:id/schedules/:sid/delete", h.requireUser, h.deleteSchedule)

	// Templates, rooms, the create-call preview and starting a meeting.
	app.Get("/templates", h.requireUser, h.listTemplates)
	app.Get("/templates/new", h.requireUser, h.newTemplate)
	app.Post("/templates", h.requireUser, h.createTemplate)
	app.Get("/templates/:id", h.requireUser, h.showTemplate)
	app.Post("/templates/:id", h.requireUser, h.updateTemplate)
	app.Post("/templates/:id/clone", h.requireUser, h.cloneTemplate)
	app.Post("/templates/:id/delete", h.requireUser, h.deleteTemplate)
	app.Get("/rooms", h.requireUser, h.listRooms)
	app.Get("/rooms/new", h.requireUser, h.newRoom)
	app.Post("/rooms", h.requireUser, h.createRoom)
	app.Get("/rooms/:id", h.requireUser, h.showRoom)
	app.Post("/rooms/:id", h.requireUser, h.updateRoom)
	app.Get("/rooms/:id/edit", h.requireUser, h.editRoom)
	app.Post("/rooms/:id/start", h.requireUser, h.startRoom)
	app.Get("/rooms/:id/preview", h.requireUser, h.previewRoom)
	app.Get("/rooms/:id/delete", h.requireUser, h.confirmDeleteRoom)
	app.Post("/rooms/:id/delete", h.requireUser, h.deleteRoom)
	app.Get("/presentations/:token", h.servePresentation) // fetched by BBB: the token is the credential

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}

// ownStrings gives a net/http handler mounted through Fiber's adaptor a request whose URL
// and host are its own strings: the adaptor's strings share fasthttp's buffers, which are
// reused for the next request, and the BBB simulator keeps meeting IDs from the query.
func ownStrings(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := *r.URL
		u.Path, u.RawPath, u.RawQuery = strings.Clone(u.Path), strings.Clone(u.RawPath), strings.Clone(u.RawQuery)
		r.URL = &u
		r.Host, r.RequestURI = strings.Clone(r.Host), strings.Clone(r.RequestURI)
		next.ServeHTTP(w, r)
	})
}
