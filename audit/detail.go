package audit

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
)

// Changes describes what differs between two snapshots of an object, for
// Record.Details["changes"]: {field: {"before": old, "after": new}}, with
// "before" missing for a field that is new and "after" missing for one that
// went. This is the convention the detail view reads; templates and rooms
// already store their option changes in it.
func Changes(before, after map[string]any) map[string]any {
	out := map[string]any{}
	for k, b := range before {
		a, ok := after[k]
		switch {
		case !ok:
			out[k] = map[string]any{"before": b}
		case !sameValue(a, b):
			out[k] = map[string]any{"before": b, "after": a}
		}
	}
	for k, a := range after {
		if _, ok := before[k]; !ok {
			out[k] = map[string]any{"after": a}
		}
	}
	return out
}

// sameValue compares values as they will be stored (JSON), so that 3 and 3.0
// or a nil and an empty list of the same type are not reported as changes.
func sameValue(a, b any) bool {
	if reflect.DeepEqual(a, b) {
		return true
	}
	ja, err1 := json.Marshal(a)
	jb, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(ja) == string(jb)
}

// Change is one changed field of an entry, as the detail view shows it.
type Change struct {
	Field     string
	Before    string // as displayed; empty with HadBefore false when the field is new
	After     string
	HadBefore bool
	HasAfter  bool
}

// Field is one other detail of an entry, its value as displayed.
type Field struct {
	Key   string
	Value string
}

// Detail is the view model of one entry: its changes (every field of
// details.changes, and any other detail that is a {before, after} pair, such
// as "template" or "co_owners") and its remaining details.
type Detail struct {
	Entry
	Changes []Change
	Fields  []Field
}

// Describe turns an entry's details into its view model. Details that are
// not JSON (which the writer never stores) are shown as one raw field.
func Describe(e Entry) Detail {
	d := Detail{Entry: e}
	var details map[string]any
	if err := json.Unmarshal([]byte(e.Details), &details); err != nil {
		d.Fields = []Field{{Key: "details", Value: e.Details}}
		return d
	}
	if changes, ok := details["changes"].(map[string]any); ok {
		for field, v := range changes {
			if c, ok := asChange(field, v); ok {
				d.Changes = append(d.Changes, c)
			} else {
				d.Changes = append(d.Changes, Change{Field: field, After: display(v), HasAfter: true})
			}
		}
		delete(details, "changes")
	}
	for k, v := range details {
		if c, ok := asChange(k, v); ok {
			d.Changes = append(d.Changes, c)
			continue
		}
		d.Fields = append(d.Fields, Field{Key: k, Value: display(v)})
	}
	sort.Slice(d.Changes, func(i, j int) bool { return d.Changes[i].Field < d.Changes[j].Field })
	sort.Slice(d.Fields, func(i, j int) bool { return d.Fields[i].Key < d.Fields[j].Key })
	return d
}

// asChange reads {"before": …, "after": …} (either may be missing, nothing else present).
func asChange(field string, v any) (Change, bool) {
	m, ok := v.(map[string]any)
	if !ok || len(m) == 0 || len(m) > 2 {
		return Change{}, false
	}
	c := Change{Field: field}
	for k, x := range m {
		switch k {
		case "before":
			c.Before, c.HadBefore = display(x), true
		case "after":
			c.After, c.HasAfter = display(x), true
		default:
			return Change{}, false
		}
	}
	return c, true
}

func display(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case nil:
		return ""
	case float64:
		return fmt.Sprint(v)
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
