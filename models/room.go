package models

import (
	"cmp"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"bbbportal/createopts"
	"bbbportal/txstmt"
	"gorm.io/gorm"
)

// Room is a teacher's virtual classroom: a template, the room's own overrides,
// and a meetingID that never changes.
type Room struct {
	ID         uint
	Name       string
	OwnerID    uint
	Owner      User `gorm:"foreignKey:OwnerID"`
	TemplateID uint
	Template   Template          `gorm:"foreignKey:TemplateID"`
	Overrides  createopts.Values `gorm:"serializer:json"`
	// MeetingID is random (128 bits) and stable: recordIDs derive from it and
	// playback links are public, so it must not be guessable.
	MeetingID string
	CoOwners  []User `gorm:"many2many:room_co_owners"`
	// MaxDurationMinutes overrides the template's limit when > 0.
	MaxDurationMinutes int
	// AttendeesMayStart lets attendee links start the meeting; otherwise they wait for a
	// moderator. The portal's rule: it is never sent to BBB.
	AttendeesMayStart bool
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

// NewMeetingID returns a random meeting ID with 160 bits of entropy.
func NewMeetingID() string {
	b := make([]byte, 20)
	rand.Read(b)
	return strings.ToLower(base32.StdEncoding.WithPadding(base32.NoPadding).EncodeToString(b))
}

// Effective returns the create parameters the room's meeting is started with.
func (r *Room) Effective() createopts.Values {
	return createopts.Effective(r.Template.Settings, r.Overrides)
}

// MaxDuration returns the portal's own time limit for the room's meetings (0 = none).
func (r *Room) MaxDuration() time.Duration {
	m := r.MaxDurationMinutes
	if m <= 0 {
		m = r.Template.MaxDurationMinutes
	}
	return time.Duration(m) * time.Minute
}

// ManagedBy reports whether u owns, co-owns or administers the room.
func (r *Room) ManagedBy(u *User) bool {
	if u.IsAdmin() || r.OwnerID == u.ID {
		return true
	}
	for _, c := range r.CoOwners {
		if c.ID == u.ID {
			return true
		}
	}
	return false
}

func roomsQuery(db *gorm.DB) *gorm.DB {
	return db.Preload("Owner").Preload("Template").Preload("CoOwners")
}

// visibleTo restricts a room query to what u may manage (everything for admins).
func visibleTo(q *gorm.DB, u *User) *gorm.DB {
	if u.IsAdmin() {
		return q
	}
	return ownedOrCoOwned(q, u)
}

func ownedOrCoOwned(q *gorm.DB, u *User) *gorm.DB {
	return q.Where("rooms.owner_id = ? OR rooms.id IN (SELECT room_id FROM room_co_owners WHERE user_id = ?)", u.ID, u.ID)
}

// OwnRooms lists the rooms u owns or co-owns, whatever u's role (the dashboard's rooms).
func OwnRooms(db *gorm.DB, u *User) ([]Room, error) {
	var rooms []Room
	if err := ownedOrCoOwned(roomsQuery(db), u).Order("rooms.name").Find(&rooms).Error; err != nil {
		return nil, fmt.Errorf("models: own rooms: %w", err)
	}
	return rooms, nil
}

// RoomsFor lists the rooms u manages, filtered by a case-insensitive name search.
func RoomsFor(db *gorm.DB, u *User, search string) ([]Room, error) {
	var rooms []Room
	q := visibleTo(roomsQuery(db), u).Order("rooms.name")
	if s := strings.TrimSpace(search); s != "" {
		q = q.Where("lower(rooms.name) LIKE ?", "%"+strings.ToLower(s)+"%")
	}
	if err := q.Find(&rooms).Error; err != nil {
		return nil, fmt.Errorf("models: list rooms: %w", err)
	}
	return rooms, nil
}

// RoomFor returns the room with id if u manages it; otherwise ErrNotFound, so
// that a foreign room cannot be told apart from a missing one.
func RoomFor(db *gorm.DB, id uint, u *User) (*Room, error) {
	// Plain SQL scanned by hand: every action on a room reads it, and GORM's joined query
	// building and reflective scanning cost more than the two queries themselves.
	q, args := managedBy("SELECT "+roomForCols+" FROM rooms AS r JOIN users AS o ON o.id = r.owner_id"+
		" JOIN templates AS t ON t.id = r.template_id WHERE r.id = ?", id, u)
	r, err := scanRoomFor(db, q, args)
	if err == nil && r == nil {
		return nil, ErrNotFound
	}
	if err == nil {
		r.CoOwners, err = coOwnersOf(db, r.ID)
	}
	if err != nil {
		return nil, fmt.Errorf("models: room %d: %w", id, err)
	}
	return r, nil
}

// managedBy narrows query, which selects the room r with id, to a room u manages (every
// room for admins), and returns it with its arguments.
func managedBy(query string, id uint, u *User) (string, []any) {
	if u.IsAdmin() {
		return query, []any{id}
	}
	return query + " AND (r.owner_id = ? OR EXISTS (SELECT 1 FROM room_co_owners WHERE room_id = r.id AND user_id = ?))",
		[]any{id, u.ID, u.ID}
}

var roomForCols = "r.id, r.name, r.owner_id, r.template_id, r.overrides, r.meeting_id, r.max_duration_minutes, " +
	"r.attendees_may_start, r.created_at, r.updated_at, " + userCols("o") + ", " +
	"t.id, t.name, t.description, t.owner_id, t.settings, t.max_duration_minutes, t.created_at, t.updated_at"

func userCols(a string) string {
	return a + ".id, " + a + ".email, " + a + ".display_name, " + a + ".role, " + a + ".password_hash, " +
		a + ".disabled, " + a + ".language, " + a + ".auth_epoch, " + a + ".created_at, " + a + ".updated_at"
}

func userDest(u *User) []any {
	return []any{&u.ID, &u.Email, &u.DisplayName, &u.Role, &u.PasswordHash, &u.Disabled, &u.Language, &u.AuthEpoch,
		&u.CreatedAt, &u.UpdatedAt}
}

// scanRoomFor reads the one row of a roomForCols query; nil when there is none.
func scanRoomFor(db *gorm.DB, q string, args []any) (*Room, error) {
	var r Room
	var c roomJSONColumns
	dest := []any{&r.ID, &r.Name, &r.OwnerID, &r.TemplateID, &c.overrides, &r.MeetingID, &r.MaxDurationMinutes,
		&r.AttendeesMayStart, &r.CreatedAt, &r.UpdatedAt}
	dest = append(dest, userDest(&r.Owner)...)
	t := &r.Template
	dest = append(dest, &t.ID, &t.Name, &t.Description, &c.templateOwner, &c.settings, &t.MaxDurationMinutes, &t.CreatedAt, &t.UpdatedAt)
	return scanRoom(db, q, args, &r, &c, dest)
}

// roomJSONColumns are the columns of a room query that are decoded after the scan.
type roomJSONColumns struct {
	overrides, settings, coOwners []byte
	templateOwner                 sql.NullInt64
}

// scanRoom scans the one row of q into dest, which point into r and c, and decodes c into r;
// nil when there is no row.
func scanRoom(db *gorm.DB, q string, args []any, r *Room, c *roomJSONColumns, dest []any) (*Room, error) {
	rows, err := txstmt.Query(db, q, args...)
	if err == nil {
		err = scanOne(rows, dest...)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if c.templateOwner.Valid {
		o := uint(c.templateOwner.Int64)
		r.Template.OwnerID = &o
	}
	if err := unmarshalJSONColumn(c.overrides, &r.Overrides); err != nil {
		return nil, err
	}
	if err := unmarshalJSONColumn(c.settings, &r.Template.Settings); err != nil {
		return nil, err
	}
	if len(c.coOwners) > 0 && string(c.coOwners) != "[]" {
		if err := unmarshalJSONColumn(c.coOwners, &r.CoOwners); err != nil {
			return nil, err
		}
		slices.SortFunc(r.CoOwners, func(a, b User) int { return cmp.Compare(a.ID, b.ID) })
	}
	return r, nil
}

// unmarshalJSONColumn decodes what GORM's json serializer wrote (nothing for an empty column).
func unmarshalJSONColumn(b []byte, v any) error {
	if len(b) == 0 {
		return nil
	}
	return json.Unmarshal(b, v)
}

func coOwnersOf(db *gorm.DB, roomID uint) ([]User, error) {
	var out []User
	err := txstmt.Each(db, func(rows *sql.Rows) error {
		var u User
		err := rows.Scan(userDest(&u)...)
		out = append(out, u)
		return err
	}, "SELECT "+userCols("u")+" FROM users AS u JOIN room_co_owners AS c ON c.user_id = u.id WHERE c.room_id = ? ORDER BY u.id", roomID)
	return out, err
}

// RoomShownFor is RoomFor with only what the room page shows, in one query: the room
// without its timestamps, its owner's and co-owners' ID and display name, and its template's
// ID, name, owner, settings and time limit. What is left out stays zero, so the room it
// returns must not be saved.
func RoomShownFor(db *gorm.DB, id uint, u *User) (*Room, error) {
	q, args := managedBy(roomShownQuery, id, u)
	r, err := scanRoomShown(db, q, args)
	if err == nil && r == nil {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: room %d: %w", id, err)
	}
	return r, nil
}

// roomShownQuery reads the co-owners as a JSON array of {ID, DisplayName}; scanRoom puts
// them in the order of their IDs, as coOwnersOf reads them (an aggregate's ORDER BY would
// sort in a temporary b-tree on every view).
const roomShownQuery = "SELECT r.id, r.name, r.owner_id, r.template_id, r.overrides, r.meeting_id, r.max_duration_minutes, " +
	"r.attendees_may_start, o.display_name, t.name, t.owner_id, t.settings, t.max_duration_minutes, " +
	"(SELECT json_group_array(json_object('ID', u.id, 'DisplayName', u.display_name))" +
	" FROM room_co_owners AS rc JOIN users AS u ON u.id = rc.user_id WHERE rc.room_id = r.id) " +
	"FROM rooms AS r JOIN users AS o ON o.id = r.owner_id JOIN templates AS t ON t.id = r.template_id WHERE r.id = ?"

func scanRoomShown(db *gorm.DB, q string, args []any) (*Room, error) {
	var r Room
	var c roomJSONColumns
	t := &r.Template
	dest := []any{&r.ID, &r.Name, &r.OwnerID, &r.TemplateID, &c.overrides, &r.MeetingID, &r.MaxDurationMinutes,
		&r.AttendeesMayStart, &r.Owner.DisplayName, &t.Name, &c.templateOwner, &c.settings, &t.MaxDurationMinutes, &c.coOwners}
	got, err := scanRoom(db, q, args, &r, &c, dest)
	if got != nil {
		r.Owner.ID, t.ID = r.OwnerID, r.TemplateID
	}
	return got, err
}

// RoomByMeetingID returns the room whose meeting has that ID.
func RoomByMeetingID(db *gorm.DB, meetingID string) (*Room, error) {
	var r Room
	err := roomsQuery(db).Where("meeting_id = ?", meetingID).First(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("models: room for meeting: %w", err)
	}
	return &r, nil
}

// RoomsByMeetingIDs maps meeting IDs to the rooms that have them (for the live view). The
// rooms carry their owner's name and e-mail, nothing else joined.
func RoomsByMeetingIDs(db *gorm.DB, ids []string) (map[string]Room, error) {
	out := make(map[string]Room, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows := make([]struct {
		RoomListItem
		OwnerEmail string
	}, 0, len(ids))
	err := db.Raw("SELECT "+roomListCols+", o.email AS owner_email FROM rooms AS r"+roomListJoins+" WHERE r.meeting_id IN ?", ids).
		Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("models: rooms by meeting: %w", err)
	}
	for _, r := range rows {
		out[r.MeetingID] = Room{ID: r.ID, Name: r.Name, MeetingID: r.MeetingID, OwnerID: r.OwnerID, TemplateID: r.TemplateID,
			Owner: User{ID: r.OwnerID, DisplayName: r.OwnerName, Email: r.OwnerEmail}, Template: Template{ID: r.TemplateID, Name: r.TemplateName}}
	}
	return out, nil
}

// SaveRoom creates or updates a room with its co-owners. A new room gets its meetingID here.
func SaveRoom(db *gorm.DB, r *Room) error {
	r.Name = strings.TrimSpace(r.Name)
	if r.MeetingID == "" {
		r.MeetingID = NewMeetingID()
	}
	if r.Overrides == nil {
		r.Overrides = createopts.Values{}
	}
	return db.Transaction(func(tx *gorm.DB) error {
		coOwners := r.CoOwners
		if err := tx.Omit("Owner", "Template", "CoOwners").Save(r).Error; err != nil {
			return fmt.Errorf("models: save room: %w", err)
		}
		if err := tx.Model(r).Association("CoOwners").Replace(coOwners); err != nil {
			return fmt.Errorf("models: save co-owners: %w", err)
		}
		return nil
	})
}

// DeleteRoom deletes a room and its co-owner links.
func DeleteRoom(db *gorm.DB, r *Room) error {
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(r).Association("CoOwners").Clear(); err != nil {
			return fmt.Errorf("models: delete room: %w", err)
		}
		if err := tx.Delete(&Room{}, r.ID).Error; err != nil {
			return fmt.Errorf("models: delete room: %w", err)
		}
		return nil
	})
}

