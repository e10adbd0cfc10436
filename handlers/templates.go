package handlers

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/views"
)

func (h *Handler) listTemplates(c *fiber.Ctx) error {
	u := currentUser(c)
	list, err := models.TemplatesFor(h.db, u)
	if err != nil {
		return err
	}
	owners, err := h.ownerNames(list)
	if err != nil {
		return err
	}
	roomCounts, err := models.RoomCountsByTemplate(h.db)
	if err != nil {
		return err
	}
	rows := make([]views.TemplateRow, 0, len(list))
	for _, tpl := range list {
		row := views.TemplateRow{ID: tpl.ID, Name: tpl.Name, Description: tpl.Description, Global: tpl.IsGlobal(),
			Rooms: roomCounts[tpl.ID], Editable: tpl.EditableBy(u)}
		if tpl.OwnerID != nil {
			row.OwnerName = owners[*tpl.OwnerID]
		}
		rows = append(rows, row)
	}
	return render(c, fiber.StatusOK, views.TemplatesPage(h.page(c, "templates.title", "templates"), rows))
}

// ownerNames maps the owners of personal templates to their display names.
func (h *Handler) ownerNames(list []models.Template) (map[uint]string, error) {
	names := map[uint]string{}
	for _, tpl := range list {
		if tpl.OwnerID == nil || names[*tpl.OwnerID] != "" {
			continue
		}
		u, err := models.UserByID(h.db, *tpl.OwnerID)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return nil, err
		}
		if u != nil {
			names[*tpl.OwnerID] = u.DisplayName
		}
	}
	return names, nil
}

// targetTemplate loads the template named by :id if the user may see it (else 404).
func (h *Handler) targetTemplate(c *fiber.Ctx) (*models.Template, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	tpl, err := models.TemplateFor(h.db, uint(id), currentUser(c))
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return tpl, err
}

func (h *Handler) newTemplate(c *fiber.Ctx) error {
	u := currentUser(c)
	f := views.TemplateForm{Editable: true, CanChooseScope: u.IsAdmin(), Global: u.IsAdmin()}
	empty := createopts.Settings{}
	f.Options, _ = optionsView{forTemplate: true, values: createopts.Values{}, policies: settingsPolicies(empty)}.build(c)
	return render(c, fiber.StatusOK, views.TemplateEditPage(h.page(c, "templates.new", "templates"), f))
}

func (h *Handler) showTemplate(c *fiber.Ctx) error {
	tpl, err := h.targetTemplate(c)
	if err != nil {
		return err
	}
	f, err := h.templateForm(c, tpl)
	if err != nil {
		return err
	}
	f.Options, _ = optionsView{forTemplate: true, values: tpl.Settings.TemplateValues(), policies: settingsPolicies(tpl.Settings)}.build(c)
	return render(c, fiber.StatusOK, views.TemplateEditPage(h.pageTitled(c, tpl.Name, "templates"), f))
}

// templateForm fills the parts of the edit page that do not depend on the options.
func (h *Handler) templateForm(c *fiber.Ctx, tpl *models.Template) (views.TemplateForm, error) {
	u := currentUser(c)
	f := views.TemplateForm{ID: tpl.ID, Name: tpl.Name, Description: tpl.Description, Global: tpl.IsGlobal(),
		Editable: tpl.EditableBy(u), MaxDuration: minutesText(tpl.MaxDurationMinutes)}
	n, err := models.CountRoomsUsing(h.db, tpl.ID)
	if err != nil {
		return f, err
	}
	f.RoomsUsing = n
	if n > 0 {
		f.MoveTargets, err = h.moveTargets(u, tpl)
	}
	return f, err
}

// moveTargets are the templates the rooms of tpl may be moved to: global ones, or the same owner's.
func (h *Handler) moveTargets(u *models.User, tpl *models.Template) ([]views.TemplateChoice, error) {
	list, err := models.TemplatesFor(h.db, u)
	if err != nil {
		return nil, err
	}
	var out []views.TemplateChoice
	for _, other := range list {
		if other.ID != tpl.ID && canReceiveRooms(&other, tpl) {
			out = append(out, views.TemplateChoice{ID: other.ID, Name: other.Name})
		}
	}
	return out, nil
}

func canReceiveRooms(target, from *models.Template) bool {
	return target.IsGlobal() || (from.OwnerID != nil && *target.OwnerID == *from.OwnerID)
}

func minutesText(m int) string {
	if m <= 0 {
		return ""
	}
	return strconv.Itoa(m)
}

// maxDescriptionLength bounds a template's description (in characters).
const maxDescriptionLength = 1000

