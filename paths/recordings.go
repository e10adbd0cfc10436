package paths

import "net/url"

// Recordings pages and actions.
const (
	MyRecordings        = "/recordings"
	AdminRecordings     = "/admin/recordings"
	AdminRetention      = "/admin/recordings/retention"
	PublishRecordings   = "/recordings/publish"
	UnpublishRecordings = "/recordings/unpublish"
	DeleteRecordings    = "/recordings/delete"
	Notices             = "/notices"
	NoticesSeen         = "/notices/seen"
)

// Recording is the rename form target of one recording.
func Recording(recordID string) string { return "/recordings/" + url.PathEscape(recordID) }
