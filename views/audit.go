package views

import (
	"bytes"
	"encoding/json"
	"strings"
)

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
