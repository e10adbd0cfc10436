package createopts

// Messages are the English texts of the FieldError IDs (text/template over FieldError.Data).
var Messages = map[string]string{
	"opt.err.policy":       "Choose default, forced or hidden.",
	"opt.err.unknown":      "{{.Name}} is not a create option the portal knows.",
	"opt.err.bool":         "Choose yes or no.",
	"opt.err.int":          "Enter a whole number, 0 or more.",
	"opt.err.digits":       "Enter up to 10 digits, nothing else.",
	"opt.err.url":          "Enter a full web address starting with https:// or http://.",
	"opt.err.color":        "Enter a colour as #RRGGBB, for example #1A73E8.",
	"opt.err.enum":         "Choose one of: {{.Choices}}.",
	"opt.err.control":      "Control characters are not allowed here.",
	"opt.err.tooLong":      "At most {{.Max}} characters (this has {{.Len}}).",
	"opt.err.metaName":     "Metadata names start with a letter and contain only letters, digits and '-'.",
	"opt.err.metaReserved": "The portal sets {{.Name}} itself.",
	"opt.err.metaCount":    "At most {{.Max}} metadata rows.",
	"opt.err.feature":      "{{.Feature}} is not a BBB feature name.",
	"opt.err.jsonAt":       "This is not valid JSON (error near character {{.Offset}}).",
	"opt.err.json":         "This is not valid JSON.",
	"opt.err.jsonObject":   `This must be a JSON object, like {"public":{…}}.`,
	"opt.err.groups":       `This must be a list of groups, each with an "id" and a "roster" list of user IDs.`,
	"opt.err.plugins":      `This must be a list of plugins, each with a "url" (https://…) and an optional "checksum".`,
	"opt.err.pluginName":   "Plugin parameter names contain only letters, digits, '_' and '-'.",
	"opt.err.pluginCount":  "At most {{.Max}} plugin parameters.",
	"opt.err.names":        "Enter names separated by commas, each of letters, digits, '-' or '_'.",
	"opt.err.adminOnly":    "Only an administrator can set this, in a global template: it loads code or content from another server into the meeting.",
	"opt.err.internalHost": "{{.Host}} is an address inside a private network (loopback, private or link-local). BBB must not fetch from there unless an administrator allows the host in BBB_FETCH_ALLOWED_HOSTS.",
	"opt.err.numericHost":  "Write the host as a name or as a full IP address such as 192.0.2.10.",

	// Warnings: a saved value that the connected server ignores or reads differently.
	"opt.warn.needsRelease":    "This server runs BBB {{.Release}} and ignores this option: it needs BBB {{.Since}} or later.",
	"opt.warn.removed":         "This server runs BBB {{.Release}}, which no longer reads this option; it is not sent.",
	"opt.warn.layoutReplaced":  "BBB {{.Release}} no longer has this layout; meetings start with its default layout instead.",
	"opt.warn.valueDropped":    "BBB {{.Release}} does not have this choice; it is not sent and the server's default applies.",
	"opt.warn.featuresDropped": "BBB {{.Release}} does not know {{.Count}} of the chosen features; they are not sent.",
}
