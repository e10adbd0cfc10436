package paths

import "net/url"

// Webhooks administration and the portal's own event endpoint.
const (
	AdminHooks    = "/admin/hooks"
	HooksReceive  = "/admin/hooks/receive"
	HooksCallback = "/callbacks/hooks" // where bbb-webhooks POSTs the events of the portal's own hook
)

// Hook is one hook on the BBB server; rest adds actions ("delete").
func Hook(hookID string, rest ...string) string {
	p := AdminHooks + "/" + url.PathEscape(hookID)
	for _, r := range rest {
		p += "/" + r
	}
	return p
}
