package models

import (
	"database/sql"
	"encoding/json"
	"fmt"

	"gorm.io/gorm"

	"bbbportal/txstmt"
)

// AuditTargets says which objects named by a page of audit entries still exist, each kind
// read in one query of indexed lookups however many entries name it.
type AuditTargets struct {
	Rooms, Templates map[uint]bool
	UserEmails       map[uint]string // the e-mail address of each existing account
	Meetings         map[string]bool // meeting IDs that are a room's
}

// FindAuditTargets looks up the rooms, templates, accounts and meetings of rooms given by
// their ids.
func FindAuditTargets(db *gorm.DB, rooms, templates, users []uint, meetings []string) (AuditTargets, error) {
	t := AuditTargets{Rooms: map[uint]bool{}, Templates: map[uint]bool{}, UserEmails: map[uint]string{}, Meetings: map[string]bool{}}
	meetingList, _ := json.Marshal(meetings)
	var id uint
	var text string
	lookups := []struct {
		n     int
		query string
		ids   string
		each  func(*sql.Rows) error
	}{
		{len(rooms), "SELECT r.id FROM json_each(?) AS j CROSS JOIN rooms AS r ON r.id = j.value", txstmt.IDList(rooms),
			func(rows *sql.Rows) error { err := rows.Scan(&id); t.Rooms[id] = true; return err }},
		{len(templates), "SELECT t.id FROM json_each(?) AS j CROSS JOIN templates AS t ON t.id = j.value", txstmt.IDList(templates),
			func(rows *sql.Rows) error { err := rows.Scan(&id); t.Templates[id] = true; return err }},
		{len(users), "SELECT u.id, u.email FROM json_each(?) AS j CROSS JOIN users AS u ON u.id = j.value", txstmt.IDList(users),
			func(rows *sql.Rows) error { err := rows.Scan(&id, &text); t.UserEmails[id] = text; return err }},
		{len(meetings), "SELECT r.meeting_id FROM json_each(?) AS j CROSS JOIN rooms AS r ON r.meeting_id = j.value", string(meetingList),
			func(rows *sql.Rows) error { err := rows.Scan(&text); t.Meetings[text] = true; return err }},
	}
	for _, l := range lookups {
		if l.n == 0 {
			continue
		}
		if err := txstmt.Each(db, l.each, l.query, l.ids); err != nil {
			return AuditTargets{}, fmt.Errorf("models: audit targets: %w", err)
		}
	}
	return t, nil
}
