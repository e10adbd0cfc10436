package handlers

import (
	"io"

	"github.com/gofiber/fiber/v2"

	"bbbportal/links"
	"bbbportal/paths"
	"bbbportal/views"
)

// showJoin is the public page of a link: room, name, access code, recording consent.
func (h *Handler) showJoin(c *fiber.Ctx) error {
	if ok, err := h.allowJoinPage(c, h.links.Limits.Pages); !ok {
		return err
	}
	inv, err := h.openInvite(c)
	if inv == nil {
		return err
	}
	if inv.State != links.StateUsable {
		return h.joinRefused(c, fiber.StatusGone, views.JoinRefusedView{Outcome: inv.State})
	}
	v := joinView(inv)
	v.Name = rememberedName(c)
	p := h.joinPage(c, v)
	c.Status(fiber.StatusOK)
	c.Type("html", "utf-8")
	if w, ok := c.Response().BodyWriter().(io.StringWriter); ok {
		if ok, err := joinPages.render(c.UserContext(), w, p, v); ok || err != nil {
			return err
		}
	}
	return render(c, fiber.StatusOK, views.JoinPage(p, v))
}

func (h *Handler) joinPage(c *fiber.Ctx, v views.JoinView) views.Page {
	return h.pageTitled(c, t(c, "join.title", "Room", v.RoomName), "")
}

// joinForm is the submitted join form.
type joinForm struct {
	Name       string
	AccessCode string
	Consent    string
}

// parseJoinForm reads the three fields directly: a class sends this form all at once.
func parseJoinForm(c *fiber.Ctx) joinForm {
	return joinForm{Name: c.FormValue("name"), AccessCode: c.FormValue("access_code"), Consent: c.FormValue("consent")}
}

// join decides a submitted join: to the meeting (a redirect to BBB's signed join URL), the
// waiting page, the form again with its problem, or a page saying what stops it.
func (h *Handler) join(c *fiber.Ctx) error {
	if ok, err := h.allowJoinPage(c, h.links.Limits.Pages); !ok {
		return err
	}
	inv, err := h.openInvite(c)
	if inv == nil {
		return err
	}
	f := parseJoinForm(c)
	d, err := h.links.Join(c.UserContext(), inv, links.JoinRequest{Name: f.Name, AccessCode: f.AccessCode,
		Consent: f.Consent == "yes", BrowserID: c.Cookies(links.CookieBrowser), Who: h.actor(c)})
	if err != nil {
		return err
	}
	h.joinCookie(c, links.CookieBrowser, d.BrowserID)
	if inv.Link.FixedName == "" && d.Name != "" {
		h.rememberName(c, d.Name)
	}
	v := joinView(inv)
	v.Name, v.Consent = d.Name, f.Consent == "yes"
	if v.Name == "" {
		v.Name = links.CleanName(f.Name)
	}
	switch d.Outcome {
	case links.OutcomeJoin:
		if isHTMX(c) {
			c.Set("HX-Redirect", d.JoinURL)
			return c.SendStatus(fiber.StatusOK)
		}
		return c.Redirect(d.JoinURL, fiber.StatusSeeOther)
	case links.OutcomeWait:
		w := views.JoinWaitView{JoinView: v, AccessCode: f.AccessCode, CheckedAt: h.now(), BBBProblem: d.Problem}
		return joinRender(c, fiber.StatusOK, views.JoinWaitingPage(h.pageTitled(c, t(c, "join.wait.title"), ""), w))
	case links.OutcomeNameRequired, links.OutcomeConsentRequired, links.OutcomeWrongAccessCode:
		v.Problem = d.Outcome
		return joinRender(c, fiber.StatusUnprocessableEntity, views.JoinPage(h.joinPage(c, v), v))
	case links.OutcomeTooManyGuesses:
		v.Problem = d.Outcome
		c.Set(fiber.HeaderRetryAfter, "60")
		return joinRender(c, fiber.StatusTooManyRequests, views.JoinPage(h.joinPage(c, v), v))
	case links.OutcomeBBB:
		return h.joinRefused(c, fiber.StatusBadGateway, views.JoinRefusedView{Outcome: d.Outcome, Problem: d.Problem,
			RetryPath: paths.JoinLink(inv.Token)})
	}
	status, ok := refusedStatus[d.Outcome]
	if !ok {
		status = fiber.StatusConflict
	}
	return h.joinRefused(c, status, views.JoinRefusedView{Outcome: d.Outcome})
}
