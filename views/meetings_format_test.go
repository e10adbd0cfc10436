package views

import (
	"context"
	"testing"
	"time"

	"bbbportal/i18n"
)

func TestElapsedText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		lang string
		d    time.Duration
		want string
	}{
		{"en", 2500 * time.Millisecond, "2.5 s"},
		{"de", 2500 * time.Millisecond, "2,5 s"},
		{"en", 59 * time.Second, "59.0 s"},
		{"en", 10*time.Minute + time.Second, "10 min"},
		{"de", 61 * time.Minute, "1 h 1 min"},
	} {
		ctx := i18n.WithLanguage(context.Background(), tc.lang)
		if got := elapsedText(ctx, tc.d); got != tc.want {
			t.Errorf("elapsedText(%s, %v) = %q, want %q", tc.lang, tc.d, got, tc.want)
		}
	}
}
