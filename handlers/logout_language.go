package handlers

import "github.com/gofiber/fiber/v2"

// rememberLanguage keeps a signing-out user's language, so that the login page shown after
// logout (and its notice) speak it instead of the browser's Accept-Language.
func (h *Handler) rememberLanguage(c *fiber.Ctx, lang string) {
	v := state(c).values()
	if v == nil || lang == "" {
		return
	}
	v.Lang = lang
	state(c).dirty = true
}

// rememberedLanguage is the language rememberLanguage kept ("" for none).
func rememberedLanguage(r *request) string {
	if r.cookie == "" && r.vals == nil {
		return ""
	}
	if v := r.values(); v != nil {
		return v.Lang
	}
	return ""
}
