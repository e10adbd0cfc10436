package handlers

import "github.com/gofiber/fiber/v2"

// stateLanguageKey keeps the language of the user who signed out in the state cookie.
const stateLanguageKey = "lang"

// rememberLanguage keeps a signing-out user's language, so that the login page shown after
// logout (and its notice) speak it instead of the browser's Accept-Language.
func (h *Handler) rememberLanguage(c *fiber.Ctx, lang string) {
	r := state(c)
	if r.state == nil || lang == "" {
		return
	}
	r.state.Values[stateLanguageKey] = lang
	r.dirty = true
}

// rememberedLanguage is the language rememberLanguage kept ("" for none).
func rememberedLanguage(r *request) string {
	if r.state == nil {
		return ""
	}
	lang, _ := r.state.Values[stateLanguageKey].(string)
	return lang
}
