package portal

import (
	"fmt"
	"time"

	"bbbportal/links"
)

// openLinks builds the join links service with the key kept in DATA_DIR (outside the
// database). Called by Open once the meetings service exists.
func (p *Portal) openLinks() error {
	key, err := links.LoadOrCreateKey(p.Config.DataDir)
	if err != nil {
		return fmt.Errorf("cannot read the join links key: %w", err)
	}
	p.Links, err = links.New(p.DB, key, p.BBB, p.Meetings, p.Audit,
		links.Config{BaseURL: p.Config.BaseURL.String(), Location: time.Local, MaxLinks: p.Config.Quotas.LinksPerRoom}, p.Log)
	if err != nil {
		return fmt.Errorf("cannot open the join links: %w", err)
	}
	if p.opts.sim != nil && p.opts.sim.Clock != nil {
		p.Links.SetClock(p.opts.sim.Clock.Now)
	}
	p.Rooms.SetLinks(p.Links)
	return nil
}
