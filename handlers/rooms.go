package handlers

import (
	"errors"
	"fmt"
	"mime/multipart"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/createopts"
	"bbbportal/meetings"
	"bbbportal/models"
	"bbbportal/views"
)

func roomURL(id uint, action string) string {
	path := "/rooms/" + strconv.FormatUint(uint64(id), 10)
	if action != "" {
		path += "/" + action
	}
	return path
}

// liveStatus reads the cached meeting list of the BBB server. When BBB cannot be read the
// rooms are shown with the last known status and a sentence saying so.
func (h *Handler) liveStatus(c *fiber.Ctx) (meetings.LiveSnapshot, *views.LiveProblem) {
	snap := h.meetings.Live.Get(c.UserContext())
	if snap.Problem == "" {
		return snap, nil
	}
	pr := &views.LiveProblem{Message: t(c, "problem."+snap.Problem)}
	if !snap.DownSince.IsZero() {
		pr.DownSince = snap.DownSince.Local().Format("2006-01-02 15:04")
	}
	return snap, pr
}

func statusOf(snap meetings.LiveSnapshot, meetingID string) views.RoomStatus {
	m, ok := snap.Find(meetingID)
	if !ok {
		return views.RoomStatus{}
	}
	return views.RoomStatus{Running: true, Participants: m.ParticipantCount}
}

func (h *Handler) listRooms(c *fiber.Ctx) error {
	search := strings.TrimSpace(c.Query("q"))
	rooms, err := models.RoomsFor(h.db, currentUser(c), search)
	if err != nil {
		return err
	}
	snap, problem := h.liveStatus(c)
	rows := make([]views.RoomRow, 0, len(rooms))
	for _, r := range rooms {
		rows = append(rows, views.RoomRow{ID: r.ID, Name: r.Name, Owner: r.Owner.DisplayName, Template: r.Template.Name,
			Status: statusOf(snap, r.MeetingID)})
	}
	return render(c, fiber.StatusOK, views.RoomsPage(h.page(c, "rooms.title", "rooms"), rows, search, problem))
}

// targetRoom loads the room named by :id if the user manages it; otherwise 404, as if it did not exist.
func (h *Handler) targetRoom(c *fiber.Ctx) (*models.Room, error) {
	id, err := c.ParamsInt("id")
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	room, err := models.RoomFor(h.db, uint(id), currentUser(c))
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	return room, err
}

func (h *Handler) roomView(c *fiber.Ctx, room *models.Room) views.RoomView {
	snap, problem := h.liveStatus(c)
	v := views.RoomView{ID: room.ID, Name: room.Name, Owner: room.Owner.DisplayName, Template: room.Template.Name,
		MeetingID: room.MeetingID, Status: statusOf(snap, room.MeetingID), Problem: problem,
		CanDelete: true}
	for _, co := range room.CoOwners {
		v.CoOwners = append(v.CoOwners, co.DisplayName)
	}
	return v
}

func (h *Handler) showRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	v := h.roomView(c, room)
	v.Settings = effectiveSettings(c, room.Template.Settings, room.Effective())
	return render(c, fiber.StatusOK, views.RoomPage(h.pageTitled(c, room.Name, "rooms"), v))
}

// roomInput is a parsed room form.
type roomInput struct {
	Name               string
	TemplateID         uint
	CoOwners           []uint
	MaxDuration        string
	Options            submittedOptions
	Presentation       *multipart.FileHeader
	RemovePresentation bool
}

func parseRoomInput(c *fiber.Ctx) (roomInput, error) {
	form, err := postedForm(c)
	if err != nil {
		return roomInput{}, fiber.ErrBadRequest
	}
	in := roomInput{Name: strings.TrimSpace(form.Get("name")), MaxDuration: form.Get("max_duration"), Options: parseOptions(form),
		RemovePresentation: form.Get("remove_presentation") == "yes"}
	if fh, err := c.FormFile("presentation"); err == nil {
		in.Presentation = fh
	}
	if id, err := strconv.ParseUint(form.Get("template_id"), 10, 32); err == nil {
		in.TemplateID = uint(id)
	}
	for _, raw := range form["co_owner"] {
		if id, err := strconv.ParseUint(raw, 10, 32); err == nil {
			in.CoOwners = append(in.CoOwners, uint(id))
		}
	}
	return in, nil
}

