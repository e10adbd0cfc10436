package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

func (h *Handler) showTemplate(c *fiber.Ctx) error {
	tpl, err := h.targetTemplate(c)
	if err != nil {
		return err
	}
	f, err := h.templateFormView(c, tpl)
	if err != nil {
		return err
	}
	f.Options, _ = optionsView{forTemplate: true, values: tpl.Settings.TemplateValues(), policies: settingsPolicies(tpl.Settings)}.
		atRelease(h.serverRelease(c)).build(c)
	if f.Retention, err = h.retentionField(tpl.ID); err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.TemplateEditPage(h.pageTitled(c, tpl.Name, "templates"), f))
}

func (h *Handler) updateTemplate(c *fiber.Ctx) error {
	tpl, err := h.editableTemplate(c)
	if err != nil {
		return err
	}
	form, err := parseTemplateForm(c)
	if err != nil {
		return err
	}
	v, err := h.templateFormView(c, tpl)
	if err != nil {
		return err
	}
	ch, settings, ok := form.check(c, &v, h.serverRelease(c), h.templateRules(c, tpl))
	retention, retentionOK := checkRetention(c, &v)
	if ok && retentionOK {
		err := h.rooms.UpdateTemplate(h.actor(c), tpl, ch, settings)
		if err == nil {
			if err := h.saveRetention(c, tpl.ID, retention); err != nil {
				return err
			}
			h.flash(c, views.FlashSuccess, t(c, "templates.saved", "Name", tpl.Name))
			return c.Redirect(paths.Template(tpl.ID), fiber.StatusSeeOther)
		}
		if !errors.Is(err, models.ErrNameTaken) {
			return err
		}
		nameTaken(c, &v)
	}
	return render(c, fiber.StatusUnprocessableEntity, views.TemplateEditPage(h.pageTitled(c, v.Name, "templates"), v))
}
