package createopts

import (
	"fmt"
	"slices"
	"strings"

	"bbbportal/bbb"
)

var kindNames = map[Kind]string{
	Bool: "yes/no", Int: "number ≥ 0", Digits: "digits", String: "text", Text: "multi-line text",
	URL: "URL", Color: "#RRGGBB", Enum: "choice", Features: "checkboxes", JSON: "JSON", Meta: "name/value rows",
	Names: "comma list", Params: "name/value rows",
}

// Markdown is the reference table of every create parameter and where it lives in the portal.
// docs/create-options.md is this text; a test keeps the two equal.
func Markdown() string {
	var b strings.Builder
	b.WriteString("# BBB create parameters in bbbportal\n\n")
	b.WriteString("Every parameter of BBB's `create` call (2.7 to 4.0) and where it lives in the room options form.\n")
	b.WriteString("Generated from `createopts` (`go test ./createopts -run TestDocIsCurrent -update`).\n\n")
	b.WriteString("The form offers only what the connected server's release reads, and a template is adapted\n")
	b.WriteString("when it is sent: options the server does not read are left out (with a warning next to them),\n")
	b.WriteString("a layout the release removed becomes its default layout, unknown feature names are dropped.\n")
	b.WriteString("**Admins only** marks options that load code or make BBB fetch a URL: global templates may\n")
	b.WriteString("set them, personal templates and rooms cannot. URLs that BBB or its client fetch must not\n")
	b.WriteString("point to loopback, private or link-local addresses unless the host is in `BBB_FETCH_ALLOWED_HOSTS`.\n")
	b.WriteString("\n## Essentials\n\nThe forms show these first, in plain words; everything else is under \"All BBB options\".\n\n")
	b.WriteString("| setting | field |\n|---|---|\n")
	for _, e := range Essentials {
		field := "portal field `" + e.Key + "`"
		if e.Option != nil {
			field = "`" + e.Key + "`"
		}
		fmt.Fprintf(&b, "| %s | %s |\n", cell(e.Label), field)
	}
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
			if o.AdminOnly {
				help += " **Admins only.**"
			}
			if o.Fetched {
				help += " No internal addresses."
			}
			since := o.Since
			if removed := o.RemovedRelease(); !removed.IsZero() {
				since = strings.TrimPrefix(since+"; removed in "+removed.String(), "; ")
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", o.Name, kindNames[o.Kind], cell(o.BBBDefault), cell(since), cell(help))
		}
	}
	b.WriteString("\n## Values and the releases that read them\n")
	for _, set := range []struct{ name, option string }{{SetLayout, "meetingLayout"}, {SetFeature, "disabledFeatures"},
		{SetGuestPolicy, "guestPolicy"}, {SetPresenterPolicy, "lockSettingsPresenterPolicy"}, {SetMediaBridge, "cameraBridge"},
		{SetNotesEditor, "sharedNotesEditor"}} {
		o := byName[set.option]
		fmt.Fprintf(&b, "\n### `%s`\n\n| value | label | since | removed |\n|---|---|---|---|\n", set.option)
		for _, v := range o.Choices {
			fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", v, cell(ChoiceLabels[set.name][v]), releaseCell(o.ChoiceSince(v)), releaseCell(o.ChoiceRemoved(v)))
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

func releaseCell(r bbb.Release) string {
	if r.IsZero() {
		return "—"
	}
	return r.String()
}

func cell(s string) string {
	if s == "" {
		return "—"
	}
	return strings.ReplaceAll(s, "|", `\|`)
}
