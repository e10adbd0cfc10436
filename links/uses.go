package links

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"time"

	"bbbportal/audit"
	"bbbportal/models"
	"gorm.io/gorm"
)

// useBatcher counts link uses in group commits: a burst of joins shares a few transactions
// (and fsyncs) instead of queueing one transaction each behind SQLite's single writer. A
// counted use's audit entry is written in the same transaction.
type useBatcher struct {
	db    *gorm.DB
	audit Auditor
	now   func() time.Time
	queue chan useCall
	once  sync.Once
	done  chan struct{}
}

type useCall struct {
	req  models.UseRequest
	rec  *audit.Record // written with the use when it counts; nil for none
	resp chan error
}

const maxUseBatch = 256

// maxYields bounds the yields a batch waits for more uses.
const maxYields = 4

var errClosed = errors.New("links: the service is closed")

func newUseBatcher(db *gorm.DB, auditor Auditor, now func() time.Time) *useBatcher {
	b := &useBatcher{db: db, audit: auditor, now: now, queue: make(chan useCall, maxUseBatch), done: make(chan struct{})}
	go b.run()
	return b
}

// use counts the browser as a use of the link (once per browser), with rec as its audit
// entry when rec is not nil, and returns models.ErrLinkUnusable when the link is revoked,
// expired or used up.
func (b *useBatcher) use(ctx context.Context, linkID uint, browser string, rec *audit.Record) error {
	c := useCall{req: models.UseRequest{LinkID: linkID, Browser: browser}, rec: rec, resp: make(chan error, 1)}
	select {
	case b.queue <- c:
	case <-b.done:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-c.resp:
		return err
	case <-ctx.Done():
		return ctx.Err() // the use may still be counted: the browser's next join is not counted again
	}
}

// Lingering: a batch of several uses but fewer than lingerBelow waits up to lingerFor for
// more before it commits. A lone join commits at once.
const (
	lingerBelow = 50
	lingerFor   = 2 * time.Millisecond
)

// linger adds the uses that arrive within lingerFor, until the batch has lingerBelow.
func (b *useBatcher) linger(batch []useCall, timer *time.Timer) []useCall {
	timer.Reset(lingerFor)
	defer timer.Stop()
	for len(batch) < lingerBelow {
		select {
		case c := <-b.queue:
			batch = append(batch, c)
		case <-timer.C:
			return batch
		case <-b.done:
			return batch
		}
	}
	return batch
}

func (b *useBatcher) run() {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		var first useCall
		select {
		case first = <-b.queue:
		case <-b.done:
			return
		}
		batch := []useCall{first}
		// Take what is queued; then let the handlers that are running finish their way here
		// (a yield, not a timer) while that brings more, so that a class shares a few commits.
		for yields := 0; len(batch) < maxUseBatch; yields++ {
			n := len(batch)
		more:
			for len(batch) < maxUseBatch {
				select {
				case c := <-b.queue:
					batch = append(batch, c)
				default:
					break more
				}
			}
			if (len(batch) == n && yields > 0) || yields == maxYields {
				break
			}
			runtime.Gosched()
		}
		if len(batch) > 1 && len(batch) < lingerBelow {
			// Several joins at once: more are on their way (a class at 8:00). A commit costs
			// far more than a use, so wait a moment for them, or until the batch is large.
			batch = b.linger(batch, timer)
		}
		reqs := make([]models.UseRequest, len(batch))
		for i, c := range batch {
			reqs[i] = c.req
		}
		var results []error
		err := b.db.Transaction(func(tx *gorm.DB) (err error) {
			if results, err = models.UseLinksTx(tx, reqs, b.now().UTC()); err != nil {
				return err
			}
			var recs []audit.Record
			for i, c := range batch {
				if results[i] == nil && c.rec != nil {
					recs = append(recs, *c.rec)
				}
			}
			return b.audit.WriteAllTx(tx, recs)
		})
		for i, c := range batch {
			if err != nil {
				c.resp <- err
			} else {
				c.resp <- results[i]
			}
		}
	}
}

func (b *useBatcher) close() { b.once.Do(func() { close(b.done) }) }
