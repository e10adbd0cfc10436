package handlers

import (
	"fmt"
	"mime/multipart"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/createopts"
	"bbbportal/models"
	"bbbportal/rooms"
	"bbbportal/views"
)

// roomForm is the posted room form (new room or edit).
type roomForm struct {
	Name               string
	TemplateID         uint
	ShownTemplateID    uint // the template whose settings the new-room form showed
	SwitchTemplate     bool // "Use this template": show the chosen template's settings
	CoOwners           []uint
	MaxDuration        string
	AnyoneMayStart     bool // who_may_start=anyone: attendee links start the meeting
	Options            submittedOptions
	Presentation       *multipart.FileHeader
	PresentationBytes  int64 // a presentation over the size limit, discarded on arrival
	RemovePresentation bool
}

func parseRoomForm(c *fiber.Ctx) (roomForm, error) {
	form, err := postedForm(c)
	if err != nil {
		return roomForm{}, fiber.ErrBadRequest
	}
	f := roomForm{Name: strings.TrimSpace(form.Get("name")), MaxDuration: form.Get("max_duration"), Options: parseOptions(form),
		RemovePresentation: form.Get("remove_presentation") == "yes", AnyoneMayStart: form.Get("who_may_start") == "anyone"}
	if fh, err := c.FormFile("presentation"); err == nil {
		f.Presentation = fh
	}
	f.PresentationBytes = droppedUploadSize(c, "presentation")
	if id, err := strconv.ParseUint(form.Get("template_id"), 10, 32); err == nil {
		f.TemplateID = uint(id)
	}
	if id, err := strconv.ParseUint(form.Get("shown_template_id"), 10, 32); err == nil {
		f.ShownTemplateID = uint(id)
	}
	f.SwitchTemplate = form.Get("switch_template") == "yes"
	for _, raw := range form["co_owner"] {
		if id, err := strconv.ParseUint(raw, 10, 32); err == nil {
			f.CoOwners = append(f.CoOwners, uint(id))
		}
	}
	return f, nil
}

// Validate checks what needs neither the database nor the template: field → message key.
func (f roomForm) Validate() map[string]string {
	errs := map[string]string{}
	if n := len([]rune(f.Name)); n < 2 || n > 200 {
		errs["name"] = "rooms.name_invalid"
	}
	if _, ok := parseMinutes(f.MaxDuration); !ok {
		errs["max_duration"] = "rooms.minutes_invalid"
	}
	return errs
}

func (f roomForm) change(upload *rooms.Upload) rooms.RoomChange {
	minutes, _ := parseMinutes(f.MaxDuration)
	return rooms.RoomChange{Name: f.Name, TemplateID: f.TemplateID, CoOwners: f.CoOwners, MaxDurationMinutes: minutes,
		AttendeesMayStart: f.AnyoneMayStart, Options: f.Options.Values, Presentation: upload, RemovePresentation: f.RemovePresentation}
}

var roomFields = []formField{
	{"name", "room-name", "rooms.name"},
	{"template_id", "room-template", "rooms.template"},
	{"max_duration", "room-max-duration", "rooms.max_duration"},
	{"presentation", "room-presentation", "rooms.presentation"},
}

// checkRoomForm validates a posted room form against the room (new when its ID is 0). It
// returns the change, what the check found, and the form to show again when it has problems.
func (h *Handler) checkRoomForm(c *fiber.Ctx, room *models.Room, f roomForm) (rooms.RoomChange, rooms.RoomCheck, *views.RoomForm, error) {
	errs := f.Validate()
	upload, problem, err := rooms.ReadUpload(f.Presentation)
	if err != nil {
		return rooms.RoomChange{}, rooms.RoomCheck{}, nil, err
	}
	if problem != "" {
		errs["presentation"] = problem
	}
	if f.PresentationBytes > 0 {
		errs["presentation"] = "rooms.presentation_too_large"
	}
	ch := f.change(upload)
	check, err := h.rooms.CheckRoom(currentUser(c), room, ch)
	if err != nil {
		return ch, check, nil, err
	}
	if check.TemplateInvalid {
		errs["template_id"] = "rooms.template_invalid"
	}
	if len(errs) == 0 && check.OK() {
		return ch, check, nil, nil
	}
	shown := *room
	shown.Name, shown.TemplateID, shown.Template = f.Name, check.Template.ID, *check.Template
	shown.AttendeesMayStart = f.AnyoneMayStart
	v, err := h.roomFormView(c, &shown, f.CoOwners)
	if err != nil {
		return ch, check, nil, err
	}
	v.MaxDuration = f.MaxDuration
	problems, byField := fieldProblems(c, errs, roomFields)
	v.NameError, v.TemplateError = byField["name"], byField["template_id"]
	v.MaxDurationError, v.PresentationError = byField["max_duration"], byField["presentation"]
	var optionProblems []views.FieldProblem
	v.Options, optionProblems = roomOptionsView(check.Template.Settings, f.Options.Values, f.Options.Meta, check.Errors).
		atRelease(h.serverRelease(c)).build(c)
	v.Problems = append(problems, optionProblems...)
	return ch, check, &v, nil
}

// roomFormView is the view model of the room form for room (new when room.ID is 0).
func (h *Handler) roomFormView(c *fiber.Ctx, room *models.Room, coOwners []uint) (views.RoomForm, error) {
	u := currentUser(c)
	f := views.RoomForm{ID: room.ID, Name: room.Name, TemplateID: room.TemplateID, TemplateName: room.Template.Name,
		MaxDuration: minutesText(room.MaxDurationMinutes), AnyoneMayStart: room.AttendeesMayStart}
	list, err := models.TemplatesFor(h.db, u)
	if err != nil {
		return f, err
	}
	for _, tpl := range list {
		f.Templates = append(f.Templates, views.TemplateChoice{ID: tpl.ID, Name: tpl.Name})
	}
	if !slices.ContainsFunc(f.Templates, func(tc views.TemplateChoice) bool { return tc.ID == room.TemplateID }) {
		f.Templates = append(f.Templates, views.TemplateChoice{ID: room.TemplateID, Name: room.Template.Name})
	}
	if room.ID != 0 {
		pres, err := models.PresentationOf(h.db, room.ID)
		if err != nil {
			return f, err
		}
		if pres != nil {
			f.Presentation = fmt.Sprintf("%s (%d KB)", pres.Name, (pres.Size+1023)/1024)
		}
	}
	owner := room.OwnerID
	if owner == 0 {
		owner = u.ID
	}
	return f, h.coOwnerPicker(c, &f, owner, coOwners)
}

// roomOptionsView shows a room's options: its template's forced values read-only, the rest editable.
func roomOptionsView(tpl createopts.Settings, shown createopts.Values, meta []views.MetaRow, errs createopts.Errors) optionsView {
	values, metaFixed := rooms.ShownOptions(tpl, shown)
	if metaFixed {
		meta = nil
	}
	return optionsView{values: values, policies: tpl.PolicyOf, inherited: tpl.TemplateValues(), meta: meta, errs: errs}
}

func coOwnerIDs(room *models.Room) []uint {
	ids := make([]uint, 0, len(room.CoOwners))
	for _, co := range room.CoOwners {
		ids = append(ids, co.ID)
	}
	return ids
}