// RoomListItem is a room as the lists show it: no options, no co-owners, the names of its
// owner and template joined in the same query.
type RoomListItem struct {
	ID           uint
	Name         string
	MeetingID    string
	OwnerID      uint
	OwnerName    string
	TemplateID   uint
	TemplateName string
}

// RoomQuery is one page of a room list: rooms whose name starts with Search (any case).
type RoomQuery struct {
	Search string
	Keyset
}

const roomListCols = "r.id AS id, r.name AS name, r.meeting_id AS meeting_id, r.owner_id AS owner_id, " +
	"COALESCE(o.display_name, '') AS owner_name, r.template_id AS template_id, COALESCE(t.name, '') AS template_name"

// fields are a RoomListItem's fields in the order of roomListCols.
func (r *RoomListItem) fields() []any {
	return []any{&r.ID, &r.Name, &r.MeetingID, &r.OwnerID, &r.OwnerName, &r.TemplateID, &r.TemplateName}
}

var roomRows = keysetRows[RoomListItem]{id: func(r *RoomListItem) uint { return r.ID }, fields: (*RoomListItem).fields}

const roomListJoins = " LEFT JOIN users AS o ON o.id = r.owner_id LEFT JOIN templates AS t ON t.id = r.template_id"

func roomList(q RoomQuery, branches ...listBranch) keysetList {
	l := keysetList{cols: roomListCols, key: []string{"lower(r.name)", "r.id"}, branches: branches,
		cursor: "SELECT lower(r.name), r.id FROM rooms AS r WHERE r.id = ?"}
	if s := strings.TrimSpace(q.Search); s != "" {
		lo, hi := prefixBounds(s)
		l.min, l.minArgs = "lower(?)", []any{lo}
		for i := range branches {
			branches[i].where += " AND lower(r.name) < lower(?)"
			branches[i].args = append(slices.Clip(branches[i].args), hi)
		}
	}
	return l
}

