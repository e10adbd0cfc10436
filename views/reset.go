package views

import (
	"context"
	"time"
)

// DateTime formats t as the pages show a date and time, in the reader's language.
func DateTime(ctx context.Context, t time.Time) string { return localDateTime(ctx, t) }
