package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"
)

// deviceName describes a browser from its User-Agent in plain words ("Firefox on
// Windows"), for the account page's list of sessions. Order matters: Edge and Opera also
// say Chrome, Chrome also says Safari, Android also says Linux, iOS also says Mac OS X.
func deviceName(c *fiber.Ctx, userAgent string) string {
	browser := firstMatch(userAgent, [][2]string{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"FxiOS/", "Firefox"},
		{"CriOS/", "Chrome"}, {"Chrome/", "Chrome"}, {"Safari/", "Safari"},
	})
	system := firstMatch(userAgent, [][2]string{
		{"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Android", "Android"}, {"CrOS", "ChromeOS"},
		{"Windows", "Windows"}, {"Mac OS X", "macOS"}, {"Linux", "Linux"},
	})
	switch {
	case browser != "" && system != "":
		return t(c, "account.device", "Browser", browser, "System", system)
	case browser != "":
		return browser
	case system != "":
		return system
	}
	return t(c, "account.device_unknown")
}

func firstMatch(s string, table [][2]string) string {
	for _, e := range table {
		if strings.Contains(s, e[0]) {
			return e[1]
		}
	}
	return ""
}
