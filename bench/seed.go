package bench

import (
	"fmt"
	"strings"
	"time"

	"golang.org/x/crypto/bcrypt"
	"gorm.io/gorm"

	"bbbportal/models"
)

// Size is how big a school the seeded data folder is.
type Size struct {
	Rooms, Users, Audit int
}

// SeedPassword is the password of every seeded account.
const SeedPassword = "bench password 1"

// Seeded names the accounts a benchmark signs in with.
type Seeded struct {
	AdminEmail, TeacherEmail string
	// TeacherRoomID is a room the teacher owns.
	TeacherRoomID uint
}

// Seed fills db with a school of the given size: users (an admin and a teacher among them),
// rooms (half of them the teacher's, the rest spread over the other users) on one global
// template, and audit rows. It writes in multi-row batches, one transaction per table.
func Seed(db *gorm.DB, size Size) (Seeded, error) {
	hash, err := bcrypt.GenerateFromPassword([]byte(SeedPassword), bcrypt.MinCost)
	if err != nil {
		return Seeded{}, err
	}
	s := Seeded{AdminEmail: "bench-admin@school.test", TeacherEmail: "bench-teacher@school.test"}
	now := time.Now().UTC()
	users := max(size.Users, 2)
	err = insertRows(db, "users", []string{"email", "display_name", "role", "password_hash", "disabled", "language", "auth_epoch", "created_at", "updated_at"}, users,
		func(i int) []any {
			email, role := fmt.Sprintf("user%06d@school.test", i), models.RoleTeacher
			switch i {
			case 0:
				email, role = s.AdminEmail, models.RoleAdmin
			case 1:
				email = s.TeacherEmail
			}
			return []any{email, fmt.Sprintf("User %06d", i), role, string(hash), false, "", 1, now, now}
		})
	if err != nil {
		return s, err
	}
	var ids []uint
	if err := db.Raw("SELECT id FROM users ORDER BY id").Scan(&ids).Error; err != nil {
		return s, err
	}
	tpl := &models.Template{Name: "Bench template"}
	if err := models.SaveTemplate(db, tpl); err != nil {
		return s, err
	}
	err = insertRows(db, "rooms", []string{"name", "owner_id", "template_id", "overrides", "meeting_id", "max_duration_minutes", "created_at", "updated_at"}, size.Rooms,
		func(i int) []any {
			owner := ids[1]
			if i%2 == 1 {
				owner = ids[i%len(ids)]
			}
			return []any{fmt.Sprintf("Room %06d", i), owner, tpl.ID, "{}", models.NewMeetingID(), 0, now, now}
		})
	if err != nil {
		return s, err
	}
	// Every room has its default attendee link, as rooms created in the portal do.
	if err := db.Exec("INSERT INTO links (room_id, public_id, role, is_default, created_at) "+
		"SELECT id, lower(hex(randomblob(16))), ?, true, ? FROM rooms", models.LinkAttendee, now).Error; err != nil {
		return s, fmt.Errorf("bench: seed links: %w", err)
	}
	db.Raw("SELECT id FROM rooms WHERE owner_id = ? ORDER BY id LIMIT 1", ids[1]).Scan(&s.TeacherRoomID)
	actions := []string{"room.create", "room.update", "meeting.start", "meeting.end", "auth.login", "template.update"}
	err = insertRows(db, "audit_entries", []string{"at", "actor_id", "actor_email", "action", "target_type", "target_id", "details", "result", "client_ip", "request_id"}, size.Audit,
		func(i int) []any {
			actor := ids[i%len(ids)]
			return []any{now.Add(-time.Duration(size.Audit-i) * time.Second), actor, fmt.Sprintf("user%06d@school.test", i%len(ids)),
				actions[i%len(actions)], "room", fmt.Sprint(i % max(size.Rooms, 1)), `{"n":` + fmt.Sprint(i) + `}`, "ok", "192.0.2.1", ""}
		})
	return s, err
}

// insertRows inserts n rows of cols into table in one transaction, in batches.
func insertRows(db *gorm.DB, table string, cols []string, n int, row func(i int) []any) error {
	const batch = 500
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", len(cols)), ",") + ")"
	return db.Transaction(func(tx *gorm.DB) error {
		for start := 0; start < n; start += batch {
			end := min(n, start+batch)
			args := make([]any, 0, (end-start)*len(cols))
			for i := start; i < end; i++ {
				args = append(args, row(i)...)
			}
			sql := "INSERT INTO " + table + " (" + strings.Join(cols, ",") + ") VALUES " +
				strings.TrimSuffix(strings.Repeat(one+",", end-start), ",")
			if err := tx.Exec(sql, args...).Error; err != nil {
				return fmt.Errorf("bench: seed %s: %w", table, err)
			}
		}
		return nil
	})
}
