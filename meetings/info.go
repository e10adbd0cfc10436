package meetings

import (
	"context"
	"sort"
	"strings"
	"time"

	"bbbportal/bbb"
)

// Now is the service's clock (the simulator's clock in tests), for ages shown on pages.
func (s *Service) Now() time.Time { return s.now() }

// Info reads one meeting from BBB; an unknown meeting is a bbb.Error with key notFound.
func (s *Service) Info(ctx context.Context, meetingID string) (*bbb.Meeting, error) {
	ctx, cancel := context.WithTimeout(ctx, s.cfg.CallTimeout)
	defer cancel()
	return s.bbb.GetMeetingInfo(ctx, meetingID)
}

// hiddenMetadata reports whether a metadata key may carry a credential: callback URLs
// (the portal's end callback holds a per-meeting token, other front ends' may too), tokens
// and secrets. Such values are never shown.
func hiddenMetadata(key string) bool {
	for _, part := range []string{"url", "callback", "token", "secret", "password", "checksum"} {
		if strings.Contains(key, part) {
			return true
		}
	}
	return false
}

// ShownMetadata returns the metadata of a meeting that may be shown on a page, sorted by key.
func ShownMetadata(m *bbb.Meeting) [][2]string {
	var out [][2]string
	for k, v := range m.Metadata {
		if !hiddenMetadata(strings.ToLower(k)) {
			out = append(out, [2]string{k, v})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}
