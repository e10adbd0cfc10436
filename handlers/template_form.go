package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/bbb"
	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/rooms"
	"bbbportal/views"
)

// maxDescriptionLength bounds a template's description (in characters).
const maxDescriptionLength = 1000

// templateForm is the posted template form (new template or edit).
type templateForm struct {
	Name        string
	Description string
	Global      bool
	MaxDuration string
	Options     submittedOptions
}

func parseTemplateForm(c *fiber.Ctx) (templateForm, error) {
	form, err := postedForm(c)
	if err != nil {
		return templateForm{}, fiber.ErrBadRequest
	}
	return templateForm{
		Name: strings.TrimSpace(form.Get("name")), Description: strings.TrimSpace(form.Get("description")),
		Global: form.Get("scope") == "global", MaxDuration: form.Get("max_duration"), Options: parseOptions(form),
	}, nil
}

// Validate checks the fields other than the options: field → message key.
func (f templateForm) Validate() map[string]string {
	errs := map[string]string{}
	if n := len([]rune(f.Name)); n < 2 || n > 200 {
		errs["name"] = "templates.name_invalid"
	}
	if len([]rune(f.Description)) > maxDescriptionLength {
		errs["description"] = "templates.description_invalid"
	}
	if _, ok := parseMinutes(f.MaxDuration); !ok {
		errs["max_duration"] = "rooms.minutes_invalid"
	}
	return errs
}

func (f templateForm) change() rooms.TemplateChange {
	minutes, _ := parseMinutes(f.MaxDuration)
	return rooms.TemplateChange{Name: f.Name, Description: f.Description, Global: f.Global, MaxDurationMinutes: minutes,
		Options: f.Options.Values, Policies: f.Options.Policies}
}

var templateFields = []formField{
	{"name", "template-name", "templates.name"},
	{"description", "template-description", "templates.description"},
	{"max_duration", "template-max-duration", "templates.max_duration"},
}

// check validates f into v (the form shown again on problems, offering what a server of
// release r reads) and reports whether it is valid.
func (f templateForm) check(c *fiber.Ctx, v *views.TemplateForm, r bbb.Release, validate optionRules) (rooms.TemplateChange, createopts.Settings, bool) {
	ch := f.change()
	settings, optErrs := validate(ch)
	v.Name, v.Description, v.MaxDuration = f.Name, f.Description, f.MaxDuration
	problems, byField := fieldProblems(c, f.Validate(), templateFields)
	v.NameError, v.DescriptionError, v.MaxDurationError = byField["name"], byField["description"], byField["max_duration"]
	var optionProblems []views.FieldProblem
	v.Options, optionProblems = optionsView{forTemplate: true, values: f.Options.Values, meta: f.Options.Meta,
		policies: submittedPolicies(f.Options.Policies), errs: optErrs}.atRelease(r).build(c)
	v.Problems = append(problems, optionProblems...)
	return ch, settings, len(v.Problems) == 0
}

// optionRules validates a template's options by the rules of its scope.
type optionRules func(rooms.TemplateChange) (createopts.Settings, createopts.Errors)

// templateRules of tpl (nil: a new template): admin-only options in global templates only,
// no address BBB would fetch from inside the network.
func (h *Handler) templateRules(c *fiber.Ctx, tpl *models.Template) optionRules {
	return func(ch rooms.TemplateChange) (createopts.Settings, createopts.Errors) {
		return h.rooms.CheckTemplateFor(c.UserContext(), currentUser(c), tpl, ch)
	}
}

// nameTaken marks the name field of v as already used.
func nameTaken(c *fiber.Ctx, v *views.TemplateForm) {
	v.NameError = t(c, "templates.name_taken")
	v.Problems = append(v.Problems, views.FieldProblem{FieldID: "template-name", Label: t(c, "templates.name"), Message: v.NameError})
}
