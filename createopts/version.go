package createopts

import (
	"maps"
	"slices"
	"strconv"
	"strings"

	"bbbportal/bbb"
)

// Which BBB release reads what. The facts are bbb's (CreateParamSince/Removed, Layout and
// Feature spans); Option.Since adds what bbb does not track (parameters older than 2.7).
// A zero bbb.Release means the server's release is unknown: everything counts as available.

// SinceRelease is the release that introduced the option (zero: always there).
func (o *Option) SinceRelease() bbb.Release {
	if r := bbb.CreateParamSince(o.Name); !r.IsZero() {
		return r
	}
	r, _ := bbb.ParseRelease(o.Since)
	return r
}

// RemovedRelease is the release that no longer reads the option (zero: still read).
func (o *Option) RemovedRelease() bbb.Release { return bbb.CreateParamRemoved(o.Name) }

// AvailableIn reports whether a server of release r reads the option.
func (o *Option) AvailableIn(r bbb.Release) bool {
	return !r.Before(o.SinceRelease()) && bbb.CreateParamAvailable(o.Name, r)
}

// ChoiceSince and ChoiceRemoved are the releases that introduced and removed a value of the
// option (zero: always there, never removed).
func (o *Option) ChoiceSince(value string) bbb.Release {
	switch o.ChoiceSet {
	case SetLayout:
		return bbb.Layout(value).Since()
	case SetFeature:
		return bbb.Feature(value).Since()
	}
	return bbb.Release{}
}

func (o *Option) ChoiceRemoved(value string) bbb.Release {
	switch o.ChoiceSet {
	case SetLayout:
		return bbb.Layout(value).Removed()
	case SetFeature:
		return bbb.Feature(value).Removed()
	}
	return bbb.Release{}
}

// ChoiceAvailable reports whether a server of release r accepts the value.
func (o *Option) ChoiceAvailable(value string, r bbb.Release) bool {
	switch o.ChoiceSet {
	case SetLayout:
		return bbb.Layout(value).AvailableIn(r)
	case SetFeature:
		return bbb.Feature(value).AvailableIn(r)
	}
	return o.IsChoice(value)
}

// ChoicesFor lists the values a server of release r accepts, in catalogue order.
func (o *Option) ChoicesFor(r bbb.Release) []string {
	var out []string
	for _, c := range o.Choices {
		if o.ChoiceAvailable(c, r) {
			out = append(out, c)
		}
	}
	return out
}

// OfferedIn lists the options a form offers for a server of release r, in form order.
func OfferedIn(r bbb.Release) []*Option {
	var out []*Option
	for i := range All {
		if All[i].AvailableIn(r) {
			out = append(out, &All[i])
		}
	}
	return out
}

// InGroupFor returns the options of one form section that a server of release r reads.
func InGroupFor(g Group, r bbb.Release) []*Option {
	var out []*Option
	for _, o := range InGroup(g) {
		if o.AvailableIn(r) {
			out = append(out, o)
		}
	}
	return out
}

// LayoutFor is the layout sent to a server of release r for a saved layout: the layout
// itself when the server has it, the server's default layout when the release removed it
// (a saved SMART_LAYOUT becomes UNIFIED_LAYOUT on 4.0), and "" when it is too new for the
// server (which would fall back to its default anyway).
func LayoutFor(saved string, r bbb.Release) string {
	l := bbb.Layout(saved)
	switch {
	case l.AvailableIn(r):
		return saved
	case !l.Removed().IsZero() && r.AtLeast(l.Removed()):
		return string(bbb.DefaultLayout(r))
	}
	return ""
}

// Change is one difference between a template's values and what a server of a release is sent.
type Change struct {
	Name        string // the parameter
	Values      []string
	Replacement string // what is sent instead; "" when nothing is
	Warning     *FieldError
}

// ForRelease adapts values for sending to a server of release r: options it does not read are
// dropped, a layout it removed is replaced by its default, choices it does not know are
// dropped. The changes say what was done, each with the warning to show next to the option.
func ForRelease(values Values, r bbb.Release) (Values, []Change) {
	out, changes := Values{}, []Change{}
	warn := func(name, id string, extra map[string]any) *FieldError {
		data := map[string]any{"Release": r.String()}
		for k, v := range extra {
			data[k] = v
		}
		return fieldError(name, id, data)
	}
	for _, name := range slices.Sorted(maps.Keys(values)) {
		value := values[name]
		opt, ok := Lookup(name)
		if !ok || value == "" {
			out[name] = value
			continue
		}
		if !opt.AvailableIn(r) {
			var fe *FieldError
			if removed := opt.RemovedRelease(); !removed.IsZero() && r.AtLeast(removed) {
				fe = warn(name, "opt.warn.removed", nil)
			} else {
				fe = warn(name, "opt.warn.needsRelease", map[string]any{"Since": opt.SinceRelease().String()})
			}
			changes = append(changes, Change{Name: name, Values: []string{value}, Warning: fe})
			continue
		}
		switch {
		case opt.ChoiceSet == SetLayout && !opt.ChoiceAvailable(value, r):
			sent := LayoutFor(value, r)
			id := "opt.warn.valueDropped"
			if sent != "" {
				id = "opt.warn.layoutReplaced"
				out[name] = sent
			}
			changes = append(changes, Change{Name: name, Values: []string{value}, Replacement: sent,
				Warning: warn(name, id, map[string]any{"Replacement": sent})})
		case opt.Kind == Features:
			var keep, drop []string
			for _, f := range strings.Split(value, ",") {
				if opt.ChoiceAvailable(f, r) {
					keep = append(keep, f)
				} else {
					drop = append(drop, f)
				}
			}
			if len(keep) > 0 {
				out[name] = strings.Join(keep, ",")
			}
			if len(drop) > 0 {
				changes = append(changes, Change{Name: name, Values: drop, Replacement: out[name],
					Warning: warn(name, "opt.warn.featuresDropped", map[string]any{"Count": strconv.Itoa(len(drop))})})
			}
		default:
			out[name] = value
		}
	}
	return out, changes
}

// Warnings are ForRelease's warnings by parameter name, for the options form. Row warnings
// (meta_ or plugin_ rows a server does not read) are reported once under the row option.
func Warnings(values Values, r bbb.Release) Errors {
	_, changes := ForRelease(values, r)
	out := Errors{}
	for _, c := range changes {
		name := c.Name
		if rows := rowOption(name); rows != "" {
			name = rows
			c.Warning.Name = rows
		}
		out[name] = c.Warning
	}
	return out
}
