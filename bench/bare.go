package bench

import (
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// Bare is a Fiber app with nothing but the handlers the comparison needs: a fixed page of a
// given size and a fixed redirect. It is the baseline every figure is measured against.
type Bare struct {
	URL string
	app *fiber.App
}

// StartBare serves the baseline on a loopback port: GET /page answers an HTML page of
// pageSize bytes, GET /redirect a 302.
func StartBare(pageSize int) (*Bare, error) {
	page := "<!doctype html><title>bare</title>" + strings.Repeat("x", max(0, pageSize-34))
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/page", func(c *fiber.Ctx) error {
		c.Type("html")
		return c.SendString(page)
	})
	app.Get("/redirect", func(c *fiber.Ctx) error { return c.Redirect("/elsewhere", fiber.StatusFound) })
	app.Post("/redirect", func(c *fiber.Ctx) error { return c.Redirect("/elsewhere", fiber.StatusFound) })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	go app.Listener(ln)
	return &Bare{URL: "http://" + ln.Addr().String(), app: app}, nil
}

// Close stops the baseline server.
func (b *Bare) Close() error { return b.app.Shutdown() }
