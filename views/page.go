// Package views holds the portal's templ components: the layout, the pages and their partials.
package views

import (
	"bbbportal/models"
	"bbbportal/paths"
)

// Page is what the layout needs from every page.
type Page struct {
	Title     string // already translated
	User      *models.User
	Flashes   []Flash
	CSRFToken string
	Nav       string // ID of the current navigation entry
	Demo      bool   // the built-in BBB simulator is in use
	Unseen    int64  // the user's unseen notices (the badge in the navigation)
}

// Flash kinds.
const (
	FlashSuccess = "success"
	FlashError   = "error"
)

// Flash is a one-time message shown at the top of the next page.
type Flash struct {
	Kind    string
	Message string // already translated
}

// NavItem is one entry of the main navigation.
type NavItem struct {
	ID        string
	Path      string
	LabelKey  string // translation key
	AdminOnly bool
}

// Nav is the main navigation, in display order. Add an entry when a section is added.
var Nav = []NavItem{
	{ID: "dashboard", Path: "/", LabelKey: "nav.dashboard"},
	{ID: "rooms", Path: "/rooms", LabelKey: "nav.rooms"},
	{ID: "templates", Path: "/templates", LabelKey: "nav.templates"},
	{ID: "recordings", Path: paths.MyRecordings, LabelKey: "recordings.title"},
	{ID: "live", Path: "/admin/meetings", LabelKey: "nav.live", AdminOnly: true},
	{ID: "users", Path: "/admin/users", LabelKey: "nav.users", AdminOnly: true},
	{ID: "audit", Path: "/admin/audit", LabelKey: "nav.audit", AdminOnly: true},
	{ID: "hooks", Path: paths.AdminHooks, LabelKey: "nav.hooks", AdminOnly: true},
	{ID: "admin-recordings", Path: paths.AdminRecordings, LabelKey: "recordings.nav_all", AdminOnly: true},
}

func visibleNav(u *models.User) []NavItem {
	var items []NavItem
	for _, item := range Nav {
		if !item.AdminOnly || u.IsAdmin() {
			items = append(items, item)
		}
	}
	return items
}

func ariaCurrent(p Page, item NavItem) string {
	if p.Nav == item.ID {
		return "page"
	}
	return "false"
}
