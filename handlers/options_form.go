package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"bbbportal/bbb"
	"bbbportal/createopts"
	"bbbportal/views"
)

// The options part of the template and room forms: every option is posted as opt.<name>
// (checkbox lists repeat it), its policy as policy.<name>, and metadata as repeated
// meta.name / meta.value pairs.

const blankMetaRows = 2 // empty rows offered for new metadata

// postedForm returns the request's form fields, urlencoded or multipart.
func postedForm(c *fiber.Ctx) (url.Values, error) {
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		mf, err := c.MultipartForm()
		if err != nil {
			return nil, err
		}
		return url.Values(mf.Value), nil
	}
	return url.ParseQuery(string(c.Body()))
}

// submittedOptions are the option values and policies of a posted form, as entered.
type submittedOptions struct {
	Values   createopts.Values
	Policies map[string]createopts.Policy
	Meta     []views.MetaRow
}

func parseOptions(form url.Values) submittedOptions {
	s := submittedOptions{Values: createopts.Values{}, Policies: map[string]createopts.Policy{}}
	for _, o := range createopts.All {
		if p, ok := form["policy."+o.Name]; ok {
			s.Policies[o.Name] = createopts.Policy(p[0])
		}
		switch o.Kind {
		case createopts.Meta:
		case createopts.Features:
			if v, ok := form["opt."+o.Name]; ok {
				s.Values[o.Name] = strings.Join(v, ",")
			}
		default:
			if v, ok := form["opt."+o.Name]; ok {
				s.Values[o.Name] = v[0]
			}
		}
	}
	names, values := form["meta.name"], form["meta.value"]
	for i, name := range names {
		value := ""
		if i < len(values) {
			value = values[i]
		}
		name = strings.TrimSpace(name)
		if name == "" && strings.TrimSpace(value) == "" {
			continue
		}
		s.Meta = append(s.Meta, views.MetaRow{Name: name, Value: value})
		s.Values["meta_"+name] = value
	}
	return s
}

// fieldMessage translates a validation message.
func fieldMessage(c *fiber.Ctx, fe *createopts.FieldError) string {
	args := make([]any, 0, 2*len(fe.Data))
	for k, v := range fe.Data {
		args = append(args, k, v)
	}
	return t(c, fe.ID, args...)
}

// optionsView describes what the options form shows.
type optionsView struct {
	forTemplate bool
	values      createopts.Values // shown in the inputs
	policies    func(name string) createopts.Policy
	inherited   createopts.Values // a room's template values, as hints
	meta        []views.MetaRow   // nil: taken from values
	errs        createopts.Errors
	// release is the connected server's: it offers only what that release reads, and warns
	// next to a value it ignores (zero: unknown, everything offered).
	release bbb.Release
}

// build makes the form and its error summary.
func (v optionsView) build(c *fiber.Ctx) (views.OptionsForm, []views.FieldProblem) {
	form := views.OptionsForm{ForTemplate: v.forTemplate}
	var problems []views.FieldProblem
	warnings := createopts.Warnings(v.values, v.release)
	// The essentials come first, in plain words; the catalogue below leaves them out.
	essentials := views.OptionGroup{ID: "essentials", Essentials: true, Open: true}
	inEssentials := map[string]bool{}
	for i := range createopts.Essentials {
		e := &createopts.Essentials[i]
		if e.Option == nil {
			continue // a field of the room form itself
		}
		inEssentials[e.Key] = true
		if f, ok := v.field(c, e.Option, warnings); ok {
			f.Essential = e
			essentials.Fields = append(essentials.Fields, f)
		}
	}
	form.Groups = append(form.Groups, essentials)
	for _, g := range createopts.Groups {
		group := views.OptionGroup{ID: g.ID, Open: g.ID == createopts.GroupBasics}
		for _, o := range createopts.InGroup(g.ID) {
			if inEssentials[o.Name] {
				continue
			}
			if f, ok := v.field(c, o, warnings); ok {
				group.Open = group.Open || f.Warning != "" || f.Error != ""
				group.Fields = append(group.Fields, f)
			}
		}
		form.Groups = append(form.Groups, group)
	}
	for _, g := range form.Groups {
		for _, f := range g.Fields {
			if f.Error != "" {
				problems = append(problems, views.FieldProblem{FieldID: views.OptionFieldID(f.Opt), Label: f.Label(c.UserContext()), Message: f.Error})
			}
		}
	}
	return form, problems
}

