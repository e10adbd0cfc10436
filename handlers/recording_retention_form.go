package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// maxRetentionDays bounds a retention rule (100 years).
const maxRetentionDays = 36500

// retentionForm is the retention part of the template form.
type retentionForm struct {
	Days   string
	Action string
}

func parseRetentionForm(c *fiber.Ctx) retentionForm {
	return retentionForm{Days: strings.TrimSpace(c.FormValue("retention_days")), Action: c.FormValue("retention_action")}
}

// Validate checks the number of days (empty or 0: keep recordings) and, with days, the action.
func (f retentionForm) Validate() map[string]string {
	errs := map[string]string{}
	n, ok := f.days()
	if !ok || n < 0 || n > maxRetentionDays {
		errs["retention_days"] = "recordings.retention.days_invalid"
	}
	if n > 0 && f.Action != models.RetainDelete && f.Action != models.RetainUnpublish {
		errs["retention_action"] = "recordings.retention.action_invalid"
	}
	return errs
}

func (f retentionForm) days() (int, bool) {
	if f.Days == "" {
		return 0, true
	}
	n, err := strconv.Atoi(f.Days)
	return n, err == nil
}

var retentionFields = []formField{
	{"retention_days", "retention-days", "recordings.retention.days"},
	{"retention_action", "retention-days", "recordings.retention.action"},
}

// checkRetention validates the posted rule into the form shown again and reports whether it is valid.
func checkRetention(c *fiber.Ctx, v *views.TemplateForm) (retentionForm, bool) {
	f := parseRetentionForm(c)
	problems, byField := fieldProblems(c, f.Validate(), retentionFields)
	v.Retention = views.RetentionField{Days: f.Days, Action: f.Action, Error: byField["retention_days"] + byField["retention_action"]}
	v.Problems = append(v.Problems, problems...)
	return f, len(problems) == 0
}

// saveRetention stores the template's rule (audited when it changes).
func (h *Handler) saveRetention(c *fiber.Ctx, templateID uint, f retentionForm) error {
	days, _ := f.days()
	return h.recs.SetRetention(c.UserContext(), templateID, days, f.Action, h.actor(c))
}

// retentionField is the stored rule of a template for the form.
func (h *Handler) retentionField(templateID uint) (views.RetentionField, error) {
	r, err := models.RecordingRetentionOf(h.db, templateID)
	if err != nil || r == nil {
		return views.RetentionField{Action: models.RetainDelete}, err
	}
	return views.RetentionField{Days: strconv.Itoa(r.Days), Action: r.Action}, nil
}
