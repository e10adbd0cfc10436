package handlers

import (
	"strconv"

	"github.com/a-h/templ"
	"github.com/gofiber/fiber/v2"

	"bbbportal/audit"
	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/views"
)

// auditTarget is an entry's target with a link to its object while the object exists
// (rooms, templates, accounts, meetings of rooms); deleted objects and other kinds are
// named without a link.
func (h *Handler) auditTarget(c *fiber.Ctx, e *audit.Entry) (views.AuditTarget, error) {
	targets, err := h.auditTargets(c, []audit.Entry{*e})
	return targets[e.ID], err
}

// auditTargets is auditTarget for a page of entries (by entry ID), looking each kind of object
// up in one query.
func (h *Handler) auditTargets(c *fiber.Ctx, entries []audit.Entry) (map[uint]views.AuditTarget, error) {
	var rooms, templates, users []uint
	var meetings []string
	for i := range entries {
		e := &entries[i]
		id, err := strconv.ParseUint(e.TargetID, 10, 32)
		switch {
		case e.TargetType == "room" && err == nil:
			rooms = append(rooms, uint(id))
		case e.TargetType == "template" && err == nil:
			templates = append(templates, uint(id))
		case e.TargetType == "user" && err == nil:
			users = append(users, uint(id))
		case e.TargetType == "meeting" && e.TargetID != "":
			meetings = append(meetings, e.TargetID)
		}
	}
	found, err := models.FindAuditTargets(h.db.WithContext(c.UserContext()), rooms, templates, users, meetings)
	if err != nil {
		return nil, err
	}
	targets := make(map[uint]views.AuditTarget, len(entries))
	for i := range entries {
		e := &entries[i]
		if e.TargetType == "" {
			continue
		}
		t := views.AuditTarget{Type: e.TargetType, ID: e.TargetID}
		n, err := strconv.ParseUint(e.TargetID, 10, 32)
		id := uint(n)
		switch {
		case e.TargetType == "room" && err == nil && found.Rooms[id]:
			t.Path = templ.SafeURL(paths.Room(id))
		case e.TargetType == "template" && err == nil && found.Templates[id]:
			t.Path = templ.SafeURL(paths.Template(id))
		case e.TargetType == "user" && err == nil && found.UserEmails[id] != "":
			t.Path = templ.SafeURL(paths.UserSearch(found.UserEmails[id]))
		case e.TargetType == "meeting" && found.Meetings[e.TargetID]:
			t.Path = templ.SafeURL(paths.Meeting(e.TargetID))
		}
		targets[e.ID] = t
	}
	return targets, nil
}
