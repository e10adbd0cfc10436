package meetings

import (
	"context"
	"errors"
	"sync"

	"gorm.io/gorm"
)

// maxCommitBatch bounds how many changes share one transaction.
const maxCommitBatch = 256

// errClosed is returned for a change submitted after the service closed.
var errClosed = errors.New("meetings: service closed")

// committer runs the service's short write transactions, and what arrives while one commits
// goes into the next: a burst of 200 starts pays for a few durable commits (each an fsync of
// SQLite's log under its one write lock), not for 400 in a row. No BBB call runs inside.
type committer struct {
	db    *gorm.DB
	queue chan commitReq
	stop  chan struct{}
	done  chan struct{}
	once  sync.Once
}

type commitReq struct {
	fn   func(tx *gorm.DB) error
	done chan error
}

func newCommitter(db *gorm.DB) *committer {
	c := &committer{db: db, queue: make(chan commitReq), stop: make(chan struct{}), done: make(chan struct{})}
	go c.run()
	return c
}

// do runs fn in a transaction (possibly shared with others) and returns once it committed.
// fn may run twice (alone again when another change of its batch failed): it must not keep
// state of its own between runs.
func (c *committer) do(ctx context.Context, fn func(tx *gorm.DB) error) error {
	r := commitReq{fn: fn, done: make(chan error, 1)}
	select {
	case c.queue <- r:
	case <-c.stop:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	return <-r.done
}

func (c *committer) run() {
	defer close(c.done)
	for {
		var first commitReq
		select {
		case first = <-c.queue:
		case <-c.stop:
			return
		}
		batch := []commitReq{first}
	drain:
		for len(batch) < maxCommitBatch {
			select {
			case r := <-c.queue:
				batch = append(batch, r)
			default:
				break drain
			}
		}
		err := c.db.Transaction(func(tx *gorm.DB) error {
			for _, r := range batch {
				if err := r.fn(tx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil && len(batch) > 1 {
			// One change failed and took the others down: each alone, so that only it fails.
			for _, r := range batch {
				r.done <- c.db.Transaction(r.fn)
			}
			continue
		}
		for _, r := range batch {
			r.done <- err
		}
	}
}

// close stops taking changes once the one in progress is committed.
func (c *committer) close() {
	c.once.Do(func() { close(c.stop) })
	<-c.done
}
