package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/webhooks"
)

// TestHookEventsMayBeAsLargeAsTheReceiverAllows: bbb-webhooks batches several events of a busy
// meeting in one POST; a body up to webhooks.DefaultMaxBody reaches the receiver, a larger one
// is refused with 413 before it is read.
func TestHookEventsMayBeAsLargeAsTheReceiverAllows(t *testing.T) {
	t.Parallel()
	p := startMeetingPortal(t, bbbsim.Options{}, meetings.Config{})
	callback := p.URL + "/callbacks/hooks"
	event := hookEvent("user-joined", "maths-7b", p.clock.Now())
	large := event + "&pad=" + strings.Repeat("x", webhooks.DefaultMaxBody-len(event)-len("&pad="))
	if got := postEvent(t, p.URL, bbbsim.HookChecksum(callback, large, p.Config.BBBSecret), large); got != http.StatusOK {
		t.Errorf("a genuine event of %d bytes: %d, want 200", len(large), got)
	}
	tooLarge := event + "&pad=" + strings.Repeat("x", webhooks.DefaultMaxBody)
	if got := postEvent(t, p.URL, bbbsim.HookChecksum(callback, tooLarge, p.Config.BBBSecret), tooLarge); got != http.StatusRequestEntityTooLarge {
		t.Errorf("an event of %d bytes: %d, want 413", len(tooLarge), got)
	}
}
