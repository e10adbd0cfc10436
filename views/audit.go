package views

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"

	"bbbportal/i18n"
)

// auditTargetType is the translated name of an audit target's kind ("room" → "Raum"), or
// the kind itself for one without a translation.
func auditTargetType(ctx context.Context, kind string) string {
	key := "audit.target_type." + kind
	if s := i18n.T(ctx, key); s != key {
		return s
	}
	return kind
}

// prettyJSON indents a JSON document for display, with <, > and & as themselves
// (templ escapes the text). It is returned unchanged if it does not parse.
func prettyJSON(s string) string {
	var doc any
	if json.Unmarshal([]byte(s), &doc) != nil {
		return s
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if enc.Encode(doc) != nil {
		return s
	}
	return strings.TrimSpace(b.String())
}
