package handlers

import (
	"net/http"
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
		app.Use("/bigbluebutton", adaptor.HTTPHandler(h.bbbServer))
	}

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

	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
}
