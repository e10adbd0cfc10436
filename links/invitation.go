package links

import (
	"time"

	"bbbportal/models"
)

// Invitation is what a printed invitation shows: the room, the link, its QR code (served
// at the link's qr.svg), its short code and the room's coming meetings.
type Invitation struct {
	Room      *models.Room
	Link      LinkView
	CodeURL   string
	Schedules []Occurrence
}

// Occurrence is the next time of a planned meeting.
type Occurrence struct {
	Title      string
	Start, End time.Time
	Weekly     bool
}

// maxWeeks bounds the search for a weekly schedule's next occurrence (ten school years).
const maxWeeks = 520

// Invitation returns the printable invitation of a link of the room (ErrNotFound for
// another room's link).
func (s *Service) Invitation(room *models.Room, linkID uint) (*Invitation, error) {
	lv, err := s.Link(room, linkID)
	if err != nil {
		return nil, err
	}
	list, err := models.SchedulesOfRoom(s.db, room.ID)
	if err != nil {
		return nil, err
	}
	inv := &Invitation{Room: room, Link: lv, CodeURL: s.CodeURL()}
	now := s.now()
	for i := range list {
		sc := &list[i]
		for n := 0; n < maxWeeks; n++ {
			start, end, ok := sc.Occurrence(n)
			if !ok {
				break
			}
			if end.After(now) {
				inv.Schedules = append(inv.Schedules, Occurrence{Title: sc.Title, Start: start, End: end, Weekly: sc.Weekly})
				break
			}
		}
	}
	return inv, nil
}

// DefaultURL is the public URL of the room's default attendee link, for the .ics of its
// schedules and the dashboard's "Copy invite link"; "" when it was revoked.
func (s *Service) DefaultURL(roomID uint) (string, error) {
	l, err := models.DefaultLinkOfRoom(s.db, roomID)
	if err != nil {
		return "", err
	}
	if l.Revoked() {
		return "", nil
	}
	return s.URL(l), nil
}

// DefaultURLs maps room IDs to the URLs of their default links (rooms whose default link
// was revoked are left out), in one query: the dashboard's "Copy invite link".
func (s *Service) DefaultURLs(roomIDs []uint) (map[uint]string, error) {
	list, err := models.DefaultLinksOfRooms(s.db, roomIDs)
	if err != nil {
		return nil, err
	}
	out := make(map[uint]string, len(list))
	for i := range list {
		out[list[i].RoomID] = s.URL(&list[i])
	}
	return out, nil
}