// roomFormFor fills the room form for room (new when room.ID is 0) with the template's options.
func (h *Handler) roomFormFor(c *fiber.Ctx, room *models.Room, coOwners []uint) (views.RoomForm, error) {
	u := currentUser(c)
	f := views.RoomForm{ID: room.ID, Name: room.Name, TemplateID: room.TemplateID, TemplateName: room.Template.Name,
		MaxDuration: minutesText(room.MaxDurationMinutes)}
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
	people, err := models.Teachers(h.db, owner)
	if err != nil {
		return f, err
	}
	for _, p := range people {
		f.CoOwners = append(f.CoOwners, views.CoOwnerChoice{ID: p.ID, Name: p.DisplayName, Email: p.Email, Checked: slices.Contains(coOwners, p.ID)})
	}
	return f, nil
}

// roomOptionsView shows a room's options: its template's forced values read-only, the rest editable.
func roomOptionsView(tpl createopts.Settings, shown createopts.Values, meta []views.MetaRow, errs createopts.Errors) optionsView {
	tv := tpl.TemplateValues()
	values := createopts.Values{}
	for name, v := range shown {
		values[name] = v
	}
	for _, o := range createopts.All {
		if tpl.PolicyOf(o.Name) == createopts.PolicyForced && o.Kind != createopts.Meta {
			values[o.Name] = tv[o.Name]
		}
	}
	if tpl.PolicyOf(createopts.MetaOption) != createopts.PolicyDefault {
		meta = nil
		for _, name := range createopts.SortedMetaNames(values) {
			delete(values, name)
		}
		for _, name := range createopts.SortedMetaNames(tv) {
			values[name] = tv[name]
		}
	}
	return optionsView{values: values, policies: tpl.PolicyOf, inherited: tv, meta: meta, errs: errs}
}

func (h *Handler) coOwnerIDs(room *models.Room) []uint {
	ids := make([]uint, 0, len(room.CoOwners))
	for _, co := range room.CoOwners {
		ids = append(ids, co.ID)
	}
	return ids
}

func (h *Handler) newRoom(c *fiber.Ctx) error {
	u := currentUser(c)
	list, err := models.TemplatesFor(h.db, u)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		h.flash(c, views.FlashError, t(c, "rooms.no_templates"))
		return c.Redirect("/templates/new", fiber.StatusSeeOther)
	}
	tpl := &list[0]
	if raw := c.Query("template"); raw != "" {
		id, err := strconv.ParseUint(raw, 10, 32)
		if err != nil {
			return fiber.ErrNotFound
		}
		if tpl, err = models.TemplateFor(h.db, uint(id), u); errors.Is(err, models.ErrNotFound) {
			return fiber.ErrNotFound
		} else if err != nil {
			return err
		}
	}
	room := &models.Room{TemplateID: tpl.ID, Template: *tpl}
	f, err := h.roomFormFor(c, room, nil)
	if err != nil {
		return err
	}
	f.Options, _ = roomOptionsView(tpl.Settings, createopts.Effective(tpl.Settings, nil), nil, nil).build(c)
	return render(c, fiber.StatusOK, views.RoomFormPage(h.page(c, "rooms.new", "rooms"), f))
}

func (h *Handler) editRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	f, err := h.roomFormFor(c, room, h.coOwnerIDs(room))
	if err != nil {
		return err
	}
	f.Options, _ = roomOptionsView(room.Template.Settings, room.Effective(), nil, nil).build(c)
	return render(c, fiber.StatusOK, views.RoomFormPage(h.pageTitled(c, room.Name, "rooms"), f))
}

