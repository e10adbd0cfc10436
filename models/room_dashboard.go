package models

import "gorm.io/gorm"

// DashboardRoom is a room of the dashboard with, from the same query, whether an end request
// was recorded for its meeting, whether it has schedules, and the public ID of its active
// default link ("" for none).
type DashboardRoom struct {
	RoomListItem
	EndWatched          bool
	Scheduled           bool
	DefaultLinkPublicID string
}

// DashboardRoomsPage is OwnRoomsPage with the end-watch flag and the default link, read from
// the index on end_watches.meeting_id and the partial index of active default links, so that
// the dashboard reads no links and looks up end watches and next occurrences only for the
// rooms that have them.
func DashboardRoomsPage(db *gorm.DB, u *User, q RoomQuery) ([]DashboardRoom, Pager, error) {
	// Without the owner's and template's names, which the dashboard does not show.
	l := roomList(q, ownedBranches(u, "")...)
	l.cols = "r.id, r.name, r.meeting_id, r.owner_id, EXISTS (SELECT 1 FROM end_watches AS w WHERE w.meeting_id = r.meeting_id) AS end_watched" +
		", EXISTS (SELECT 1 FROM schedules AS s INDEXED BY idx_schedules_room_id WHERE s.room_id = r.id) AS scheduled" +
		", COALESCE((SELECT l.public_id FROM links AS l INDEXED BY idx_links_active_default" +
		" WHERE l.room_id = r.id AND l.is_default AND l.revoked_at IS NULL" +
		" ORDER BY l.id LIMIT 1), '') AS default_link_public_id"
	return keysetPage(db, l, q.Keyset, dashboardRows)
}

var dashboardRows = keysetRows[DashboardRoom]{
	id: func(r *DashboardRoom) uint { return r.ID },
	fields: func(r *DashboardRoom) []any {
		return []any{&r.ID, &r.Name, &r.MeetingID, &r.OwnerID, &r.EndWatched, &r.Scheduled, &r.DefaultLinkPublicID}
	},
}
