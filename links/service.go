// Package links manages a room's join links (moderator, attendee, guest: labelled, expiring,
// limited, revocable, with a short code and a QR code) and decides what a public join does:
// join now, start and join, wait, or say which problem stops it.
package links

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
	"bbbportal/paths"
	"gorm.io/gorm"
)

// BBB is what the links logic needs of a BBB server.
type BBB interface {
	GetMeetingInfo(ctx context.Context, meetingID string) (*bbb.Meeting, error)
	JoinURL(p bbb.JoinParams) (string, error)
}

// Starter starts a room's meeting once however many ask at the same time
// (meetings.Service). If it also has EnsureRunning, that is used instead of Start.
type Starter interface {
	Start(ctx context.Context, room *models.Room, user *models.User, who audit.Record) (string, error)
}

// ensurer is the start without a portal user that meetings.Service may offer.
type ensurer interface {
	EnsureRunning(ctx context.Context, room *models.Room, who audit.Record) (time.Time, error)
}

// Auditor stores audit records durably (audit.Writer: concurrent writes share one commit),
// or inside a transaction with the change they describe.
type Auditor interface {
	Write(ctx context.Context, r audit.Record) error
	WriteTx(tx *gorm.DB, r audit.Record) error
	WriteAllTx(tx *gorm.DB, records []audit.Record) error
}

// Config is how the service behaves.
type Config struct {
	BaseURL        string        // the portal's public URL, for links and the logout URL
	StatusInterval time.Duration // how often BBB is asked whether a room's meeting runs (default 1 s)
	CallTimeout    time.Duration // timeout of one BBB call (default 10 s)
	Location       *time.Location
	// AttendeesMayStart reports whether attendee (and guest) links start the room's meeting
	// instead of waiting for a moderator. Nil: they wait.
	AttendeesMayStart func(room *models.Room) bool
	// ShowOwner reports whether the public join page names the room's owner. Nil: it does not.
	ShowOwner func(room *models.Room) bool
	Limits    Limits // zero value: DefaultLimits
	// MaxLinks bounds a room's links that are not revoked (MAX_LINKS_PER_ROOM); 0 or more
	// than models.MaxLinksPerRoom, which the room page can list, means that bound.
	MaxLinks int
	Now      func() time.Time // the clock of expiry and use times (default time.Now)
}

// Service is the links logic. Its zero value is not usable: call New.
type Service struct {
	db      *gorm.DB
	sec     secrets
	bbb     BBB
	starter Starter
	audit   Auditor
	cfg     Config
	now     func() time.Time
	log     *slog.Logger
	status  *statusCache
	cache   *linkCache
	tokens  tokenCache // public ID → token
	opened  tokenCache // token → public ID, of tokens that were checked
	codes   tokenCache // public ID → short code, grouped (the room page shows each on every view)
	uses    *useBatcher
	logout  string // the logout URL of the joins: where short codes are typed
	Limits  Limits
}