// ownedBranches are the rooms u owns and those u co-owns, joined to joins.
func ownedBranches(u *User, joins string) []listBranch {
	return []listBranch{
		{from: "rooms AS r" + joins, where: "r.owner_id = ?", args: []any{u.ID}, inKeyOrder: true}, // idx_rooms_owner_name
		{from: "room_co_owners AS c JOIN rooms AS r ON r.id = c.room_id" + joins,
			where: "c.user_id = ? AND r.owner_id <> ?", args: []any{u.ID, u.ID}},
	}
}

// OwnRoomsPage is one page of the rooms u owns or co-owns, whatever u's role (the dashboard),
// by name.
func OwnRoomsPage(db *gorm.DB, u *User, q RoomQuery) ([]RoomListItem, Pager, error) {
	return keysetPage(db, roomList(q, ownedBranches(u, roomListJoins)...), q.Keyset, roomRows)
}

// RoomsPage is one page of the rooms u manages (every room for admins), by name.
func RoomsPage(db *gorm.DB, u *User, q RoomQuery) ([]RoomListItem, Pager, error) {
	branches := ownedBranches(u, roomListJoins)
	if u.IsAdmin() {
		// A lower bound on the order's index makes the first page a bounded SEARCH like the others.
		branches = []listBranch{{from: "rooms AS r" + roomListJoins, where: "lower(r.name) >= ''"}}
	}
	return keysetPage(db, roomList(q, branches...), q.Keyset, roomRows)
}

// CoOwnerCandidates returns, of ids, the enabled accounts other than owner: the people a room
// of owner may be shared with (one indexed lookup per id, however many accounts exist).
func CoOwnerCandidates(db *gorm.DB, owner uint, ids []uint) ([]User, error) {
	var users []User
	if len(ids) == 0 {
		return users, nil
	}
	err := db.Where("id IN ? AND disabled = ? AND id <> ?", ids, false, owner).Order("lower(display_name), id").Find(&users).Error
	if err != nil {
		return nil, fmt.Errorf("models: co-owner candidates: %w", err)
	}
	return users, nil
}