// applyRoomInput validates in against the chosen template and, if it is valid, sets room's fields.
// It returns the form to show again (with the problems) and whether the input was valid.
func (h *Handler) applyRoomInput(c *fiber.Ctx, room *models.Room, in roomInput) (views.RoomForm, *uploadedPresentation, bool, error) {
	u := currentUser(c)
	tpl := &room.Template
	var templateProblem bool
	if in.TemplateID != room.TemplateID || room.ID == 0 {
		chosen, err := models.TemplateFor(h.db, in.TemplateID, u)
		switch {
		case errors.Is(err, models.ErrNotFound):
			templateProblem = true
		case err != nil:
			return views.RoomForm{}, nil, false, err
		default:
			tpl = chosen
		}
	}
	overrides, errs := createopts.RoomOverrides(tpl.Settings, in.Options.Values)
	minutes, minutesOK := parseMinutes(in.MaxDuration)

	shown := *room
	shown.Name, shown.TemplateID, shown.Template = in.Name, tpl.ID, *tpl
	f, err := h.roomFormFor(c, &shown, in.CoOwners)
	if err != nil {
		return f, nil, false, err
	}
	upload, presentationProblem, err := readPresentation(in.Presentation)
	if err != nil {
		return f, nil, false, err
	}
	f.MaxDuration = in.MaxDuration
	var problems []views.FieldProblem
	if n := len([]rune(in.Name)); n < 2 || n > 200 {
		f.NameError = t(c, "rooms.name_invalid")
		problems = append(problems, views.FieldProblem{FieldID: "room-name", Label: t(c, "rooms.name"), Message: f.NameError})
	}
	if templateProblem {
		f.TemplateError = t(c, "rooms.template_invalid")
		problems = append(problems, views.FieldProblem{FieldID: "room-template", Label: t(c, "rooms.template"), Message: f.TemplateError})
	}
	if !minutesOK {
		f.MaxDurationError = t(c, "rooms.minutes_invalid")
		problems = append(problems, views.FieldProblem{FieldID: "room-max-duration", Label: t(c, "rooms.max_duration"), Message: f.MaxDurationError})
	}
	if presentationProblem != "" {
		f.PresentationError = t(c, presentationProblem, "MaxMB", models.MaxPresentationSize>>20)
		problems = append(problems, views.FieldProblem{FieldID: "room-presentation", Label: t(c, "rooms.presentation"), Message: f.PresentationError})
	}
	var optionProblems []views.FieldProblem
	f.Options, optionProblems = roomOptionsView(tpl.Settings, in.Options.Values, in.Options.Meta, errs).build(c)
	f.Problems = append(problems, optionProblems...)
	if len(f.Problems) > 0 {
		return f, nil, false, nil
	}

	var coOwners []models.User
	for _, choice := range f.CoOwners {
		if choice.Checked {
			coOwners = append(coOwners, models.User{ID: choice.ID, DisplayName: choice.Name})
		}
	}
	room.Name, room.TemplateID, room.Template, room.Overrides = in.Name, tpl.ID, *tpl, overrides
	room.MaxDurationMinutes, room.CoOwners = minutes, coOwners
	return f, upload, true, nil
}

func (h *Handler) createRoom(c *fiber.Ctx) error {
	in, err := parseRoomInput(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	room := &models.Room{OwnerID: u.ID, Owner: *u}
	f, upload, ok, err := h.applyRoomInput(c, room, in)
	if err != nil {
		return err
	}
	if !ok {
		return render(c, fiber.StatusUnprocessableEntity, views.RoomFormPage(h.page(c, "rooms.new", "rooms"), f))
	}
	if err := models.SaveRoom(h.db, room); err != nil {
		return err
	}
	details := map[string]any{"name": room.Name, "template": room.Template.Name, "co_owners": userNames(room.CoOwners),
		"changes": optionChanges(createopts.Values{}, room.Overrides)}
	if err := h.savePresentation(room, upload, false, details); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "room.create", TargetType: "room", TargetID: fmt.Sprint(room.ID),
		Details: details, Result: audit.ResultOK}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "rooms.created", "Name", room.Name))
	return c.Redirect(roomURL(room.ID, ""), fiber.StatusSeeOther)
}