// templateInput is a parsed template form.
type templateInput struct {
	Name        string
	Description string
	Global      bool
	MaxDuration string
	Options     submittedOptions
}

func parseTemplateInput(c *fiber.Ctx) (templateInput, error) {
	form, err := postedForm(c)
	if err != nil {
		return templateInput{}, fiber.ErrBadRequest
	}
	return templateInput{
		Name: strings.TrimSpace(form.Get("name")), Description: strings.TrimSpace(form.Get("description")),
		Global: form.Get("scope") == "global", MaxDuration: form.Get("max_duration"), Options: parseOptions(form),
	}, nil
}

// validate checks the input; on problems it fills f for re-rendering and returns false.
func (in templateInput) validate(c *fiber.Ctx, f *views.TemplateForm) (createopts.Settings, int, bool) {
	settings, errs := createopts.TemplateSettings(in.Options.Values, in.Options.Policies)
	minutes, minutesOK := parseMinutes(in.MaxDuration)
	f.Name, f.Description, f.MaxDuration = in.Name, in.Description, in.MaxDuration
	var problems []views.FieldProblem
	if n := len([]rune(in.Name)); n < 2 || n > 200 {
		f.NameError = t(c, "templates.name_invalid")
		problems = append(problems, views.FieldProblem{FieldID: "template-name", Label: t(c, "templates.name"), Message: f.NameError})
	}
	if len([]rune(in.Description)) > maxDescriptionLength {
		f.DescriptionError = t(c, "templates.description_invalid", "Max", maxDescriptionLength)
		problems = append(problems, views.FieldProblem{FieldID: "template-description", Label: t(c, "templates.description"), Message: f.DescriptionError})
	}
	if !minutesOK {
		f.MaxDurationError = t(c, "rooms.minutes_invalid")
		problems = append(problems, views.FieldProblem{FieldID: "template-max-duration", Label: t(c, "templates.max_duration"), Message: f.MaxDurationError})
	}
	var optionProblems []views.FieldProblem
	f.Options, optionProblems = optionsView{forTemplate: true, values: in.Options.Values, meta: in.Options.Meta,
		policies: submittedPolicies(in.Options.Policies), errs: errs}.build(c)
	f.Problems = append(problems, optionProblems...)
	return settings, minutes, len(f.Problems) == 0
}

func (h *Handler) createTemplate(c *fiber.Ctx) error {
	u := currentUser(c)
	in, err := parseTemplateInput(c)
	if err != nil {
		return err
	}
	f := views.TemplateForm{Editable: true, CanChooseScope: u.IsAdmin(), Global: in.Global && u.IsAdmin()}
	settings, minutes, ok := in.validate(c, &f)
	if !ok {
		return render(c, fiber.StatusUnprocessableEntity, views.TemplateEditPage(h.page(c, "templates.new", "templates"), f))
	}
	tpl := &models.Template{Name: in.Name, Description: in.Description, Settings: settings, MaxDurationMinutes: minutes}
	if !f.Global {
		tpl.OwnerID = &u.ID
	}
	if err := models.SaveTemplate(h.db, tpl); errors.Is(err, models.ErrNameTaken) {
		f.NameError = t(c, "templates.name_taken")
		f.Problems = append(f.Problems, views.FieldProblem{FieldID: "template-name", Label: t(c, "templates.name"), Message: f.NameError})
		return render(c, fiber.StatusUnprocessableEntity, views.TemplateEditPage(h.page(c, "templates.new", "templates"), f))
	} else if err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "template.create", TargetType: "template", TargetID: fmt.Sprint(tpl.ID),
		Details: map[string]any{"name": tpl.Name, "global": tpl.IsGlobal(), "changes": optionChanges(createopts.Settings{}, settings)},
		Result:  audit.ResultOK}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "templates.created", "Name", tpl.Name))
	return c.Redirect(fmt.Sprintf("/templates/%d", tpl.ID), fiber.StatusSeeOther)
}

// editableTemplate loads :id for a change: 404 if the user cannot see it, 403 if they may only use it.
func (h *Handler) editableTemplate(c *fiber.Ctx) (*models.Template, error) {
	tpl, err := h.targetTemplate(c)
	if err != nil {
		return nil, err
	}
	if !tpl.EditableBy(currentUser(c)) {
		return nil, fiber.ErrForbidden
	}
	return tpl, nil
}

