package bbbsim

import (
	"net/url"
	"regexp"
	"strings"
	"unicode"
)

// params are a request's parameters in the order they were sent, values decoded and sanitized
// as bbb-web does (control characters stripped, trimmed). The first value of a name wins.
type params struct {
	list []param
}

type param struct{ key, value string }

func parseParams(raw string, into *params) {
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		key, err := url.QueryUnescape(k)
		if err != nil {
			continue
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			continue
		}
		into.list = append(into.list, param{key, sanitize(value)})
	}
}

func (p *params) get(key string) string {
	for _, kv := range p.list {
		if kv.key == key {
			return kv.value
		}
	}
	return ""
}

func (p *params) has(key string) bool {
	for _, kv := range p.list {
		if kv.key == key {
			return true
		}
	}
	return false
}

func (p *params) values() url.Values {
	v := url.Values{}
	for _, kv := range p.list {
		if kv.key != "checksum" {
			v.Add(kv.key, kv.value)
		}
	}
	return v
}

// boolParam parses like Java's Boolean.parseBoolean: only "true" (any case) is true.
func (p *params) boolParam(key string, def bool) bool {
	if !p.has(key) || p.get(key) == "" {
		return def
	}
	return strings.EqualFold(p.get(key), "true")
}

var metaKeyPattern = regexp.MustCompile(`^meta_[a-zA-Z][a-zA-Z0-9-]*$`)

// metadata returns the meta_ parameters as lower-cased keys without the prefix, in the order sent.
func (p *params) metadata() *orderedMap {
	m := &orderedMap{}
	for _, kv := range p.list {
		if metaKeyPattern.MatchString(kv.key) {
			m.set(strings.ToLower(kv.key[len("meta_"):]), kv.value)
		}
	}
	return m
}

func sanitize(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, s))
}

// orderedMap is a string map that remembers insertion order, for metadata and custom data.
type orderedMap struct {
	keys   []string
	values map[string]string
}

func (m *orderedMap) set(k, v string) {
	if m.values == nil {
		m.values = map[string]string{}
	}
	if _, ok := m.values[k]; !ok {
		m.keys = append(m.keys, k)
	}
	m.values[k] = v
}

func (m *orderedMap) get(k string) (string, bool) {
	v, ok := m.values[k]
	return v, ok
}

func (m *orderedMap) remove(k string) {
	if _, ok := m.values[k]; !ok {
		return
	}
	delete(m.values, k)
	for i, key := range m.keys {
		if key == k {
			m.keys = append(m.keys[:i], m.keys[i+1:]...)
			break
		}
	}
}

func (m *orderedMap) clone() *orderedMap {
	c := &orderedMap{}
	if m == nil {
		return c
	}
	for _, k := range m.keys {
		c.set(k, m.values[k])
	}
	return c
}

func (m *orderedMap) toMap() map[string]string {
	out := map[string]string{}
	if m != nil {
		for k, v := range m.values {
			out[k] = v
		}
	}
	return out
}
