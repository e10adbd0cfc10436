package models

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"bbbportal/createopts"
	"gorm.io/gorm"
)

// ErrTemplateInUse is returned when deleting a template that rooms still use.
var ErrTemplateInUse = errors.New("template in use by rooms")

// ErrNameTaken is returned when a template or room name is already used in the same scope.
var ErrNameTaken = errors.New("name already in use")

// Template is a named set of create options with a policy for each.
// OwnerID nil makes it global (made by an admin, usable by everyone).
type Template struct {
	ID          uint
	Name        string
	Description string
	OwnerID     *uint
	Settings    createopts.Settings `gorm:"serializer:json"`
	// MaxDurationMinutes is the portal's own limit: it ends meetings after it (0 = none).
	MaxDurationMinutes int
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

// IsGlobal reports whether every user may use the template.
func (t *Template) IsGlobal() bool { return t.OwnerID == nil }

// EditableBy reports whether u may change or delete the template.
func (t *Template) EditableBy(u *User) bool {
	if t.IsGlobal() {
		return u.IsAdmin()
	}
	return *t.OwnerID == u.ID
}

// UsableBy reports whether u may see the template and create rooms from it.
func (t *Template) UsableBy(u *User) bool { return t.IsGlobal() || *t.OwnerID == u.ID || u.IsAdmin() }

// TemplatesFor lists the templates u may use: global ones first, then u's own (all for admins).
func TemplatesFor(db *gorm.DB, u *User) ([]Template, error) {
	var list []Template
	q := db.Order("owner_id IS NOT NULL, name")
	if !u.IsAdmin() {
		q = q.Where("owner_id IS NULL OR owner_id = ?", u.ID)
	}
	if err := q.Find(&list).Error; err != nil {
		return nil, fmt.Errorf("models: list templates: %w", err)
	}
	return list, nil
}

// TemplateFor returns the template with id if u may use it, else ErrNotFound.
func TemplateFor(db *gorm.DB, id uint, u *User) (*Template, error) {
	var t Template
	if err := db.First(&t, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("models: template %d: %w", id, err)
	}
	if !t.UsableBy(u) {
		return nil, ErrNotFound
	}
	return &t, nil
}

// SaveTemplate creates or updates t, refusing a name already used in the same scope.
func SaveTemplate(db *gorm.DB, t *Template) error {
	t.Name = strings.TrimSpace(t.Name)
	if t.Settings == nil {
		t.Settings = createopts.Settings{}
	}
	var clash int64
	q := db.Model(&Template{}).Where("lower(name) = lower(?) AND id <> ?", t.Name, t.ID)
	if t.OwnerID == nil {
		q = q.Where("owner_id IS NULL")
	} else {
		q = q.Where("owner_id = ?", *t.OwnerID)
	}
	if err := q.Count(&clash).Error; err != nil {
		return fmt.Errorf("models: save template: %w", err)
	}
	if clash > 0 {
		return ErrNameTaken
	}
	if err := db.Save(t).Error; err != nil {
		return fmt.Errorf("models: save template: %w", err)
	}
	return nil
}

// DeleteTemplate deletes a template. When rooms use it, it refuses with ErrTemplateInUse
// unless moveTo names another template, which the rooms are moved to first.
func DeleteTemplate(db *gorm.DB, id uint, moveTo *uint) error {
	return db.Transaction(func(tx *gorm.DB) error {
		var users int64
		if err := tx.Model(&Room{}).Where("template_id = ?", id).Count(&users).Error; err != nil {
			return fmt.Errorf("models: delete template: %w", err)
		}
		if users > 0 {
			if moveTo == nil || *moveTo == id {
				return ErrTemplateInUse
			}
			if err := tx.Model(&Room{}).Where("template_id = ?", id).Update("template_id", *moveTo).Error; err != nil {
				return fmt.Errorf("models: move rooms: %w", err)
			}
		}
		if err := tx.Delete(&Template{}, id).Error; err != nil {
			return fmt.Errorf("models: delete template: %w", err)
		}
		return nil
	})
}

// CountRoomsUsing returns how many rooms use the template.
func CountRoomsUsing(db *gorm.DB, templateID uint) (int64, error) {
	var n int64
	err := db.Model(&Room{}).Where("template_id = ?", templateID).Count(&n).Error
	return n, err
}

// RoomCountsByTemplate returns how many rooms use each template, in one query (for lists).
func RoomCountsByTemplate(db *gorm.DB) (map[uint]int64, error) {
	var rows []struct {
		TemplateID uint
		N          int64
	}
	if err := db.Model(&Room{}).Select("template_id, count(*) AS n").Group("template_id").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: rooms per template: %w", err)
	}
	counts := make(map[uint]int64, len(rows))
	for _, r := range rows {
		counts[r.TemplateID] = r.N
	}
	return counts, nil
}

