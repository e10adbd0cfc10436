package views

import (
	"context"

	"bbbportal/createopts"
	"bbbportal/i18n"
)

// TemplateLabel is a template's name in the reader's language: a starter template that still
// has the name it was created with is shown with its translated name.
func TemplateLabel(ctx context.Context, name string) string {
	if s, ok := createopts.SeedNamed(name); ok {
		return i18n.T(ctx, "starter."+s.Key+".name")
	}
	return name
}

// TemplateDescription is a template's description in the reader's language, translated for a
// starter template whose name and description are still the ones it was created with.
func TemplateDescription(ctx context.Context, name, description string) string {
	if s, ok := createopts.SeedNamed(name); ok && s.Description == description {
		return i18n.T(ctx, "starter."+s.Key+".description")
	}
	return description
}
