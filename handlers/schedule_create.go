package handlers

import (
	"strings"
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/rooms"
	"bbbportal/views"
)

// scheduleForm is the new-schedule form. Dates and times are in the portal's time zone.
type scheduleForm struct {
	Title       string `form:"title"`
	Date        string `form:"date"`
	Start       string `form:"start"`
	End         string `form:"end"`
	Weekly      string `form:"weekly"`
	RepeatUntil string `form:"repeat_until"`
}

// maxScheduleLength bounds one occurrence; a longer one is almost certainly a typo.
const maxScheduleLength = 12 * time.Hour

// maxScheduleTitle is the longest title, in characters.
const maxScheduleTitle = 200

// scheduleProblemField is the form field a problem of parse belongs to.
func scheduleProblemField(problem string) string {
	switch problem {
	case "schedules.error.title":
		return "title"
	case "schedules.error.until", "schedules.error.until_without_weekly":
		return "repeat_until"
	case "schedules.error.order":
		return "end"
	}
	return "date"
}

// parse returns the schedule the form describes, or the translation key of its problem.
// A meeting that would start before now is refused.
func (f scheduleForm) parse(loc *time.Location, now time.Time) (models.Schedule, string) {
	var sc models.Schedule
	sc.Title = strings.TrimSpace(f.Title)
	if utf8.RuneCountInString(sc.Title) > maxScheduleTitle {
		return sc, "schedules.error.title"
	}
	start, err1 := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+f.Start, loc)
	end, err2 := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+f.End, loc)
	if err1 != nil || err2 != nil {
		return sc, "schedules.error.when"
	}
	if !end.After(start) || end.Sub(start) > maxScheduleLength {
		return sc, "schedules.error.order"
	}
	if start.Before(now) {
		return sc, "schedules.error.past"
	}
	sc.StartsAt, sc.EndsAt, sc.Weekly = start, end, f.Weekly == "on"
	if f.RepeatUntil != "" {
		if !sc.Weekly {
			return sc, "schedules.error.until_without_weekly"
		}
		until, err := time.ParseInLocation("2006-01-02", f.RepeatUntil, loc)
		firstDay := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, loc)
		if err != nil || until.Before(firstDay) {
			return sc, "schedules.error.until"
		}
		until = until.AddDate(0, 0, 1).Add(-time.Second) // the whole last day
		sc.RepeatUntil = &until
	}
	return sc, ""
}

func (f scheduleForm) shown() views.ScheduleForm {
	return views.ScheduleForm{Title: f.Title, Date: f.Date, Start: f.Start, End: f.End, Weekly: f.Weekly == "on", RepeatUntil: f.RepeatUntil}
}

func (h *Handler) createSchedule(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	var f scheduleForm
	if err := c.BodyParser(&f); err != nil {
		return fiber.ErrBadRequest
	}
	sc, problem := f.parse(time.Local, h.meetings.Now())
	if problem != "" {
		shown := f.shown()
		shown.Error = t(c, problem, "Max", maxScheduleTitle, "Count", utf8.RuneCountInString(strings.TrimSpace(f.Title)))
		shown.ErrorField = scheduleProblemField(problem)
		return h.renderSchedules(c, fiber.StatusUnprocessableEntity, room, shown)
	}
	uid := currentUser(c).ID
	sc.CreatedByID = &uid
	if err := h.rooms.CreateSchedule(h.actor(c), room, &sc); err != nil {
		q, ok := rooms.AsQuota(err)
		if !ok {
			return err
		}
		shown := f.shown()
		shown.Error = t(c, q.MessageKey(), "Max", q.Max)
		return h.renderSchedules(c, fiber.StatusUnprocessableEntity, room, shown)
	}
	h.flash(c, views.FlashSuccess, t(c, "schedules.created"))
	return c.Redirect(paths.Schedules(room.ID), fiber.StatusSeeOther)
}