// SeedTemplates creates the starter templates when there are no templates at all.
func SeedTemplates(db *gorm.DB) error {
	var n int64
	if err := db.Model(&Template{}).Count(&n).Error; err != nil || n > 0 {
		return err
	}
	for _, s := range createopts.Seeds {
		t := Template{Name: s.Name, Description: s.Description, Settings: s.Settings}
		if err := db.Create(&t).Error; err != nil {
			return fmt.Errorf("models: seed template %q: %w", s.Name, err)
		}
	}
	return nil
}

// TemplateListItem is a template as the list shows it, with its owner's name.
type TemplateListItem struct {
	ID          uint
	Name        string
	Description string
	OwnerID     *uint
	OwnerName   string
}

// IsGlobal reports whether every user may use the template.
func (t *TemplateListItem) IsGlobal() bool { return t.OwnerID == nil }

// TemplateQuery is one page of the template list: templates whose name starts with Search.
type TemplateQuery struct {
	Search string
	Keyset
}

// TemplatesPage is one page of the templates u may use: global ones first, then personal ones
// (u's own; everyone's for admins), each by name.
func TemplatesPage(db *gorm.DB, u *User, q TemplateQuery) ([]TemplateListItem, Pager, error) {
	const from = "templates AS t LEFT JOIN users AS o ON o.id = t.owner_id"
	branches := []listBranch{{from: from, where: "t.owner_id IS NULL"}, {from: from, where: "t.owner_id = ?", args: []any{u.ID}}}
	if u.IsAdmin() {
		branches = []listBranch{{from: from, where: "(t.owner_id IS NOT NULL) >= 0"}} // bounded, see RoomsPage
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		lo, hi := prefixBounds(s)
		for i := range branches {
			branches[i].where += " AND lower(t.name) >= lower(?) AND lower(t.name) < lower(?)"
			branches[i].args = append(branches[i].args, lo, hi)
		}
	}
	l := keysetList{
		cols:     "t.id AS id, t.name AS name, t.description AS description, t.owner_id AS owner_id, o.display_name AS owner_name",
		key:      []string{"(t.owner_id IS NOT NULL)", "lower(t.name)", "t.id"},
		branches: branches,
		cursor:   "SELECT (t.owner_id IS NOT NULL), lower(t.name), t.id FROM templates AS t WHERE t.id = ?",
	}
	return keysetPage(db, l, q.Keyset, keysetRows[TemplateListItem]{id: func(t *TemplateListItem) uint { return t.ID }})
}

// RoomCountsUpTo returns how many rooms use each of the templates ids, counting no further
// than limit: a page of templates costs the same however many rooms a template has.
func RoomCountsUpTo(db *gorm.DB, ids []uint, limit int) (map[uint]int64, error) {
	counts := make(map[uint]int64, len(ids))
	if len(ids) == 0 {
		return counts, nil
	}
	var sql strings.Builder
	args := make([]any, 0, 3*len(ids))
	for i, id := range ids {
		if i > 0 {
			sql.WriteString(" UNION ALL ")
		}
		sql.WriteString("SELECT ? AS template_id, (SELECT count(*) FROM (SELECT 1 FROM rooms WHERE template_id = ? LIMIT ?)) AS n")
		args = append(args, id, id, limit)
	}
	rows, err := db.Raw(sql.String(), args...).Rows()
	if err != nil {
		return nil, fmt.Errorf("models: rooms per template: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id uint
		var n int64
		if err := rows.Scan(&id, &n); err != nil {
			return nil, fmt.Errorf("models: rooms per template: %w", err)
		}
		counts[id] = n
	}
	return counts, rows.Err()
}

// RoomCountsOf returns how many rooms use each of the templates ids (one indexed count each).
func RoomCountsOf(db *gorm.DB, ids []uint) (map[uint]int64, error) {
	counts := make(map[uint]int64, len(ids))
	if len(ids) == 0 {
		return counts, nil
	}
	var rows []struct {
		TemplateID uint
		N          int64
	}
	if err := db.Raw("SELECT template_id, count(*) AS n FROM rooms WHERE template_id IN ? GROUP BY template_id", ids).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("models: rooms per template: %w", err)
	}
	for _, r := range rows {
		counts[r.TemplateID] = r.N
	}
	return counts, nil
}
