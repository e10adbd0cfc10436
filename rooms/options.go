package rooms

import "bbbportal/createopts"

// ShownOptions are the option values a room form shows: the room's (or the submitted) values,
// with what the template forces in their place. When the template fixes the metadata, its
// metadata replaces the room's.
func ShownOptions(tpl createopts.Settings, shown createopts.Values) (values createopts.Values, metaFixed bool) {
	tv := tpl.TemplateValues()
	values = createopts.Values{}
	for name, v := range shown {
		values[name] = v
	}
	for _, o := range createopts.All {
		if tpl.PolicyOf(o.Name) == createopts.PolicyForced && o.Kind != createopts.Meta {
			values[o.Name] = tv[o.Name]
		}
	}
	if tpl.PolicyOf(createopts.MetaOption) == createopts.PolicyDefault {
		return values, false
	}
	for _, name := range createopts.SortedMetaNames(values) {
		delete(values, name)
	}
	for _, name := range createopts.SortedMetaNames(tv) {
		values[name] = tv[name]
	}
	return values, true
}
