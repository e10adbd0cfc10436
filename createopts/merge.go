package createopts

import (
	"maps"
	"slices"
)

// Policy says what a room may do with a template's option.
type Policy string

const (
	// PolicyDefault prefills the template's value; the room may change it.
	PolicyDefault Policy = "default"
	// PolicyForced fixes the template's value; the room sees it read-only.
	PolicyForced Policy = "forced"
	// PolicyHidden hides the option; nothing is sent and BBB's default applies.
	PolicyHidden Policy = "hidden"
)

// ValidPolicy reports whether p is one of the three policies.
func ValidPolicy(p Policy) bool {
	return p == PolicyDefault || p == PolicyForced || p == PolicyHidden
}

// Setting is a template's value and policy for one option.
type Setting struct {
	Value  string `json:"value,omitempty"`
	Policy Policy `json:"policy,omitempty"`
}

// Settings are a template's options by parameter name. Metadata rows are stored under their
// meta_<name>, plugin parameters under plugin_<key>; the policy for all rows of a kind is the one
// stored under MetaOption or PluginOption.
type Settings map[string]Setting

// Values are parameter values by name, as a room overrides them or as they are sent.
type Values map[string]string

// PolicyOf returns the template's policy for a parameter (default when it sets none).
func (s Settings) PolicyOf(name string) Policy {
	if rows := rowOption(name); rows != "" {
		name = rows
	}
	return s.ownPolicy(name)
}

// ownPolicy is PolicyOf for a name that is an option of its own (no row of a pseudo-option).
func (s Settings) ownPolicy(name string) Policy {
	if p := s[name].Policy; p != "" {
		return p
	}
	return PolicyDefault
}

// rowsOf returns the rows of a pseudo-option (MetaOption or PluginOption) in a value map.
func rowsOf(values map[string]string, pseudo string) Values {
	rows := Values{}
	for name, v := range values {
		if v != "" && rowOption(name) == pseudo {
			rows[name] = v
		}
	}
	return rows
}

// TemplateValues returns the template's values without policies.
func (s Settings) TemplateValues() Values {
	out := Values{}
	for name, setting := range s {
		if name != MetaOption && name != PluginOption && setting.Value != "" {
			out[name] = setting.Value
		}
	}
	return out
}

// Effective merges a template and a room's overrides into the parameters that are sent:
// hidden options are never sent, forced options always carry the template's value, and
// default options carry the room's value when it sets one, else the template's.
func Effective(template Settings, room Values) Values {
	tv := template.TemplateValues()
	out := Values{}
	for _, opt := range All {
		if opt.Kind == Meta || opt.Kind == Params {
			continue
		}
		switch template.ownPolicy(opt.Name) { // every option of All is one of its own
		case PolicyHidden:
		case PolicyForced:
			if v := tv[opt.Name]; v != "" {
				out[opt.Name] = v
			}
		default:
			if v := room[opt.Name]; v != "" {
				out[opt.Name] = v
			} else if v := tv[opt.Name]; v != "" {
				out[opt.Name] = v
			}
		}
	}
	for _, pseudo := range []string{MetaOption, PluginOption} {
		switch template.PolicyOf(pseudo) {
		case PolicyHidden:
		case PolicyForced:
			maps.Copy(out, rowsOf(tv, pseudo))
		default:
			maps.Copy(out, rowsOf(tv, pseudo))
			maps.Copy(out, rowsOf(room, pseudo))
		}
	}
	return out
}

// Errors are validation messages by parameter name.
type Errors map[string]*FieldError

// RoomOverrides validates what a room submitted against its template: values of forced or
// hidden options are dropped (a crafted form cannot change them), the rest are normalised.
// Values equal to the template's are dropped too, so later template changes reach the room.
// It does not apply the admin-only and address rules: handlers call Validator.Room, which does.
func RoomOverrides(template Settings, submitted Values) (Values, Errors) {
	tv := template.TemplateValues()
	out, errs := Values{}, Errors{}
	for name, raw := range submitted {
		if _, known := Lookup(name); !known || template.PolicyOf(name) != PolicyDefault {
			continue
		}
		v, err := Normalize(name, raw)
		if err != nil {
			errs[name] = err.(*FieldError)
			continue
		}
		if v != "" && v != tv[name] {
			out[name] = v
		}
	}
	checkMetaCount(out, errs)
	return out, errs
}

// MaxMetaRows bounds the metadata rows of a template or room, and so its plugin parameters.
const MaxMetaRows = 50

func checkMetaCount(values Values, errs Errors) {
	if len(rowsOf(values, MetaOption)) > MaxMetaRows {
		errs[MetaOption] = fieldError(MetaOption, "opt.err.metaCount", map[string]any{"Max": MaxMetaRows})
	}
	if len(rowsOf(values, PluginOption)) > MaxMetaRows {
		errs[PluginOption] = fieldError(PluginOption, "opt.err.pluginCount", map[string]any{"Max": MaxMetaRows})
	}
}

// TemplateSettings validates a template's submitted values and policies. It does not apply
// the admin-only and address rules: handlers call Validator.Template, which does.
func TemplateSettings(values Values, policies map[string]Policy) (Settings, Errors) {
	out, errs := Settings{}, Errors{}
	for name, p := range policies {
		if _, known := Lookup(name); !known {
			continue
		}
		if !ValidPolicy(p) {
			errs[name] = fieldError(name, "opt.err.policy", nil)
			continue
		}
		if rowOption(name) != "" {
			continue // rows share the policy stored under MetaOption or PluginOption
		}
		out[name] = Setting{Policy: p}
	}
	for name, raw := range values {
		if _, known := Lookup(name); !known {
			errs[name] = fieldError(name, "opt.err.unknown", map[string]any{"Name": name})
			continue
		}
		v, err := Normalize(name, raw)
		if err != nil {
			errs[name] = err.(*FieldError)
			continue
		}
		if v == "" {
			continue
		}
		s := out[name]
		s.Value = v
		out[name] = s
	}
	checkMetaCount(out.TemplateValues(), errs)
	return out, errs
}

// SortedMetaNames returns the meta_<name> keys of the metadata rows of values in a stable order
// (meta_ options of their own, such as meta_bbb-anonymize-chat, are not rows).
func SortedMetaNames(values Values) []string { return sortedRows(values, MetaOption) }

// SortedPluginNames returns the plugin_<key> keys of values in a stable order.
func SortedPluginNames(values Values) []string { return sortedRows(values, PluginOption) }

func sortedRows(values Values, pseudo string) []string {
	names := slices.Collect(maps.Keys(rowsOf(values, pseudo)))
	slices.Sort(names)
	return names
}
