package handlers

import (
	"errors"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/views"
)

// defaultTemplate is the template a new room starts from: the starter "Standard" template
// while it exists, else the first the user may use.
func defaultTemplate(list []models.Template) *models.Template {
	for i := range list {
		if list[i].IsGlobal() && list[i].Name == createopts.Seeds[0].Name {
			return &list[i]
		}
	}
	return &list[0]
}

// switchTemplate shows the new-room form again with the chosen template's settings, keeping
// the name, time limit and co-owners already entered.
func (h *Handler) switchTemplate(c *fiber.Ctx, f roomForm, formPage views.Page) error {
	tpl, err := h.rooms.Template(currentUser(c), f.TemplateID)
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	} else if err != nil {
		return err
	}
	room := &models.Room{Name: f.Name, TemplateID: tpl.ID, Template: *tpl}
	v, err := h.roomFormView(c, room, f.CoOwners)
	if err != nil {
		return err
	}
	v.MaxDuration = f.MaxDuration
	v.Options, _ = roomOptionsView(tpl.Settings, createopts.Effective(tpl.Settings, nil), nil, nil).atRelease(h.serverRelease(c)).build(c)
	return render(c, fiber.StatusOK, views.RoomFormPage(formPage, v))
}

// keepChangedOptions is for a new room saved with another template than the form showed:
// only the settings the user changed on the form are kept, so that the chosen template's
// values apply to everything else.
func (h *Handler) keepChangedOptions(c *fiber.Ctx, f *roomForm) error {
	shown, err := h.rooms.Template(currentUser(c), f.ShownTemplateID)
	if errors.Is(err, models.ErrNotFound) {
		return nil // the check of the chosen template decides
	} else if err != nil {
		return err
	}
	before := createopts.Effective(shown.Settings, nil)
	changed := createopts.Values{}
	for name, v := range f.Options.Values {
		if !sameOptionValue(name, v, before[name]) {
			changed[name] = v
		}
	}
	f.Options.Values = changed
	return nil
}

// sameOptionValue compares two values of an option; a feature list is a set.
func sameOptionValue(name, a, b string) bool {
	if o, ok := createopts.Lookup(name); ok && o.Kind == createopts.Features {
		return slices.Equal(featureSet(a), featureSet(b))
	}
	return a == b
}

func featureSet(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	slices.Sort(out)
	return out
}