func (h *Handler) updateRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	in, err := parseRoomInput(c)
	if err != nil {
		return err
	}
	before := *room
	f, upload, ok, err := h.applyRoomInput(c, room, in)
	if err != nil {
		return err
	}
	if !ok {
		return render(c, fiber.StatusUnprocessableEntity, views.RoomFormPage(h.pageTitled(c, before.Name, "rooms"), f))
	}
	if err := models.SaveRoom(h.db, room); err != nil {
		return err
	}
	details := map[string]any{"name": room.Name, "changes": optionChanges(before.Overrides, room.Overrides)}
	if before.Name != room.Name {
		details["renamed_from"] = before.Name
	}
	if before.TemplateID != room.TemplateID {
		details["template"] = map[string]any{"before": before.Template.Name, "after": room.Template.Name}
	}
	if b, a := userNames(before.CoOwners), userNames(room.CoOwners); !slices.Equal(b, a) {
		details["co_owners"] = map[string]any{"before": b, "after": a}
	}
	if before.MaxDurationMinutes != room.MaxDurationMinutes {
		details["max_duration_minutes"] = map[string]any{"before": before.MaxDurationMinutes, "after": room.MaxDurationMinutes}
	}
	if err := h.savePresentation(room, upload, in.RemovePresentation, details); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "room.update", TargetType: "room", TargetID: fmt.Sprint(room.ID),
		Details: details, Result: audit.ResultOK}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "rooms.saved", "Name", room.Name))
	return c.Redirect(roomURL(room.ID, ""), fiber.StatusSeeOther)
}

// savePresentation stores an uploaded presentation (or removes the old one) and notes the change.
func (h *Handler) savePresentation(room *models.Room, upload *uploadedPresentation, remove bool, details map[string]any) error {
	if upload == nil && !remove {
		return nil
	}
	old, err := models.PresentationOf(h.db, room.ID)
	if err != nil {
		return err
	}
	change := map[string]any{}
	if old != nil {
		change["before"] = old.Name
	}
	if upload != nil {
		if _, err := models.SetPresentation(h.db, room.ID, upload.Name, upload.Content); err != nil {
			return err
		}
		change["after"] = upload.Name
	} else if err := models.RemovePresentation(h.db, room.ID); err != nil {
		return err
	}
	details["presentation"] = change
	return nil
}

func userNames(users []models.User) []string {
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.DisplayName)
	}
	slices.Sort(names)
	return names
}

// startRoom creates the room's meeting if it is not running and sends the user into it as
// moderator. The join URL is a bearer credential: it goes only into this redirect.
func (h *Handler) startRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	u := currentUser(c)
	who := h.actor(c)
	joinURL, err := h.meetings.Start(c.UserContext(), room, u, who)
	if err != nil {
		problem := meetings.Explain(err)
		h.log.Warn("starting a room failed", "room", room.ID, "problem", problem, "request_id", requestIDOf(c))
		h.flash(c, views.FlashError, t(c, "problem."+problem))
		return c.Redirect(roomURL(room.ID, ""), fiber.StatusSeeOther)
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return c.Redirect(joinURL, fiber.StatusSeeOther)
}

// previewPlaceholder stands for the per-meeting end-callback token in the preview.
const previewPlaceholder = "MASKED"

var checksumParam = regexp.MustCompile(`([?&]checksum=)[0-9a-fA-F]+`)

// previewRoom shows the create call that starting the room sends, as API Mate would, with the
// checksum and the callback token masked.
func (h *Handler) previewRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	p, err := h.meetings.CreateCall(room, previewPlaceholder)
	if err != nil {
		h.flash(c, views.FlashError, t(c, "problem."+meetings.Explain(err)))
		return c.Redirect(roomURL(room.ID, ""), fiber.StatusSeeOther)
	}
	values, err := p.Values()
	if err != nil {
		h.flash(c, views.FlashError, t(c, "problem."+meetings.Explain(err)))
		return c.Redirect(roomURL(room.ID, ""), fiber.StatusSeeOther)
	}
	signed, err := h.bbb.SignedURL("create", values)
	if err != nil {
		return err
	}
	callURL := checksumParam.ReplaceAllString(signed, "${1}"+previewPlaceholder)
	method, body := "GET", ""
	if len(p.Documents) > 0 || p.ClientSettingsOverride != "" {
		method = "POST (Content-Type: application/xml)"
		shortened := func(n int) string { return t(c, "rooms.preview_inline_file", "N", n) }
		if body, err = previewBody(p.Documents, p.ClientSettingsOverride, shortened); err != nil {
			h.flash(c, views.FlashError, t(c, "problem."+meetings.Explain(err)))
			return c.Redirect(roomURL(room.ID, ""), fiber.StatusSeeOther)
		}
	}
	return render(c, fiber.StatusOK, views.RoomPreviewPage(h.pageTitled(c, room.Name, "rooms"), h.roomView(c, room), method, callURL, body))
}

