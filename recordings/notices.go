package recordings

import (
	"sync"
	"sync/atomic"

	"bbbportal/models"
)

// Unseen counts the user's unseen notices, for the badge in the navigation.
func (s *Service) Unseen(userID uint) (int64, error) {
	if n, ok := s.unseen.get(userID); ok {
		return n, nil
	}
	version := s.unseen.version.Load() // before the read: a write during it makes the count stale
	n, err := models.UnseenNotifications(s.db, userID)
	if err == nil {
		s.unseen.put(userID, n, version)
	}
	return n, err
}

// Notices lists the user's notices, unseen first.
func (s *Service) Notices(userID uint, limit int) ([]models.Notification, error) {
	return models.NotificationsOf(s.db, userID, min(max(limit, 1), 200))
}

// MarkSeen marks notices of the user seen (all of them when ids is empty).
func (s *Service) MarkSeen(userID uint, ids ...uint) error {
	defer s.unseen.changed()
	return models.MarkNotificationsSeen(s.db, userID, s.now(), ids...)
}

// notify gives users the notice, unless they have it already.
func (s *Service) notify(users []uint, kind, ref string, roomID *uint, subject string) error {
	defer s.unseen.changed()
	return models.Notify(s.db, users, kind, ref, roomID, subject, s.now())
}

// maxUnseenCounts bounds the counts remembered; past it they are forgotten all at once.
const maxUnseenCounts = 10000

// unseenCounts remembers users' unseen counts, which every signed-in page shows. Notices are
// written only through the service, each write outside a transaction, and every write moves
// the version on once it is done: a count read before a write is then never served after it.
type unseenCounts struct {
	version atomic.Uint64
	mu      sync.Mutex
	counts  map[uint]unseenCount
}

type unseenCount struct {
	n       int64
	version uint64
}

func (u *unseenCounts) get(userID uint) (int64, bool) {
	u.mu.Lock()
	defer u.mu.Unlock()
	c, ok := u.counts[userID]
	return c.n, ok && c.version == u.version.Load()
}

func (u *unseenCounts) put(userID uint, n int64, version uint64) {
	u.mu.Lock()
	defer u.mu.Unlock()
	if u.counts == nil || len(u.counts) >= maxUnseenCounts {
		u.counts = make(map[uint]unseenCount)
	}
	u.counts[userID] = unseenCount{n, version}
}

func (u *unseenCounts) changed() { u.version.Add(1) }
