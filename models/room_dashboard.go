package models

import "gorm.io/gorm"

// DashboardRoom is a room of the dashboard with what tells whether more must be read for it:
// an end request was recorded for its meeting, it has an active default link.
type DashboardRoom struct {
	RoomListItem
	EndWatched     bool
	HasDefaultLink bool
}

// DashboardRoomsPage is OwnRoomsPage with the two flags, read in the same query from the
// indexes on end_watches.meeting_id and links.room_id, so that the dashboard looks up end
// watches and links only for the rooms that have them.
func DashboardRoomsPage(db *gorm.DB, u *User, q RoomQuery) ([]DashboardRoom, Pager, error) {
	l := roomList(q, ownedBranches(u)...)
	l.cols += ", EXISTS (SELECT 1 FROM end_watches AS w WHERE w.meeting_id = r.meeting_id) AS end_watched" +
		", EXISTS (SELECT 1 FROM links AS l WHERE l.room_id = r.id AND l.is_default AND l.revoked_at IS NULL) AS has_default_link"
	return keysetPage(db, l, q.Keyset, func(r *DashboardRoom) uint { return r.ID })
}
