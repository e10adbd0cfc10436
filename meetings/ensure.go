package meetings

import (
	"context"
	"time"

	"bbbportal/audit"
	"bbbportal/models"
)

// EnsureRunning creates the room's meeting unless it runs and returns its createTime, for a
// join that is not a portal user's (a moderator link, or an attendee link of a room whose
// attendees may start it). Concurrent calls for the same room share one create with Start.
func (s *Service) EnsureRunning(ctx context.Context, room *models.Room, who audit.Record) (time.Time, error) {
	return s.starts.do(room.MeetingID, func() (time.Time, error) { return s.ensureMeeting(ctx, room, nil, who) })
}
