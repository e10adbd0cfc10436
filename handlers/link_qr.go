package handlers

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
)

// qrPNGSize is the side of the PNG QR code in pixels: sharp when printed at 5 cm.
const qrPNGSize = 512

// linkQRSVG is the QR code of one of the room's links, for the page and the invitation.
func (h *Handler) linkQRSVG(c *fiber.Ctx) error {
	url, err := h.linkURL(c)
	if err != nil {
		return err
	}
	svg, err := links.QRSVG(url)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/svg+xml")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(svg)
}

// linkQRPNG is the QR code as a PNG file, for slides and worksheets.
func (h *Handler) linkQRPNG(c *fiber.Ctx) error {
	url, err := h.linkURL(c)
	if err != nil {
		return err
	}
	png, err := links.QRPNG(url, qrPNGSize)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "image/png")
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="link-%s.png"`, c.Params("linkID")))
	return c.Send(png)
}

// linkURL is the public URL of the :linkID of the room the user manages; 404 otherwise.
func (h *Handler) linkURL(c *fiber.Ctx) (string, error) {
	room, err := h.targetRoom(c)
	if err != nil {
		return "", err
	}
	linkID, err := linkIDParam(c)
	if err != nil {
		return "", err
	}
	lv, err := h.links.Link(room, linkID)
	if errors.Is(err, links.ErrNotFound) {
		return "", fiber.ErrNotFound
	}
	return lv.URL, err
}