// New returns the service; key comes from LoadOrCreateKey. It gives the links that a
// migration created their short codes. Call Close at shutdown.
func New(db *gorm.DB, key []byte, server BBB, starter Starter, auditor Auditor, cfg Config, log *slog.Logger) (*Service, error) {
	if len(key) < keyLen {
		return nil, errors.New("links: the key is too short")
	}
	if cfg.StatusInterval <= 0 {
		cfg.StatusInterval = time.Second
	}
	if cfg.CallTimeout <= 0 {
		cfg.CallTimeout = 10 * time.Second
	}
	if cfg.Location == nil {
		cfg.Location = time.Local
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Limits.Pages == nil {
		cfg.Limits = DefaultLimits()
	}
	s := &Service{db: db, sec: newSecrets(key), bbb: server, starter: starter, audit: auditor, cfg: cfg,
		now: cfg.Now, log: log, Limits: cfg.Limits, logout: cfg.BaseURL + paths.JoinCode}
	s.status = newStatusCache(server, cfg.StatusInterval, cfg.CallTimeout)
	s.cache = newLinkCache(linkCacheTTL)
	if err := s.fillCodes(); err != nil {
		return nil, err
	}
	s.uses = newUseBatcher(db, auditor, func() time.Time { return s.now() })
	return s, nil
}

// Close stops counting uses.
func (s *Service) Close() { s.uses.close() }

// fillCodes gives a short code to every link that should have one and has none.
func (s *Service) fillCodes() error {
	for {
		list, err := models.LinksWithoutCode(s.db, 200)
		if err != nil {
			return fmt.Errorf("links: codes: %w", err)
		}
		if len(list) == 0 {
			return nil
		}
		for _, l := range list {
			// A migrated link has never been shown, so a code clash may change its public ID.
			pid := l.PublicID
			for try := 0; ; try++ {
				err := models.SetLinkCode(s.db, l.ID, pid, s.sec.codeLookup(s.sec.code(pid)))
				if err == nil {
					break
				}
				if try == 5 {
					return fmt.Errorf("links: code of link %d: %w", l.ID, err)
				}
				pid = models.NewLinkPublicID()
			}
		}
	}
}

// URL is the link's public address.
func (s *Service) URL(l *models.Link) string { return s.cfg.BaseURL + paths.JoinLink(s.Token(l)) }

// CodeURL is the address where short codes are typed, as printed on invitations.
func (s *Service) CodeURL() string { return s.logout }

// Token is the link's URL token.
func (s *Service) Token(l *models.Link) string { return s.tokens.get(l.PublicID, s.sec.token) }

// Code is the link's short code grouped for reading ("123 456 789"), or "" for links
// without one (moderator links).
func (s *Service) Code(l *models.Link) string {
	if l.CodeLookup == nil {
		return ""
	}
	return s.codes.get(l.PublicID, s.groupedCode)
}

// groupedCode derives the short code of a public ID; like a token, it is a MAC of the ID under
// the key, so it never changes while the service runs.
func (s *Service) groupedCode(publicID string) string { return FormatCode(s.sec.code(publicID)) }

// Errors of the management calls.
var (
	ErrNotFound     = models.ErrNotFound
	ErrTooManyLinks = errors.New("links: the room has the maximum number of active links")
)

// CreateDefaultTx creates the room's attendee link inside the transaction that creates the
// room, so that every room has one from the start.
func (s *Service) CreateDefaultTx(tx *gorm.DB, room *models.Room, creator *models.User) (*models.Link, error) {
	l := &models.Link{RoomID: room.ID, Role: models.LinkAttendee, IsDefault: true, CreatedAt: s.now().UTC()}
	if creator != nil {
		l.CreatedByID = &creator.ID
	}
	if err := s.insertTx(tx, l, ""); err != nil {
		return nil, err
	}
	return l, nil
}

// insertTx stores a new link with a fresh public ID whose short code no other link has.
func (s *Service) insertTx(tx *gorm.DB, l *models.Link, accessCode string) error {
	var err error
	for try := 0; try < 5; try++ {
		l.ID = 0
		l.PublicID = models.NewLinkPublicID()
		l.CodeLookup = nil
		if l.Role != models.LinkModerator {
			lookup := s.sec.codeLookup(s.sec.code(l.PublicID))
			var n int64
			if err = tx.Model(&models.Link{}).Where("code_lookup = ?", lookup).Count(&n).Error; err != nil {
				return fmt.Errorf("links: create: %w", err)
			}
			if n > 0 {
				continue // the nine digits are taken: draw another public ID
			}
			l.CodeLookup = &lookup
		}
		l.AccessCodeHash = ""
		if accessCode != "" {
			l.AccessCodeHash = s.sec.accessCodeHash(l.PublicID, accessCode)
		}
		return models.CreateLinkTx(tx, l)
	}
	return fmt.Errorf("links: create: no free short code after retries: %w", err)
}

// Create adds a link to the room on behalf of creator; the link and its audit entry commit together.
func (s *Service) Create(ctx context.Context, room *models.Room, creator *models.User, spec Spec, who audit.Record) (*models.Link, error) {
	l := &models.Link{RoomID: room.ID, Role: spec.Role, Label: spec.Label, FixedName: spec.FixedName,
		ExpiresAt: spec.ExpiresAt, MaxUses: spec.MaxUses, CreatedAt: s.now().UTC()}
	if creator != nil {
		l.CreatedByID = &creator.ID
	}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		n, err := models.CountLinksOfRoom(tx, room.ID)
		if err != nil {
			return err
		}
		if n >= int64(s.maxLinks()) {
			return ErrTooManyLinks
		}
		if err := s.insertTx(tx, l, spec.AccessCode); err != nil {
			return err
		}
		return s.auditTx(tx, who, "link.create", room, l, map[string]any{
			"role": l.Role, "label": l.Label, "fixed_name": l.FixedName, "expires_at": l.ExpiresAt,
			"max_uses": l.MaxUses, "has_access_code": spec.AccessCode != ""})
	})
	if err != nil {
		return nil, err
	}
	return l, nil
}

