package createopts

import (
	"fmt"
	"slices"
	"strings"
)

var kindNames = map[Kind]string{
	Bool: "yes/no", Int: "number ≥ 0", Digits: "digits", String: "text", Text: "multi-line text",
	URL: "URL", Color: "#RRGGBB", Enum: "choice", Features: "checkboxes", JSON: "JSON", Meta: "name/value rows",
}

// Markdown is the reference table of every create parameter and where it lives in the portal.
// docs/create-options.md is this text; a test keeps the two equal.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# BBB create parameters in bbbportal\n\n")
	b.WriteString("Every parameter of BBB 3.0's `create` call and where it lives in the room options form.\n")
	b.WriteString("Generated from `createopts` (`go test ./createopts -run TestDocIsCurrent -update`).\n")
	for _, g := range Groups {
		fmt.Fprintf(&b, "\n## %s\n\n| parameter | type | BBB default | since | what it does |\n|---|---|---|---|---|\n", g.Title)
		for _, o := range InGroup(g.ID) {
			help := o.Help
			if o.Deprecated != "" {
				help += " Deprecated " + o.Deprecated + "."
			}
			if o.InPOSTBody {
				help += " (POST body module.)"
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", o.Name, kindNames[o.Kind], cell(o.BBBDefault), cell(o.Since), cell(help))
		}
	}
	b.WriteString("\n## Set by the portal, not in the form\n\n| parameter | why |\n|---|---|\n")
	names := make([]string, 0, len(Excluded))
	for name := range Excluded {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		fmt.Fprintf(&b, "| `%s` | %s |\n", name, Excluded[name])
	}
	return b.String()
}

func cell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}
