package handlers

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) showLogin(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(safeNext(c.Query("next")), fiber.StatusSeeOther)
	}
	if h.setup.current() != "" {
		// `bbbportal users create` may have added the first account while the portal runs.
		n, err := models.CountUsers(h.db)
		if err != nil {
			return err
		}
		if n == 0 {
			h.flash(c, views.FlashError, t(c, "login.no_account_yet"))
		}
	}
	return render(c, fiber.StatusOK, views.LoginPage(h.page(c, "login.title", ""), views.LoginForm{Next: safeNext(c.Query("next"))}))
}

// login checks the credentials. Every failure gets the same answer, so the
// page does not tell whether an account exists. The limits count the e-mail address the
// login itself reads (the body, never the query string) together with the client's address.
func (h *Handler) login(c *fiber.Ctx) error {
	var f loginForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	incomplete := len(f.Validate()) > 0
	keys := loginKeysFor(f.Email, h.clientIP(c))
	if blocked, wait := h.logins.blocked(keys, true); blocked {
		return h.refuseAttempt(c, audit.Record{Action: "auth.login", TargetType: "user", ActorEmail: f.Email,
			Details: map[string]any{"email": f.Email}}, wait)
	}
	fail := func(reason string, u *models.User) error {
		h.logins.failed(keys, true)
		r := audit.Record{Action: "auth.login", Result: audit.ResultDenied, TargetType: "user",
			ActorEmail: f.Email, Details: map[string]any{"email": f.Email, "reason": reason}}
		if u != nil {
			r.TargetID = fmt.Sprint(u.ID)
		}
		if err := h.record(c, r); err != nil {
			return err
		}
		p := h.page(c, "login.title", "")
		return render(c, fiber.StatusUnauthorized, views.LoginPage(p, views.LoginForm{
			Email: f.Email, Next: safeNext(f.Next), Error: t(c, "login.failed"),
		}))
	}
	if incomplete {
		return fail("incomplete", nil)
	}
	u, err := models.UserByEmail(h.db, f.Email)
	switch {
	case errors.Is(err, models.ErrNotFound):
		models.SpendPasswordCheck(f.Password)
		return fail("unknown_account", nil)
	case err != nil:
		return err
	case !u.CheckPassword(f.Password):
		return fail("wrong_password", u)
	case u.Disabled:
		return fail("disabled", u)
	}
	if err := h.startSession(c, u); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "auth.login", Result: audit.ResultOK,
		TargetType: "user", TargetID: fmt.Sprint(u.ID)}); err != nil {
		return err
	}
	return c.Redirect(safeNext(f.Next), fiber.StatusSeeOther)
}

// refuseAttempt answers an attempt over the sign-in limits with 429 and audits it denied
// (reason "too_many_attempts"), folded into one entry per address and minute with its count,
// so that a guessing run leaves a trace without filling the audit log.
func (h *Handler) refuseAttempt(c *fiber.Ctx, r audit.Record, wait time.Duration) error {
	r.Result, r.ClientIP, r.RequestID = audit.ResultDenied, h.clientIP(c), requestIDOf(c)
	if r.Details == nil {
		r.Details = map[string]any{}
	}
	r.Details["reason"] = "too_many_attempts"
	if err := h.refuse(c.UserContext(), r); err != nil {
		return err
	}
	return h.tooManyAttempts(c, wait)
}

// tooManyAttempts answers 429 with the seconds until the window ends.
func (h *Handler) tooManyAttempts(c *fiber.Ctx, wait time.Duration) error {
	seconds := int(math.Ceil(wait.Seconds()))
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(seconds))
	return &tooManyAttempts{seconds: seconds}
}
