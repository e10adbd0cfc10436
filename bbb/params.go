package bbb

import (
	"encoding/json"
	"net/url"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Parameter structs (CreateParams, JoinParams) describe each query
// parameter with a struct tag `bbb:"name[,option]"`. One encoder and one
// decoder walk those tags, so the list of names, the encoding and the
// parsing can never disagree. Options: "digits" (only 0–9), "url" (an
// absolute http(s) URL), "color" (#RRGGBB), "json" (the value is JSON), and for maps the name
// is a prefix ending in "*" ("meta_*", "plugin_*", "userdata-*").

var (
	metaKeyPattern     = regexp.MustCompile(`^[a-zA-Z][a-zA-Z0-9-]*$`)
	userdataKeyPattern = regexp.MustCompile(`^[^-\x00-\x1f\x7f]+$`)
	pluginKeyPattern   = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_-]*$`)
	colorPattern       = regexp.MustCompile(`^#[0-9a-fA-F]{6}$`)
)

type paramField struct {
	name   string // parameter name, or prefix for maps
	index  int
	digits bool
	url    bool
	json   bool
	color  bool
}

var fieldCache sync.Map // reflect.Type → []paramField

func paramFields(t reflect.Type) []paramField {
	if v, ok := fieldCache.Load(t); ok {
		return v.([]paramField)
	}
	var fields []paramField
	for i := 0; i < t.NumField(); i++ {
		tag := t.Field(i).Tag.Get("bbb")
		if tag == "" {
			continue
		}
		parts := strings.Split(tag, ",")
		f := paramField{name: parts[0], index: i}
		for _, opt := range parts[1:] {
			switch opt {
			case "digits":
				f.digits = true
			case "url":
				f.url = true
			case "json":
				f.json = true
			case "color":
				f.color = true
			}
		}
		fields = append(fields, f)
	}
	fieldCache.Store(t, fields)
	return fields
}

// enum is a string type with a closed set of values.
type enum interface{ known() bool }

var (
	boolPtrType = reflect.TypeFor[*bool]()
	intPtrType  = reflect.TypeFor[*int]()
	timeType    = reflect.TypeFor[time.Time]()
	mapType     = reflect.TypeFor[map[string]string]()
)

// encodeParams writes the set fields of a parameter struct into v.
func encodeParams(s any, v url.Values) error {
	rv := reflect.ValueOf(s)
	for _, f := range paramFields(rv.Type()) {
		fv := rv.Field(f.index)
		if err := encodeField(f, fv, v); err != nil {
			return err
		}
	}
	return nil
}

func encodeField(f paramField, fv reflect.Value, v url.Values) error {
	if fv.IsZero() {
		return nil
	}
	switch {
	case fv.Type() == boolPtrType:
		v.Set(f.name, strconv.FormatBool(fv.Elem().Bool()))
	case fv.Type() == intPtrType:
		n := fv.Elem().Int()
		if n < 0 {
			return invalid(f.name, "must not be negative, got %d", n)
		}
		v.Set(f.name, strconv.FormatInt(n, 10))
	case fv.Type() == timeType:
		v.Set(f.name, strconv.FormatInt(fv.Interface().(time.Time).UnixMilli(), 10))
	case fv.Type() == mapType:
		prefix := strings.TrimSuffix(f.name, "*")
		for key, val := range fv.Interface().(map[string]string) {
			if err := checkMapKey(prefix, key); err != nil {
				return err
			}
			v.Set(prefix+key, val)
		}
	case f.json:
		b, err := json.Marshal(fv.Interface())
		if err != nil {
			return invalid(f.name, "cannot be written as JSON: %v", err)
		}
		v.Set(f.name, string(b))
	case fv.Kind() == reflect.Slice: // comma list of enum values
		items := make([]string, fv.Len())
		for i := range items {
			item := fv.Index(i)
			if e, ok := item.Interface().(enum); ok && !e.known() {
				return invalid(f.name, "unknown value %q", item.String())
			}
			items[i] = item.String()
		}
		v.Set(f.name, strings.Join(items, ","))
	case fv.Kind() == reflect.String:
		s := fv.String()
		if err := checkString(f, fv, s); err != nil {
			return err
		}
		v.Set(f.name, s)
	default:
		panic("bbb: unsupported parameter field type " + fv.Type().String())
	}
	return nil
}

