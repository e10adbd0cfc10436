package createopts

import "strings"

// Translation keys of the catalogue's texts. English comes from the catalogue itself;
// i18n/locales/options.en.json is generated from EnglishMessages and options.de.json
// holds the same keys in German (a test keeps them in step).

// LabelKey is the translation key of an option's label.
func LabelKey(name string) string { return "opt." + name + ".label" }

// HelpKey is the translation key of an option's help text.
func HelpKey(name string) string { return "opt." + name + ".help" }

// DefaultKey is the translation key of an option's BBB default when it is a sentence
// rather than a literal value (see DefaultIsProse).
func DefaultKey(name string) string { return "opt." + name + ".default" }

// DeprecatedKey is the translation key of an option's deprecation note.
func DeprecatedKey(name string) string { return "opt." + name + ".deprecated" }

// GroupKey is the translation key of a form section's title.
func GroupKey(g Group) string { return "optgroup." + string(g) }

// DefaultIsProse reports whether BBBDefault is a sentence to translate, not a value to show as is.
func (o *Option) DefaultIsProse() bool { return strings.Contains(o.BBBDefault, " ") }

// EnglishMessages returns every user-facing text of the catalogue by translation key.
func EnglishMessages() map[string]string {
	out := map[string]string{}
	for _, g := range Groups {
		out[GroupKey(g.ID)] = g.Title
	}
	for _, o := range All {
		out[LabelKey(o.Name)] = o.Label
		out[HelpKey(o.Name)] = o.Help
		if o.DefaultIsProse() {
			out[DefaultKey(o.Name)] = o.BBBDefault
		}
		if o.Deprecated != "" {
			out[DeprecatedKey(o.Name)] = o.Deprecated
		}
	}
	for id, text := range Messages {
		out[id] = text
	}
	for set, labels := range ChoiceLabels {
		for value, label := range labels {
			out[ChoiceKey(set, value)] = label
		}
	}
	for _, e := range Essentials {
		out[EssentialLabelKey(e.Key)] = e.Label
		out[EssentialHelpKey(e.Key)] = e.Help
		for _, c := range e.Choices {
			out[c.LabelKey] = c.Label
		}
	}
	return out
}
