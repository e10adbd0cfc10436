package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
)

// healthBBB is what /healthz says about the BBB server, from what the portal already knows
// (a probe never waits for BBB).
type healthBBB struct {
	Checksum         string   `json:"checksum"`          // sha1|sha256|sha384|sha512, "auto" until detected
	ChecksumDetected bool     `json:"checksum_detected"` // chosen by auto-detection, not BIGBLUEBUTTON_CHECKSUM
	Version          string   `json:"version"`           // the server's release, "unknown" until read
	VersionExact     bool     `json:"version_exact"`     // the server named it (else inferred from its API index)
	CheckedAt        string   `json:"checked_at,omitempty"`
	Unavailable      []string `json:"unavailable"` // features the server refuses (chat, hooks, recordings, meetingsList)
}

// healthz answers whether the portal and its database work, for probes, and which checksum
// algorithm and server version the portal uses.
func (h *Handler) healthz(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	status, db := fiber.StatusOK, "ok"
	if err := models.Ping(ctx, h.db); err != nil {
		h.log.Error("health check: database", "error", err)
		status, db = fiber.StatusServiceUnavailable, "unavailable"
	}
	info := h.meetings.ServerKnown()
	server := healthBBB{Checksum: info.Checksum, ChecksumDetected: info.Detected, Version: info.Release.String(),
		VersionExact: info.ReleaseExact, Unavailable: info.Lacking()}
	if server.Unavailable == nil {
		server.Unavailable = []string{}
	}
	if !info.CheckedAt.IsZero() {
		server.CheckedAt = info.CheckedAt.UTC().Format(time.RFC3339)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Status(status).JSON(fiber.Map{"status": map[bool]string{true: "ok", false: "degraded"}[status == fiber.StatusOK],
		"database": db, "bbb": server})
}
