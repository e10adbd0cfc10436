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
}
