package handlers

import (
	"github.com/gofiber/fiber/v2"

	"bbbportal/models"
	"bbbportal/views"
)

// formField names a form input for the error summary: the key Validate uses, the HTML id
// the summary links to and the label's message key.
type formField struct{ key, id, label string }

// fieldProblems translates a form's problems (field key → message key) in the order of
// fields, for the summary above the form. It also returns them by key, for the inputs.
func fieldProblems(c *fiber.Ctx, errs map[string]string, fields []formField) ([]views.FieldProblem, map[string]string) {
	var problems []views.FieldProblem
	shown := map[string]string{}
	for _, f := range fields {
		key, ok := errs[f.key]
		if !ok {
			continue
		}
		msg := t(c, key, "MaxMB", models.MaxPresentationSize>>20, "Max", maxDescriptionLength,
			"SizeMB", megabytes(c, droppedUploadSize(c, f.key)))
		shown[f.key] = msg
		problems = append(problems, views.FieldProblem{FieldID: f.id, Label: t(c, f.label), Message: msg})
	}
	return problems, shown
}
