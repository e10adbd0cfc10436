package models

import (
	"crypto/rand"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"bbbportal/txstmt"
)

// Link roles.
const (
	LinkModerator = "moderator"
	LinkAttendee  = "attendee"
	LinkGuest     = "guest"
)

// MaxLinksPerRoom bounds the links of one room (and the list the room page shows).
const MaxLinksPerRoom = 100

// Link is a join link of a room. The database holds only the link's random PublicID:
// its token and short code are derived from it with a key kept outside the database, so
// a copy of the database alone reveals no working link.
type Link struct {
	ID       uint
	RoomID   uint
	Room     Room `gorm:"foreignKey:RoomID"`
	PublicID string
	// CodeLookup is a keyed hash of the short code (nil for links without one).
	CodeLookup *string
	Role       string
	Label      string
	FixedName  string
	// AccessCodeHash is a keyed hash of the access code ("" = none).
	AccessCodeHash string
	ExpiresAt      *time.Time
	MaxUses        int // 0 = unlimited
	Uses           int
	LastUsedAt     *time.Time
	RevokedAt      *time.Time
	RevokedByID    *uint
	CreatedByID    *uint
	// Default marks the attendee link every room gets when it is created.
	IsDefault bool
	CreatedAt time.Time
}

// LinkUse is one browser counted as a use of a link, so that a reconnect is not counted twice.
type LinkUse struct {
	LinkID  uint   `gorm:"primaryKey;autoIncrement:false"`
	Browser string `gorm:"primaryKey"`
	At      time.Time
}

// NewLinkPublicID returns a random public ID of 128 bits, base64url without padding.
func NewLinkPublicID() string {
	b := make([]byte, 16)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// Revoked reports whether the link was revoked.
func (l *Link) Revoked() bool { return l.RevokedAt != nil }

// Expired reports whether the link has expired at now.
func (l *Link) Expired(now time.Time) bool { return l.ExpiresAt != nil && !now.Before(*l.ExpiresAt) }

// UsedUp reports whether every use of a limited link is taken.
func (l *Link) UsedUp() bool { return l.MaxUses > 0 && l.Uses >= l.MaxUses }

// CreateLinkTx stores a new link inside tx.
func CreateLinkTx(tx *gorm.DB, l *Link) error {
	if l.PublicID == "" {
		l.PublicID = NewLinkPublicID()
	}
	if err := tx.Omit("Room").Create(l).Error; err != nil {
		return fmt.Errorf("models: create link: %w", err)
	}
	return nil
}

// LinksOfRoom lists a room's links as the room page shows them: the active ones first, the
// default first among those, then the newest (at most MaxLinksPerRoom). It reads what the
// page shows of them: who created or revoked a link, and when it was made, are left out.
func LinksOfRoom(db *gorm.DB, roomID uint) ([]Link, error) {
	// Plain SQL scanned by hand: the room page reads this on every view, and GORM's clause
	// building and reflective scanning cost more than SQLite answering it.
	links := make([]Link, 0, 4) // a room has a few
	err := txstmt.Each(db, func(rows *sql.Rows) error {
		links = append(links, Link{RoomID: roomID})
		return rows.Scan(links[len(links)-1].listedFields()...)
	}, "SELECT "+listedLinkCols+" FROM links WHERE room_id = ? ORDER BY revoked_at IS NULL DESC, is_default DESC, id DESC LIMIT ?",
		roomID, MaxLinksPerRoom)
	if err != nil {
		return nil, fmt.Errorf("models: links of room: %w", err)
	}
	return links, nil
}

const listedLinkCols = "id, public_id, code_lookup, role, label, fixed_name, access_code_hash, expires_at, " +
	"max_uses, uses, last_used_at, revoked_at, is_default"

// listedFields are a Link's fields in the order of listedLinkCols.
func (l *Link) listedFields() []any {
	return []any{&l.ID, &l.PublicID, &l.CodeLookup, &l.Role, &l.Label, &l.FixedName, &l.AccessCodeHash, &l.ExpiresAt,
		&l.MaxUses, &l.Uses, &l.LastUsedAt, &l.RevokedAt, &l.IsDefault}
}

// CountLinksOfRoom counts a room's links that are not revoked.
func CountLinksOfRoom(db *gorm.DB, roomID uint) (int64, error) {
	var n int64
	err := db.Model(&Link{}).Where("room_id = ? AND revoked_at IS NULL", roomID).Count(&n).Error
	return n, err
}

// DefaultLinkOfRoom returns the room's default attendee link.
func DefaultLinkOfRoom(db *gorm.DB, roomID uint) (*Link, error) {
	return firstLink(db.Where("room_id = ? AND is_default = ?", roomID, true))
}

// LinkOfRoom returns the link with id if it belongs to the room.
func LinkOfRoom(db *gorm.DB, roomID, id uint) (*Link, error) {
	return firstLink(db.Where("room_id = ? AND id = ?", roomID, id))
}

// LinkByPublicID returns the link with its room (template, owner) for the public join page.
func LinkByPublicID(db *gorm.DB, publicID string) (*Link, error) {
	return firstLink(db.Preload("Room").Preload("Room.Template").Preload("Room.Owner").Where("public_id = ?", publicID))
}

// LinkByCodeLookup returns the link whose short code hashes to lookup, with its room.
func LinkByCodeLookup(db *gorm.DB, lookup string) (*Link, error) {
	return firstLink(db.Preload("Room").Preload("Room.Template").Preload("Room.Owner").Where("code_lookup = ?", lookup))
}

func firstLink(q *gorm.DB) (*Link, error) {
	var l Link
	err := q.First(&l).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: link: %w", err)
	}
	return &l, nil
}

