package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
)

// healthz answers whether the portal and its database work, for probes.
func (h *Handler) healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	status, db := fiber.StatusOK, "ok"
	if err := models.Ping(ctx, h.db); err != nil {
		h.log.Error("health check: database", "error", err)
		status, db = fiber.StatusServiceUnavailable, "unavailable"
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(fiber.Map{"status": map[bool]string{true: "ok", false: "degraded"}[status == fiber.StatusOK], "database": db})
}
