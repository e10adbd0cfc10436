package recordings

import "bbbportal/models"

// Unseen counts the user's unseen notices, for the badge in the navigation.
func (s *Service) Unseen(userID uint) (int64, error) { return models.UnseenNotifications(s.db, userID) }

// Notices lists the user's notices, unseen first.
func (s *Service) Notices(userID uint, limit int) ([]models.Notification, error) {
	return models.NotificationsOf(s.db, userID, min(max(limit, 1), 200))
}

// MarkSeen marks notices of the user seen (all of them when ids is empty).
func (s *Service) MarkSeen(userID uint, ids ...uint) error {
	return models.MarkNotificationsSeen(s.db, userID, s.now(), ids...)
}