// LinksWithoutCode lists up to limit links that should have a short code and have none yet
// (links created by a migration, which has no key).
func LinksWithoutCode(db *gorm.DB, limit int) ([]Link, error) {
	var links []Link
	err := db.Where("code_lookup IS NULL AND role <> ?", LinkModerator).Order("id").Limit(limit).Find(&links).Error
	return links, err
}

// SetLinkCode stores the code lookup of a link (and its new public ID when the code had to change).
func SetLinkCode(db *gorm.DB, id uint, publicID, lookup string) error {
	return db.Model(&Link{}).Where("id = ?", id).Updates(map[string]any{"public_id": publicID, "code_lookup": lookup}).Error
}

// RevokeLinkTx revokes a link of the room at now; ErrNotFound if there is no such link
// or it was revoked already.
func RevokeLinkTx(tx *gorm.DB, roomID, id uint, by *uint, now time.Time) error {
	res := tx.Model(&Link{}).Where("id = ? AND room_id = ? AND revoked_at IS NULL", id, roomID).
		Updates(map[string]any{"revoked_at": now, "revoked_by_id": by})
	if res.Error != nil {
		return fmt.Errorf("models: revoke link: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// UseRequest asks to count browser as a use of link.
type UseRequest struct {
	LinkID  uint
	Browser string
}

// Results of UseLinksTx.
var (
	ErrLinkUnusable = errors.New("models: the link is revoked, expired or used up")
)

// returningBrowserTx is the result for a browser counted before: it may come back while the
// link is usable at all (not revoked, not expired; its use limit counts browsers).
func returningBrowserTx(tx *gorm.DB, linkID uint, now time.Time) (result, err error) {
	var n int64
	if err := tx.Model(&Link{}).Where("id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)", linkID, now).Count(&n).Error; err != nil {
		return nil, err
	}
	if n == 0 {
		return ErrLinkUnusable, nil
	}
	return nil, nil
}

// useLinkTx counts one use: its result is ErrLinkUnusable or nil, err a database failure.
func useLinkTx(tx *gorm.DB, r UseRequest, now time.Time) (result, err error) {
	// txstmt: these two run for every join of a class; gorm would parse them again each time.
	ins, err := txstmt.Exec(tx, "INSERT INTO link_uses (link_id, browser, at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", r.LinkID, r.Browser, now)
	if err != nil {
		return nil, err
	}
	if n, _ := ins.RowsAffected(); n == 0 {
		return returningBrowserTx(tx, r.LinkID, now)
	}
	upd, err := txstmt.Exec(tx, `UPDATE links SET uses = uses + 1, last_used_at = ?
		WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) AND (max_uses = 0 OR uses < max_uses)`,
		now, r.LinkID, now)
	if err != nil {
		return nil, err
	}
	if n, _ := upd.RowsAffected(); n == 0 {
		if err := tx.Exec("DELETE FROM link_uses WHERE link_id = ? AND browser = ?", r.LinkID, r.Browser).Error; err != nil {
			return nil, err
		}
		return ErrLinkUnusable, nil
	}
	return nil, nil
}

// DefaultLinksOfRooms returns the unrevoked default links of the rooms, in one query.
func DefaultLinksOfRooms(db *gorm.DB, roomIDs []uint) ([]Link, error) {
	if len(roomIDs) == 0 {
		return nil, nil
	}
	links := make([]Link, 0, len(roomIDs)) // at most one each; GORM would make room for 20 (a Link is large)
	err := db.Where("room_id IN ? AND is_default = ? AND revoked_at IS NULL", roomIDs, true).Find(&links).Error
	if err != nil {
		return nil, fmt.Errorf("models: default links: %w", err)
	}
	return links, nil
}
