package handlers

import (
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/paths"
	"bbbportal/recordings"
	"bbbportal/views"
)

// dateLayout is how the filter's date inputs send a date.
const dateLayout = "2006-01-02"

// recordingsFilterForm is the filter, sort and page of a recordings list (GET parameters).
type recordingsFilterForm struct {
	Room  string
	State string
	From  string
	To    string
	Q     string
	Sort  string
	Page  string
}

func parseRecordingsFilter(c *fiber.Ctx) recordingsFilterForm {
	return recordingsFilterForm{Room: c.Query("room"), State: c.Query("state"), From: strings.TrimSpace(c.Query("from")),
		To: strings.TrimSpace(c.Query("to")), Q: c.Query("q"), Sort: c.Query("sort"), Page: c.Query("page")}
}

// Validate checks the dates (the other fields fall back to their defaults): field → message key.
func (f recordingsFilterForm) Validate() map[string]string {
	errs := map[string]string{}
	from, fromErr := parseDate(f.From)
	to, toErr := parseDate(f.To)
	if fromErr != nil {
		errs["from"] = "recordings.error.date_invalid"
	}
	if toErr != nil {
		errs["to"] = "recordings.error.date_invalid"
	}
	if fromErr == nil && toErr == nil && !from.IsZero() && !to.IsZero() && to.Before(from) {
		errs["to"] = "recordings.error.date_order"
	}
	return errs
}

var recordingsFilterFields = []formField{
	{"from", "rec-from", "recordings.from"},
	{"to", "rec-to", "recordings.to"},
}

func parseDate(s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	return time.ParseInLocation(dateLayout, s, time.Local)
}

// query turns the form into the service's query; invalid parts are left out (Validate reports them).
func (f recordingsFilterForm) query() (recordings.Query, views.RecordingsFilter) {
	var q recordings.Query
	v := views.RecordingsFilter{State: f.State, Q: strings.TrimSpace(f.Q), Sort: f.Sort}
	if id, err := strconv.ParseUint(f.Room, 10, 32); err == nil && id > 0 {
		q.RoomID, v.Room = uint(id), uint(id)
	}
	q.State, q.Text, q.Sort = f.State, f.Q, f.Sort
	q.Page, _ = strconv.Atoi(f.Page)
	errs := f.Validate()
	if from, err := parseDate(f.From); err == nil && errs["from"] == "" {
		q.From, v.From = from, f.From
	}
	if to, err := parseDate(f.To); err == nil && errs["to"] == "" && !to.IsZero() {
		q.To, v.To = to.AddDate(0, 0, 1), f.To // the To date is inclusive
	}
	q.Normalize()
	v.State, v.Sort = q.State, q.Sort
	if v.Sort == recordings.SortNewest {
		v.Sort = ""
	}
	return q, v
}

// recordingsList is a list page's view model around one page of the service.
func (h *Handler) recordingsList(c *fiber.Ctx, path string, refs []models.RoomRef, f recordingsFilterForm,
	list func(recordings.Query) (*recordings.Page, error)) (views.RecordingsView, error) {
	q, filter := f.query()
	v := views.RecordingsView{Path: path, ShowRoom: true, States: recordings.States, Sorts: recordings.Sorts,
		Filter: filter, Now: h.meetings.Now()}
	v.Problems, _ = fieldProblems(c, f.Validate(), recordingsFilterFields)
	for _, r := range refs {
		v.Rooms = append(v.Rooms, views.RecordingRoomChoice{ID: r.ID, Name: r.Name})
	}
	page, err := list(q)
	if err != nil {
		if errors.Is(err, recordings.ErrNotFound) {
			return v, fiber.ErrNotFound
		}
		v.Problem = t(c, recordings.Problem(err))
		return v, nil
	}
	v.Items, v.Page, v.Pages, v.Total = page.Items, page.Page, page.Pages(), page.Total
	v.RefreshedAt, v.Stale, v.Limited = page.RefreshedAt, page.Stale, page.Limited
	return v, nil
}

// postedRecordIDs are the record_id fields of a posted form, in order.
func postedRecordIDs(c *fiber.Ctx) []string {
	var ids []string
	for _, raw := range c.Request().PostArgs().PeekMulti("record_id") {
		ids = append(ids, string(raw))
	}
	return ids
}

// recordingsReturn is the list a recordings action goes back to: a same-origin path the form
// sent, else "my recordings".
func recordingsReturn(c *fiber.Ctx) string {
	next := c.FormValue("return")
	if next == "" || safeNext(next) != next {
		return paths.MyRecordings
	}
	return next
}

// recordingsFailed answers a failed action: 404 for a foreign or missing recording (no
// existence oracle), else the list again with a sentence saying what happened.
func (h *Handler) recordingsFailed(c *fiber.Ctx, err error) error {
	if errors.Is(err, recordings.ErrNotFound) {
		return fiber.ErrNotFound
	}
	var stateErr *recordings.StateError
	if !errors.As(err, &stateErr) && !errors.Is(err, recordings.ErrInvalid) {
		h.log.Warn("recordings action failed", "error", err, "request_id", requestIDOf(c))
	}
	h.flash(c, views.FlashError, t(c, recordings.Problem(err)))
	return c.Redirect(recordingsReturn(c), fiber.StatusSeeOther)
}

// statesText lists the recordings as BBB reports them after an action: "Name: Published, …".
func statesText(c *fiber.Ctx, items []models.RecordingItem) string {
	parts := make([]string, 0, len(items))
	for _, it := range items {
		parts = append(parts, it.Name+": "+t(c, "recordings.state."+it.State))
	}
	return strings.Join(parts, "; ")
}
