package handlers

import (
	"errors"
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
	t := views.AuditTarget{Type: e.TargetType, ID: e.TargetID}
	db := h.db.WithContext(c.UserContext())
	id, numErr := strconv.ParseUint(e.TargetID, 10, 32)
	exists := func(model any) (bool, error) {
		var n int64
		err := db.Model(model).Where("id = ?", id).Count(&n).Error
		return n > 0, err
	}
	switch {
	case e.TargetType == "room" && numErr == nil:
		ok, err := exists(&models.Room{})
		if ok {
			t.Path = templ.SafeURL(paths.Room(uint(id)))
		}
		return t, err
	case e.TargetType == "template" && numErr == nil:
		ok, err := exists(&models.Template{})
		if ok {
			t.Path = templ.SafeURL(paths.Template(uint(id)))
		}
		return t, err
	case e.TargetType == "user" && numErr == nil:
		u, err := models.UserByID(db, uint(id))
		if errors.Is(err, models.ErrNotFound) {
			return t, nil
		}
		if err != nil {
			return t, err
		}
		t.Path = templ.SafeURL(paths.UserSearch(u.Email))
		return t, nil
	case e.TargetType == "meeting" && e.TargetID != "":
		_, err := models.RoomByMeetingID(db, e.TargetID)
		if errors.Is(err, models.ErrNotFound) {
			return t, nil
		}
		if err == nil {
			t.Path = templ.SafeURL(paths.Meeting(e.TargetID))
		}
		return t, err
	}
	return t, nil
}

// auditTargets is auditTarget for a page of entries (by entry ID), looking each object up once.
func (h *Handler) auditTargets(c *fiber.Ctx, entries []audit.Entry) (map[uint]views.AuditTarget, error) {
	targets := make(map[uint]views.AuditTarget, len(entries))
	seen := map[[2]string]views.AuditTarget{}
	for i := range entries {
		e := &entries[i]
		if e.TargetType == "" {
			continue
		}
		key := [2]string{e.TargetType, e.TargetID}
		t, ok := seen[key]
		if !ok {
			var err error
			if t, err = h.auditTarget(c, e); err != nil {
				return nil, err
			}
			seen[key] = t
		}
		targets[e.ID] = t
	}
	return targets, nil
}
