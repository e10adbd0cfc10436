package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/static"
)

var faviconICO = func() []byte {
	b, err := static.Files.ReadFile("favicon.ico")
	if err != nil {
		panic(err) // embedded: cannot happen in a built binary
	}
	return b
}()

// favicon answers the browsers that ask for /favicon.ico whatever the page's <link> says.
func (h *Handler) favicon(c *fiber.Ctx) error {
	c.Set(fiber.HeaderContentType, "image/x-icon")
	c.Set(fiber.HeaderCacheControl, "public, max-age=86400")
	return c.Send(faviconICO)
}
