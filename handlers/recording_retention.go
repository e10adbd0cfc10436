package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// showRetention lists the templates' retention rules with the dry-run and run buttons.
func (h *Handler) showRetention(c *fiber.Ctx) error {
	v, _, err := h.retentionView(c)
	if err != nil {
		return err
	}
	return render(c, fiber.StatusOK, views.RetentionPage(h.page(c, "recordings.retention.title", "admin-recordings"), v))
}

// runRetention runs every rule now: mode=dry-run lists what would go and changes nothing,
// anything else deletes or unpublishes. Both are audited and show what they found.
func (h *Handler) runRetention(c *fiber.Ctx) error {
	v, names, err := h.retentionView(c)
	if err != nil {
		return err
	}
	dry := c.FormValue("mode") == "dry-run"
	report, runErr := h.recs.RunRetention(c.UserContext(), dry, h.actor(c))
	if report == nil {
		return runErr
	}
	run := &views.RetentionRunView{DryRun: report.DryRun, At: report.At, Count: report.Count()}
	for _, res := range report.Results {
		r := views.RetentionRuleResult{RetentionRuleView: views.RetentionRuleView{TemplateID: res.TemplateID,
			Template: names[res.TemplateID], Days: res.Days, Action: res.Action}}
		if res.Problem != "" {
			r.Problem = t(c, res.Problem)
		}
		for _, cand := range res.Candidates {
			r.Items = append(r.Items, views.RetentionItem{Name: cand.Name, Room: cand.RoomName, State: cand.State, End: cand.End})
		}
		run.Rules = append(run.Rules, r)
	}
	v.Run = run
	return render(c, fiber.StatusOK, views.RetentionPage(h.page(c, "recordings.retention.title", "admin-recordings"), v))
}

// retentionView lists the rules with their templates' names.
func (h *Handler) retentionView(c *fiber.Ctx) (views.RetentionView, map[uint]string, error) {
	var v views.RetentionView
	rules, err := models.RecordingRetentions(h.db)
	if err != nil {
		return v, nil, err
	}
	tpls, err := models.TemplatesFor(h.db, currentUser(c))
	if err != nil {
		return v, nil, err
	}
	names := map[uint]string{}
	for _, tpl := range tpls {
		names[tpl.ID] = tpl.Name
	}
	for _, r := range rules {
		v.Rules = append(v.Rules, views.RetentionRuleView{TemplateID: r.TemplateID, Template: names[r.TemplateID], Days: r.Days, Action: r.Action})
	}
	return v, names, nil
}