var inlineDocument = regexp.MustCompile(`(<document [^>]*>)([A-Za-z0-9+/=]+)(</document>)`)

// previewBody is the <modules> body create posts, with inline files shortened (to the note
// shortened gives for their length) and served presentation URLs masked.
func previewBody(docs []bbb.Document, clientSettings string, shortened func(n int) string) (string, error) {
	shown := make([]bbb.Document, len(docs))
	for i, d := range docs {
		d.URL = maskToken(d.URL)
		shown[i] = d
	}
	body, err := bbb.ModulesBody(shown, clientSettings)
	if err != nil {
		return "", err
	}
	return inlineDocument.ReplaceAllStringFunc(string(body), func(m string) string {
		parts := inlineDocument.FindStringSubmatch(m)
		return parts[1] + shortened(len(parts[2])) + parts[3]
	}), nil
}

// maskToken hides the unguessable part of a presentation URL the portal serves.
func maskToken(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !strings.Contains(u.Path, "/presentations/") {
		return raw
	}
	dir, _, _ := strings.Cut(u.Path, "/presentations/")
	u.Path = dir + "/presentations/" + previewPlaceholder
	return u.String()
}

func (h *Handler) confirmDeleteRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	return h.renderDeleteConfirmation(c, room)
}

// renderDeleteConfirmation asks BBB (not the cached list) whether the meeting runs, so that
// the warning is current.
func (h *Handler) renderDeleteConfirmation(c *fiber.Ctx, room *models.Room) error {
	v := h.roomView(c, room)
	if info, err := h.meetings.Info(c.UserContext(), room.MeetingID); err == nil {
		v.Status = views.RoomStatus{Running: true, Participants: info.ParticipantCount}
	}
	return render(c, fiber.StatusOK, views.RoomDeletePage(h.pageTitled(c, room.Name, "rooms"), v))
}

// meetingMayRun reports whether the room's meeting exists on BBB, or might (BBB cannot be asked).
func (h *Handler) meetingMayRun(c *fiber.Ctx, room *models.Room) bool {
	_, err := h.meetings.Info(c.UserContext(), room.MeetingID)
	return !bbb.IsKey(err, "notFound")
}

// deleteRoom deletes a room once confirmed; a running meeting is ended first (and watched until
// BBB confirms the end).
func (h *Handler) deleteRoom(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	if c.FormValue("confirm") != "yes" {
		return h.renderDeleteConfirmation(c, room)
	}
	details := map[string]any{"name": room.Name, "meeting_id": room.MeetingID, "changes": optionChanges(room.Overrides, createopts.Values{})}
	if h.meetingMayRun(c, room) {
		roomID := room.ID
		if _, err := h.meetings.RequestEnd(c.UserContext(), meetings.EndRequest{MeetingID: room.MeetingID,
			MeetingName: room.Name, RoomID: &roomID, Reason: meetings.ReasonManual, Who: h.actor(c)}); err != nil {
			return err
		}
		details["ended_meeting"] = true
	}
	if err := models.DeleteRoom(h.db, room); err != nil {
		return err
	}
	if err := h.record(c, audit.Record{Action: "room.delete", TargetType: "room", TargetID: fmt.Sprint(room.ID),
		Details: details, Result: audit.ResultOK}); err != nil {
		return err
	}
	h.flash(c, views.FlashSuccess, t(c, "rooms.deleted", "Name", room.Name))
	return c.Redirect("/rooms", fiber.StatusSeeOther)
}
