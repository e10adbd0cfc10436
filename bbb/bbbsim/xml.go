package bbbsim

import (
	"strings"
)

// xmlWriter renders responses the way the real servers do: no prolog, no indentation. bbb-web's
// FreeMarker templates (after <#compress>) put one element per line; the literal strings of the
// recording calls and of bbb-webhooks are a single line.
type xmlWriter struct {
	b        strings.Builder
	oneLine  bool
	openTags []string
}

func newTemplateXML() *xmlWriter { return &xmlWriter{} }
func newLiteralXML() *xmlWriter  { return &xmlWriter{oneLine: true} }

func (w *xmlWriter) nl() {
	if !w.oneLine {
		w.b.WriteByte('\n')
	}
}

func (w *xmlWriter) open(name string) *xmlWriter {
	w.b.WriteString("<" + name + ">")
	w.nl()
	w.openTags = append(w.openTags, name)
	return w
}

func (w *xmlWriter) close() *xmlWriter {
	name := w.openTags[len(w.openTags)-1]
	w.openTags = w.openTags[:len(w.openTags)-1]
	w.b.WriteString("</" + name + ">")
	w.nl()
	return w
}

func (w *xmlWriter) elem(name, text string) *xmlWriter {
	w.b.WriteString("<" + name + ">" + escapeXML(text) + "</" + name + ">")
	w.nl()
	return w
}

func (w *xmlWriter) cdata(name, text string) *xmlWriter {
	w.b.WriteString("<" + name + "><![CDATA[" + strings.ReplaceAll(text, "]]>", "]]]]><![CDATA[>") + "]]></" + name + ">")
	return w
}

func (w *xmlWriter) raw(s string) *xmlWriter {
	w.b.WriteString(s)
	w.nl()
	return w
}

func (w *xmlWriter) boolElem(name string, v bool) *xmlWriter {
	if v {
		return w.elem(name, "true")
	}
	return w.elem(name, "false")
}

func (w *xmlWriter) mapElem(name string, m *orderedMap) *xmlWriter {
	w.open(name)
	if m != nil {
		for _, k := range m.keys {
			w.elem(k, m.values[k])
		}
	}
	return w.close()
}

func (w *xmlWriter) String() string { return strings.TrimSuffix(w.b.String(), "\n") }

var xmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;")

func escapeXML(s string) string { return xmlEscaper.Replace(s) }
