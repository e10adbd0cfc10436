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

// scheduleForm is the new-schedule form. Dates and times are in the portal's time zone Loc;
// a meeting that would start before Now is refused.
type scheduleForm struct {
	Title       string         `form:"title"`
	Date        string         `form:"date"`
	Start       string         `form:"start"`
	End         string         `form:"end"`
	Weekly      string         `form:"weekly"`
	RepeatUntil string         `form:"repeat_until"`
	Loc         *time.Location `form:"-"`
	Now         time.Time      `form:"-"`
}

// maxScheduleLength bounds one occurrence; a longer one is almost certainly a typo.
const maxScheduleLength = 12 * time.Hour

// maxScheduleTitle is the longest title, in characters.
const maxScheduleTitle = 200

// scheduleFields is the order in which the page names a form's first problem.
var scheduleFields = []string{"title", "end", "date", "repeat_until"}

func parseScheduleForm(c *fiber.Ctx, loc *time.Location, now time.Time) (scheduleForm, error) {
	var f scheduleForm
	err := c.BodyParser(&f)
	f.Loc, f.Now = loc, now
	return f, err
}

func (f scheduleForm) times() (start, end time.Time, ok bool) {
	start, err1 := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+f.Start, f.Loc)
	end, err2 := time.ParseInLocation("2006-01-02 15:04", f.Date+" "+f.End, f.Loc)
	return start, end, err1 == nil && err2 == nil
}

// Validate returns the form's problems: field → message key.
func (f scheduleForm) Validate() map[string]string {
	errs := map[string]string{}
	if utf8.RuneCountInString(strings.TrimSpace(f.Title)) > maxScheduleTitle {
		errs["title"] = "schedules.error.title"
	}
	start, end, ok := f.times()
	switch {
	case !ok:
		errs["date"] = "schedules.error.when"
	case start.Before(f.Now):
		errs["date"] = "schedules.error.past"
	}
	if ok && (!end.After(start) || end.Sub(start) > maxScheduleLength) {
		errs["end"] = "schedules.error.order"
	}
	if f.RepeatUntil != "" {
		until, err := time.ParseInLocation("2006-01-02", f.RepeatUntil, f.Loc)
		firstDay := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, f.Loc)
		switch {
		case f.Weekly != "on":
			errs["repeat_until"] = "schedules.error.until_without_weekly"
		case err != nil || ok && until.Before(firstDay):
			errs["repeat_until"] = "schedules.error.until"
		}
	}
	return errs
}

// schedule is the schedule a valid form describes.
func (f scheduleForm) schedule() models.Schedule {
	start, end, _ := f.times()
	sc := models.Schedule{Title: strings.TrimSpace(f.Title), StartsAt: start, EndsAt: end, Weekly: f.Weekly == "on"}
	if until, err := time.ParseInLocation("2006-01-02", f.RepeatUntil, f.Loc); err == nil {
		until = until.AddDate(0, 0, 1).Add(-time.Second) // the whole last day
		sc.RepeatUntil = &until
	}
	return sc
}

func (f scheduleForm) shown() views.ScheduleForm {
	return views.ScheduleForm{Title: f.Title, Date: f.Date, Start: f.Start, End: f.End, Weekly: f.Weekly == "on", RepeatUntil: f.RepeatUntil}
}

func (h *Handler) createSchedule(c *fiber.Ctx) error {
	room, err := h.targetRoom(c)
	if err != nil {
		return err
	}
	f, err := parseScheduleForm(c, time.Local, h.meetings.Now())
	if err != nil {
		return fiber.ErrBadRequest
	}
	if errs := f.Validate(); len(errs) > 0 {
		shown := f.shown()
		for _, field := range scheduleFields { // the page names one problem
			if key, ok := errs[field]; ok {
				shown.Error = t(c, key, "Max", maxScheduleTitle, "Count", utf8.RuneCountInString(strings.TrimSpace(f.Title)))
				shown.ErrorField = field
				break
			}
		}
		return h.renderSchedules(c, fiber.StatusUnprocessableEntity, room, shown)
	}
	sc := f.schedule()
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
