package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/paths"
	"bbbportal/views"
	"bbbportal/webhooks"
)

// maxHookMeetingID is BBB's limit of a meeting ID.
const maxHookMeetingID = 256

// hookForm is POST /admin/hooks.
type hookForm struct {
	CallbackURL string
	MeetingID   string
	GetRaw      bool
}

func parseHookForm(c *fiber.Ctx) hookForm {
	return hookForm{
		CallbackURL: strings.TrimSpace(c.FormValue("callback_url")),
		MeetingID:   strings.TrimSpace(c.FormValue("meeting_id")),
		GetRaw:      c.FormValue("get_raw") == "true",
	}
}

// Validate returns the form's problems (field → message key).
func (f hookForm) Validate() map[string]string {
	errs := map[string]string{}
	if webhooks.CheckCallbackURL(f.CallbackURL) != nil {
		errs["callback_url"] = "hooks.error.invalid_url"
	}
	if len(f.MeetingID) > maxHookMeetingID {
		errs["meeting_id"] = "hooks.error.meeting_id"
	}
	return errs
}

var hookFormFields = []formField{
	{"callback_url", "hook-callback-url", "hooks.callback_url"},
	{"meeting_id", "hook-meeting-id", "hooks.meeting_id"},
}

// createHook registers a hook on the BBB server (hooks/create) and audits it.
func (h *Handler) createHook(c *fiber.Ctx) error {
	f := parseHookForm(c)
	v := views.HooksView{Form: views.HookForm{CallbackURL: f.CallbackURL, MeetingID: f.MeetingID, GetRaw: f.GetRaw}}
	if errs := f.Validate(); len(errs) > 0 {
		v.Problems, v.FieldErrors = fieldProblems(c, errs, hookFormFields)
		return h.renderHooks(c, fiber.StatusUnprocessableEntity, v)
	}
	res, err := h.hooks.Create(c.UserContext(), h.actor(c), f.CallbackURL, f.MeetingID, f.GetRaw)
	if err != nil {
		v.FormErrKey = webhooks.MessageKey(err)
		return h.renderHooks(c, fiber.StatusBadGateway, v)
	}
	key := "hooks.registered"
	if res.Duplicate {
		key = "hooks.duplicate"
	}
	h.flash(c, views.FlashSuccess, t(c, key, "ID", res.ID))
	return c.Redirect(paths.AdminHooks, fiber.StatusSeeOther)
}