// Revoke revokes a link of the room; ErrNotFound when it is not the room's or already revoked.
func (s *Service) Revoke(ctx context.Context, room *models.Room, linkID uint, by *models.User, who audit.Record) error {
	var byID *uint
	if by != nil {
		byID = &by.ID
	}
	var publicID string
	err := s.db.Transaction(func(tx *gorm.DB) error {
		l, err := models.LinkOfRoom(tx, room.ID, linkID)
		if err != nil {
			return err
		}
		if err := models.RevokeLinkTx(tx, room.ID, linkID, byID, s.now().UTC()); err != nil {
			return err
		}
		publicID = l.PublicID
		return s.auditTx(tx, who, "link.revoke", room, l, map[string]any{"role": l.Role, "label": l.Label, "uses": l.Uses})
	})
	if err == nil {
		s.cache.forget(publicID)
	}
	return err
}

func (s *Service) maxLinks() int {
	if s.cfg.MaxLinks > 0 && s.cfg.MaxLinks < models.MaxLinksPerRoom {
		return s.cfg.MaxLinks
	}
	return models.MaxLinksPerRoom
}

func (s *Service) auditTx(tx *gorm.DB, who audit.Record, action string, room *models.Room, l *models.Link, details map[string]any) error {
	details["room"] = room.Name
	details["link"] = l.ID
	who.Action, who.TargetType, who.TargetID, who.Result, who.Details = action, "room", strconv.FormatUint(uint64(room.ID), 10), audit.ResultOK, details
	return s.audit.WriteTx(tx, who)
}

// Links lists the room's links for its page.
func (s *Service) Links(room *models.Room) ([]LinkView, error) {
	list, err := models.LinksOfRoom(s.db, room.ID)
	if err != nil {
		return nil, err
	}
	now := s.now()
	out := make([]LinkView, len(list))
	for i := range list {
		out[i] = s.view(&list[i], now)
	}
	return out, nil
}

// Link returns one link of the room for its QR code and print page.
func (s *Service) Link(room *models.Room, linkID uint) (LinkView, error) {
	l, err := models.LinkOfRoom(s.db, room.ID, linkID)
	if err != nil {
		return LinkView{}, err
	}
	return s.view(l, s.now()), nil
}

// LinkView is a link as the room page shows it.
type LinkView struct {
	Link  models.Link
	URL   string // the public join URL (a credential: only for the room's managers)
	Code  string // "123 456 789", or "" for moderator links
	State string // StateUsable, StateRevoked, StateExpired, StateUsedUp
}

// States of a link.
const (
	StateUsable  = "usable"
	StateRevoked = "revoked"
	StateExpired = "expired"
	StateUsedUp  = "used_up"
)

func (s *Service) view(l *models.Link, now time.Time) LinkView {
	return LinkView{Link: *l, URL: s.URL(l), Code: s.Code(l), State: stateOf(l, now)}
}

func stateOf(l *models.Link, now time.Time) string {
	switch {
	case l.Revoked():
		return StateRevoked
	case l.Expired(now):
		return StateExpired
	case l.UsedUp():
		return StateUsedUp
	}
	return StateUsable
}
