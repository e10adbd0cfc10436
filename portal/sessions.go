package portal

import (
	"context"
	"time"
)

// sessionPurge is how often the rows of ended sessions are deleted.
const sessionPurge = time.Hour

// purgeSessions deletes the rows of sessions past their lifetime or idle timeout at start and
// then every sessionPurge, so that the table holds only live sessions also when nobody signs
// in for a while (logins purge too).
func (p *Portal) purgeSessions(ctx context.Context) {
	tick := time.NewTicker(sessionPurge)
	defer tick.Stop()
	for {
		if n, err := p.Handler.PurgeSessions(); err != nil {
			p.Log.Warn("cannot delete ended sessions; retrying in an hour", "error", err)
		} else if n > 0 {
			p.Log.Debug("ended sessions deleted", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}
