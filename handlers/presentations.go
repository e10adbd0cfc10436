package handlers

import (
	"errors"
	"mime"
	"path"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
)

// servePresentation hands an uploaded presentation to BBB, which fetches it when the meeting
// is created. The token in the path is the only credential; it is never shown on a page.
func (h *Handler) servePresentation(c *fiber.Ctx) error {
	pres, err := models.PresentationByToken(h.db, c.Params("token"))
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	contentType := mime.TypeByExtension(path.Ext(pres.Name))
	if contentType == "" {
		contentType = fiber.MIMEOctetStream
	}
	c.Set(fiber.HeaderContentType, contentType)
	c.Set(fiber.HeaderContentDisposition, mime.FormatMediaType("attachment", map[string]string{"filename": pres.Name}))
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return c.Send(pres.Content)
}
