package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) newTemplate(c *fiber.Ctx) error {
	u := currentUser(c)
	f := views.TemplateForm{Editable: true, CanChooseScope: u.IsAdmin(), Global: u.IsAdmin()}
	empty := createopts.Settings{}
	f.Options, _ = optionsView{forTemplate: true, values: createopts.Values{}, policies: settingsPolicies(empty)}.
		atRelease(h.serverRelease(c)).build(c)
	return render(c, fiber.StatusOK, views.TemplateEditPage(h.page(c, "templates.new", "templates"), f))
}

func (h *Handler) createTemplate(c *fiber.Ctx) error {
	u := currentUser(c)
	form, err := parseTemplateForm(c)
	if err != nil {
		return err
	}
	v := views.TemplateForm{Editable: true, CanChooseScope: u.IsAdmin(), Global: form.Global && u.IsAdmin()}
	ch, settings, ok := form.check(c, &v, h.serverRelease(c), h.templateRules(c, nil))
	if ok {
		tpl, err := h.rooms.CreateTemplate(h.actor(c), u, ch, settings)
		if err == nil {
			h.flash(c, views.FlashSuccess, t(c, "templates.created", "Name", tpl.Name))
			return c.Redirect(paths.Template(tpl.ID), fiber.StatusSeeOther)
		}
		if !errors.Is(err, models.ErrNameTaken) {
			return h.quotaReached(c, err, paths.Templates)
		}
		nameTaken(c, &v)
	}
	return render(c, fiber.StatusUnprocessableEntity, views.TemplateEditPage(h.page(c, "templates.new", "templates"), v))
}
