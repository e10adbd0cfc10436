package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"
	"github.com/gofiber/fiber/v2/middleware/filesystem"

	"bbbportal/paths"
	"bbbportal/static"
)

// routes is the one route table of the portal.
func (h *Handler) routes(app *fiber.App) {
	app.Use(h.requestID, h.observe, h.recoverPanic, h.securityHeaders, h.limitBody)

	app.Use("/static", filesystem.New(filesystem.Config{
		Root:   http.FS(static.Files),
		MaxAge: int((24 * time.Hour).Seconds()),
	}))
	app.Get("/healthz", h.healthz)
	app.Get("/favicon.ico", h.favicon)
	app.Get("/metrics", h.metricsEndpoint)
	if h.bbbServer != nil {
		app.Use("/bigbluebutton", adaptor.HTTPHandler(ownStrings(h.bbbServer)))
	}
	// BBB's callbacks: verified by their own token or signature, outside session and CSRF.
	app.Get(paths.EndCallback, h.endCallback())
	app.Post(paths.RecordingReadyCallback, h.recordingReadyCallback())
	app.Post(paths.HooksCallback, h.hooksCallback) // bbb-webhooks events, verified by checksum

	// Everything below is a portal page: session, language and CSRF apply.
	app.Use(h.loadSession, h.csrfProtect)

	// Public portal pages: signing in and the first admin's setup.
	app.Get("/login", h.showLogin)
	app.Post("/login", h.login)
	app.Post("/logout", h.logout)
	app.Get("/setup", h.showSetup)
	app.Post("/setup", h.setupAdmin)
	app.Get(paths.PasswordReset(":token"), h.showPasswordReset) // the token is the credential
	app.Post(paths.PasswordReset(":token"), h.usePasswordReset)
	app.Get(paths.Presentation(":token"), h.servePresentation) // fetched by BBB: the token is the credential
	// Join links: anonymous, checked by their token or short code, limited per address.
	app.Get(paths.JoinCode, h.showJoinCode)
	app.Post(paths.JoinCode, h.joinCode)
	app.Get(paths.JoinLink(":token"), h.showJoin)
	app.Post(paths.JoinLink(":token"), h.join)
	app.Get(paths.JoinStatus(":token"), h.joinStatus)

	// Signed-in areas: each group is guarded once, so no route in it goes without the guard.
	app.Get(paths.Home, h.requireUser, h.dashboard)

	account := app.Group(paths.Account, h.requireUser)
	account.Get("", h.showAccount)
	account.Post("/password", h.changeOwnPassword)
	account.Post("/language", h.changeOwnLanguage)
	account.Post("/profile", h.changeOwnProfile)
	account.Post("/logout-everywhere", h.logoutEverywhere)
	account.Post("/sessions/:id/end", h.endOwnSession)

	meeting := app.Group("/meetings", h.requireUser)
	meeting.Get("/:meetingID", h.showMeeting)
	meeting.Get("/:meetingID/end", h.confirmEnd)
	meeting.Post("/:meetingID/end", h.endMeeting)
	meeting.Get("/:meetingID/watch/:id", h.watchStatus)
	meeting.Post("/:meetingID/watch/:id/retry", h.retryEnd)

	templates := app.Group(paths.Templates, h.requireUser)
	templates.Get("", h.listTemplates)
	templates.Get("/new", h.newTemplate)
	templates.Post("", h.createTemplate)
	templates.Get("/:id", h.showTemplate)
	templates.Post("/:id", h.updateTemplate)
	templates.Post("/:id/clone", h.cloneTemplate)
	templates.Post("/:id/delete", h.deleteTemplate)

	recording := app.Group(paths.MyRecordings, h.requireUser)
	recording.Get("", h.listMyRecordings)
	recording.Post("/publish", h.publishRecordings)
	recording.Post("/unpublish", h.unpublishRecordings)
	recording.Post("/delete", h.deleteRecordings)
	recording.Post("/:recordID", h.updateRecording)

	notice := app.Group(paths.Notices, h.requireUser)
	notice.Get("", h.listNotices)
	notice.Post("/seen", h.markNoticesSeen)

	room := app.Group(paths.Rooms, h.requireUser)
	room.Get("", h.listRooms)
	room.Get("/new", h.newRoom)
	room.Get("/co-owners", h.searchCoOwners) // before /:id
	room.Post("", h.createRoom)
	room.Get("/:id", h.showRoom)
	room.Post("/:id", h.updateRoom)
	room.Get("/:id/edit", h.editRoom)
	room.Post("/:id/start", h.startRoom)
	room.Get("/:id/preview", h.previewRoom)
	room.Get("/:id/delete", h.confirmDeleteRoom)
	room.Post("/:id/delete", h.deleteRoom)
	room.Get("/:id/schedules", h.listSchedules)
	room.Post("/:id/schedules", h.createSchedule)
	room.Get("/:id/schedules/:sid.ics", h.scheduleICS)
	room.Post("/:id/schedules/:sid/delete", h.deleteSchedule)
	room.Post("/:id/links", h.createLink)
	room.Post("/:id/links/:linkID/revoke", h.revokeLink)
	room.Get("/:id/links/:linkID/qr.svg", h.linkQRSVG)
	room.Get("/:id/links/:linkID/qr.png", h.linkQRPNG)
	room.Get("/:id/links/:linkID/print", h.printLink)

	// Administration: the admin check guards the whole prefix.
	admin := app.Group("/admin", h.requireAdmin)
	admin.Get("/users", h.listUsers)
	admin.Post("/users", h.createUser)
	admin.Post("/users/:id/role", h.changeUserRole)
	admin.Post("/users/:id/disable", h.disableUser)
	admin.Post("/users/:id/reset-password", h.resetUserPassword)
	admin.Post("/users/:id/enable", h.enableUser)
	admin.Get("/audit", h.showAudit)
	admin.Get("/audit.csv", h.exportAudit)
	admin.Get("/audit/:id", h.showAuditEntry)
	admin.Get("/hooks", h.listHooks)
	admin.Post("/hooks", h.createHook)
	admin.Post("/hooks/receive", h.switchReceive)
	admin.Get("/hooks/:hookID/delete", h.confirmDeleteHook)
	admin.Post("/hooks/:hookID/delete", h.deleteHook)
	admin.Get("/meetings", h.showLive)
	admin.Get("/meetings/rows", h.liveRows)
	admin.Post("/meetings/end", h.bulkEnd)
	admin.Get("/recordings", h.listAllRecordings)
	admin.Get("/recordings/retention", h.showRetention)
	admin.Post("/recordings/retention", h.runRetention)

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
