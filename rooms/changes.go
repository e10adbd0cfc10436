package rooms

import (
	"slices"
	"sort"

	"bbbportal/models"
)

// optionChanges describes what changed between two sets of option values, for the audit log.
func optionChanges[T comparable](before, after map[string]T) map[string]any {
	changes := map[string]any{}
	names := map[string]bool{}
	for name := range before {
		names[name] = true
	}
	for name := range after {
		names[name] = true
	}
	keys := make([]string, 0, len(names))
	for name := range names {
		keys = append(keys, name)
	}
	sort.Strings(keys)
	for _, name := range keys {
		b, hadBefore := before[name]
		a, hasAfter := after[name]
		if hadBefore == hasAfter && b == a {
			continue
		}
		change := map[string]any{}
		if hadBefore {
			change["before"] = b
		}
		if hasAfter {
			change["after"] = a
		}
		changes[name] = change
	}
	return changes
}

func userNames(users []models.User) []string {
	names := make([]string, 0, len(users))
	for _, u := range users {
		names = append(names, u.DisplayName)
	}
	slices.Sort(names)
	return names
}