func (h *Handler) updateTemplate(c *fiber.Ctx) error {
	tpl, err := h.editableTemplate(c)
	if err != nil {
		return err
	}
	in, err := parseTemplateInput(c)
	if err != nil {
		return err
	}
	f, err := h.templateForm(c, tpl)
	if err != nil {
		return err
	}
	settings, minutes, ok := in.validate(c, &f)
	if ok {
		before := *tpl
		tpl.Name, tpl.Description, tpl.Settings, tpl.MaxDurationMinutes = in.Name, in.Description, settings, minutes
		err = models.SaveTemplate(h.db, tpl)
		if err == nil {
			details := map[string]any{"name": tpl.Name, "changes": optionChanges(before.Settings, settings)}
			if before.Name != tpl.Name {
				details["renamed_from"] = before.Name
			}
			if before.MaxDurationMinutes != minutes {
				details["max_duration_minutes"] = map[string]any{"before": before.MaxDurationMinutes, "after": minutes}
			}
			if err := h.record(c, audit.Record{Action: "template.update", TargetType: "template", TargetID: fmt.Sprint(tpl.ID),
				Details: details, Result: audit.ResultOK}); err != nil {
				return err
			}
			h.flash(c, views.FlashSuccess, t(c, "templates.saved", "Name", tpl.Name))
			return c.Redirect(fmt.Sprintf("/templates/%d", tpl.ID), fiber.StatusSeeOther)
		}
		if !errors.Is(err, models.ErrNameTaken) {
			return err
		}
		f.NameError = t(c, "templates.name_taken")
		f.Problems = append(f.Problems, views.FieldProblem{FieldID: "template-name", Label: t(c, "templates.name"), Message: f.NameError})
	}
	return render(c, fiber.StatusUnprocessableEntity, views.TemplateEditPage(h.pageTitled(c, f.Name, "templates"), f))
}

func (h *Handler) cloneTemplate(c *fiber.Ctx) error {
	src, err := h.targetTemplate(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	clone := &models.Template{Description: src.Description, Settings: src.Settings, MaxDurationMinutes: src.MaxDurationMinutes}
	if !(src.IsGlobal() && u.IsAdmin()) {
		clone.OwnerID = &u.ID // a copy of someone else's template becomes one's own
	}
	for i := 1; ; i++ {
		clone.Name = t(c, "templates.copy_name", "Name", src.Name)
		if i > 1 {
			clone.Name = t(c, "templates.copy_name_n", "Name", src.Name, "N", i)
		}
		err = models.SaveTemplate(h.db, clone)
		if !errors.Is(err, models.ErrNameTaken) || i > 50 {
			break
		}
	}
	if err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "template.create", TargetType: "template", TargetID: fmt.Sprint(clone.ID),
		Details: map[string]any{"name": clone.Name, "cloned_from": src.ID, "global": clone.IsGlobal(),
			"changes": optionChanges(createopts.Settings{}, clone.Settings)}, Result: audit.ResultOK}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "templates.cloned", "Name", clone.Name))
	return c.Redirect(fmt.Sprintf("/templates/%d", clone.ID), fiber.StatusSeeOther)
}

func (h *Handler) deleteTemplate(c *fiber.Ctx) error {
	tpl, err := h.editableTemplate(c)
	if err != nil {
		return err
	}
	var moveTo *uint
	if raw := c.FormValue("move_to"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil {
			return fiber.ErrBadRequest
		}
		target, err := models.TemplateFor(h.db, uint(id), currentUser(c))
		if errors.Is(err, models.ErrNotFound) || (err == nil && (target.ID == tpl.ID || !canReceiveRooms(target, tpl))) {
			return fiber.ErrBadRequest
		}
		if err != nil {
			return err
		}
		moveTo = &target.ID
	}
	moved, err := models.CountRoomsUsing(h.db, tpl.ID)
	if err != nil {
		return err
	}
	err = models.DeleteTemplate(h.db, tpl.ID, moveTo)
	if errors.Is(err, models.ErrTemplateInUse) {
		h.flash(c, views.FlashError, t(c, "templates.in_use_refused", "Count", moved))
		return c.Redirect(fmt.Sprintf("/templates/%d", tpl.ID), fiber.StatusSeeOther)
	}
	if err != nil {
		return err
	}
	details := map[string]any{"name": tpl.Name, "changes": optionChanges(tpl.Settings, createopts.Settings{})}
	if moveTo != nil {
		details["rooms_moved_to"] = *moveTo
		details["rooms_moved"] = moved
	}
	if err := h.record(c, audit.Record{Action: "template.delete", TargetType: "template", TargetID: fmt.Sprint(tpl.ID),
		Details: details, Result: audit.ResultOK}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "templates.deleted", "Name", tpl.Name))
	return c.Redirect("/templates", fiber.StatusSeeOther)
}

// pageTitled is page with a title that needs no translation (a template's or room's name).
func (h *Handler) pageTitled(c *fiber.Ctx, title, nav string) views.Page {
	p := h.page(c, "app.name", nav)
	p.Title = title
	return p
}
