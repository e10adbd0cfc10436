package handlers

import (
	"net"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// trustedProxies decides which peers' X-Forwarded-For is believed (TRUSTED_PROXIES).
type trustedProxies []*net.IPNet

func newTrustedProxies(entries []string) trustedProxies {
	var nets trustedProxies
	for _, e := range entries {
		if !strings.Contains(e, "/") {
			if ip := net.ParseIP(e); ip.To4() != nil {
				e += "/32"
			} else {
				e += "/128"
			}
		}
		if _, n, err := net.ParseCIDR(e); err == nil {
			nets = append(nets, n)
		}
	}
	return nets
}

func (t trustedProxies) contains(ip net.IP) bool {
	for _, n := range t {
		if n.Contains(ip) {
			return true
		}
	}
	return false
}

// clientIP is the address of the browser behind any trusted proxies: walking
// X-Forwarded-For from the right (what our own proxies appended) it is the first
// address that is not a trusted proxy. Entries left of it were written by the client
// and are never believed, so a client cannot choose its IP for rate limits or the audit log.
func (h *Handler) clientIP(c *fiber.Ctx) string {
	// Several steps of a request ask (limits, audit, log): work it out once.
	if ip, ok := c.Locals(clientIPLocal).(string); ok {
		return ip
	}
	ip := h.resolveClientIP(c)
	c.Locals(clientIPLocal, ip)
	return ip
}

const clientIPLocal = "bbbportal.client_ip"

func (h *Handler) resolveClientIP(c *fiber.Ctx) string {
	peer := c.Context().RemoteIP()
	if len(h.proxies) == 0 || !h.proxies.contains(peer) {
		return peer.String()
	}
	hops := strings.Split(c.Get(fiber.HeaderXForwardedFor), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		ip := net.ParseIP(strings.TrimSpace(hops[i]))
		if ip == nil {
			break // a malformed entry: trust nothing further left
		}
		if !h.proxies.contains(ip) {
			return ip.String()
		}
	}
	return peer.String()
}