func checkString(f paramField, fv reflect.Value, s string) error {
	if e, ok := fv.Interface().(enum); ok && !e.known() {
		return invalid(f.name, "unknown value %q", s)
	}
	if f.digits && strings.Trim(s, "0123456789") != "" {
		return invalid(f.name, "must contain only digits, got %q", s)
	}
	if f.color && !colorPattern.MatchString(s) {
		return invalid(f.name, "must be a colour like #1A2B3C, got %q", s)
	}
	if f.url {
		u, err := url.Parse(s)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalid(f.name, "must be an absolute http or https URL, got %q", s)
		}
	}
	return nil
}

func checkMapKey(prefix, key string) error {
	switch prefix {
	case "meta_":
		if !metaKeyPattern.MatchString(key) {
			return invalid(prefix+key, "a metadata name must start with a letter and contain only letters, digits and '-' (BBB drops other names)")
		}
	case "plugin_":
		if !pluginKeyPattern.MatchString(key) {
			return invalid(prefix+key, "a plugin parameter name must contain only letters, digits, '_' and '-'")
		}
	case "userdata-":
		if !userdataKeyPattern.MatchString(key) {
			return invalid(prefix+key, "a userdata name must be non-empty and contain no '-' (BBB drops such names)")
		}
	}
	return nil
}

// decodeParams fills the parameter struct pointed to by s from v. Every
// name must belong to a field; a bad value is an error naming the parameter.
func decodeParams(s any, v url.Values) error {
	rv := reflect.ValueOf(s).Elem()
	fields := paramFields(rv.Type())
	byName := make(map[string]paramField, len(fields))
	var prefixes []paramField
	for _, f := range fields {
		if strings.HasSuffix(f.name, "*") {
			prefixes = append(prefixes, f)
		} else {
			byName[f.name] = f
		}
	}
	for name, vals := range v {
		if len(vals) != 1 {
			return invalid(name, "given %d times; give it once", len(vals))
		}
		f, ok := byName[name]
		if !ok {
			for _, p := range prefixes {
				prefix := strings.TrimSuffix(p.name, "*")
				if key, found := strings.CutPrefix(name, prefix); found {
					if err := checkMapKey(prefix, key); err != nil {
						return err
					}
					m := rv.Field(p.index)
					if m.IsNil() {
						m.Set(reflect.MakeMap(mapType))
					}
					m.SetMapIndex(reflect.ValueOf(key), reflect.ValueOf(vals[0]))
					ok = true
					break
				}
			}
			if !ok {
				return invalid(name, "unknown parameter")
			}
			continue
		}
		if err := decodeField(f, rv.Field(f.index), vals[0]); err != nil {
			return err
		}
	}
	return nil
}

func decodeField(f paramField, fv reflect.Value, s string) error {
	switch {
	case fv.Type() == boolPtrType:
		var b bool
		switch s {
		case "true":
			b = true
		case "false":
		default:
			return invalid(f.name, "must be true or false, got %q", s)
		}
		fv.Set(reflect.ValueOf(&b))
	case fv.Type() == intPtrType:
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return invalid(f.name, "must be a whole number ≥ 0, got %q", s)
		}
		fv.Set(reflect.ValueOf(&n))
	case fv.Type() == timeType:
		ms, err := strconv.ParseInt(s, 10, 64)
		if err != nil || ms <= 0 {
			return invalid(f.name, "must be epoch milliseconds, got %q", s)
		}
		fv.Set(reflect.ValueOf(time.UnixMilli(ms)))
	case f.json:
		p := reflect.New(fv.Type())
		if err := json.Unmarshal([]byte(s), p.Interface()); err != nil {
			return invalid(f.name, "is not valid JSON for this parameter: %v", err)
		}
		fv.Set(p.Elem())
	case fv.Kind() == reflect.Slice:
		var items []string
		if s != "" {
			items = strings.Split(s, ",")
		}
		list := reflect.MakeSlice(fv.Type(), 0, len(items))
		for _, item := range items {
			ev := reflect.ValueOf(strings.TrimSpace(item)).Convert(fv.Type().Elem())
			if e, ok := ev.Interface().(enum); ok && !e.known() {
				return invalid(f.name, "unknown value %q", item)
			}
			list = reflect.Append(list, ev)
		}
		fv.Set(list)
	case fv.Kind() == reflect.String:
		sv := reflect.ValueOf(s).Convert(fv.Type())
		if err := checkString(f, sv, s); err != nil {
			return err
		}
		fv.Set(sv)
	default:
		panic("bbb: unsupported parameter field type " + fv.Type().String())
	}
	return nil
}

// paramNames lists the parameter names of a parameter struct, map prefixes excluded.
func paramNames(t reflect.Type) []string {
	var names []string
	for _, f := range paramFields(t) {
		if !strings.HasSuffix(f.name, "*") {
			names = append(names, f.name)
		}
	}
	return names
}
