package portal

import (
	"fmt"
	"time"

	"bbbportal/links"
	"bbbportal/models"
)

// openLinks builds the join links service with the key kept in DATA_DIR (outside the
// database). Called by Open once the meetings service exists.
func (p *Portal) openLinks() error {
	key, err := links.LoadOrCreateKey(p.Config.DataDir)
	if err != nil {
		return fmt.Errorf("cannot read the join links key: %w", err)
	}
	cfg := links.Config{BaseURL: p.Config.BaseURL.String(), Location: time.Local, MaxLinks: p.Config.Quotas.LinksPerRoom,
		AttendeesMayStart: func(r *models.Room) bool { return r.AttendeesMayStart }}
	if p.opts.sim != nil && p.opts.sim.Clock != nil {
		cfg.Now = p.opts.sim.Clock.Now
	}
	p.Links, err = links.New(p.DB, key, p.BBB, p.Meetings, p.Audit, cfg, p.Log)
	if err != nil {
		return fmt.Errorf("cannot open the join links: %w", err)
	}
	p.Rooms.SetLinks(p.Links)
	return nil
}