// field is what the form shows for option o; false when it is not offered.
func (v optionsView) field(c *fiber.Ctx, o *createopts.Option, warnings createopts.Errors) (views.OptionField, bool) {
	policy := v.policies(o.Name)
	if !v.forTemplate && policy == createopts.PolicyHidden {
		return views.OptionField{}, false
	}
	f := views.OptionField{Opt: o, Value: v.values[o.Name], Policy: policy, Inherited: v.inherited[o.Name]}
	if !o.AvailableIn(v.release) && f.Value == "" {
		return f, false // the server would not read it: not offered
	}
	f.Choices = offeredChoices(o, f.Value, v.release)
	if fe := v.errs[o.Name]; fe != nil {
		f.Error = fieldMessage(c, fe)
	}
	if o.Kind == createopts.Meta {
		f.Meta = v.metaRows(c, policy)
		for _, row := range f.Meta {
			if row.Error != "" {
				f.Error = row.Error
			}
		}
	}
	if w := warnings[o.Name]; w != nil && f.Error == "" {
		f.Warning = fieldMessage(c, w) // an invalid value says so instead
	}
	return f, true
}

// atRelease makes the form offer what a server of release r reads.
func (v optionsView) atRelease(r bbb.Release) optionsView {
	v.release = r
	return v
}

// offeredChoices are the values of a choice option that a server of release r accepts, plus
// the saved ones it does not (shown with the warning, so that they can be changed).
func offeredChoices(o *createopts.Option, value string, r bbb.Release) []string {
	if len(o.Choices) == 0 || r.IsZero() {
		return nil
	}
	out := o.ChoicesFor(r)
	for _, v := range strings.Split(value, ",") {
		if v != "" && o.IsChoice(v) && !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// metaRows returns the metadata rows to show, with their errors and blank rows to fill in.
func (v optionsView) metaRows(c *fiber.Ctx, policy createopts.Policy) []views.MetaRow {
	rows := v.meta
	if rows == nil {
		for _, name := range createopts.SortedMetaNames(v.values) {
			rows = append(rows, views.MetaRow{Name: strings.TrimPrefix(name, "meta_"), Value: v.values[name]})
		}
	}
	out := make([]views.MetaRow, 0, len(rows)+blankMetaRows)
	for _, row := range rows {
		if fe := v.errs["meta_"+row.Name]; fe != nil {
			row.Error = fieldMessage(c, fe)
		}
		out = append(out, row)
	}
	if v.forTemplate || policy != createopts.PolicyForced {
		for range blankMetaRows {
			out = append(out, views.MetaRow{})
		}
	}
	return out
}

// settingsPolicies returns a template's policy lookup.
func settingsPolicies(s createopts.Settings) func(string) createopts.Policy { return s.PolicyOf }

// submittedPolicies returns a lookup over posted policies (default when absent or invalid).
func submittedPolicies(p map[string]createopts.Policy) func(string) createopts.Policy {
	return func(name string) createopts.Policy {
		if createopts.ValidPolicy(p[name]) {
			return p[name]
		}
		return createopts.PolicyDefault
	}
}

// parseMinutes reads an optional whole number of minutes ("" is 0).
func parseMinutes(s string) (int, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, true
	}
	n, err := strconv.Atoi(s)
	return n, err == nil && n >= 0 && n <= 100_000
}

// effectiveSettings lists the options a room's meeting is started with, for the room page.
func effectiveSettings(c *fiber.Ctx, template createopts.Settings, effective createopts.Values) []views.SettingLine {
	var lines []views.SettingLine
	for _, o := range createopts.All {
		if o.Kind == createopts.Meta {
			continue
		}
		if v, ok := effective[o.Name]; ok {
			lines = append(lines, views.SettingLine{Name: o.Name, Label: t(c, createopts.LabelKey(o.Name)),
				Value: views.DisplayValue(c.UserContext(), &o, v), Fixed: template.PolicyOf(o.Name) == createopts.PolicyForced})
		}
	}
	for _, name := range createopts.SortedMetaNames(effective) {
		lines = append(lines, views.SettingLine{Name: name, Label: t(c, createopts.LabelKey(createopts.MetaOption)),
			Value: effective[name], Fixed: template.PolicyOf(name) == createopts.PolicyForced})
	}
	return lines
}
