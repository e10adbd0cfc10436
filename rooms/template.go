package rooms

import (
	"errors"
	"fmt"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/createopts"
	"bbbportal/models"
)

// ErrBadMoveTarget is returned when the rooms of a deleted template cannot go where asked.
var ErrBadMoveTarget = errors.New("rooms: rooms cannot be moved to that template")

// TemplateChange is a template form that passed its own checks.
type TemplateChange struct {
	Name               string
	Description        string
	Global             bool // honoured for admins only
	MaxDurationMinutes int
	Options            createopts.Values
	Policies           map[string]createopts.Policy
}

// templateQuota refuses a new personal template past its owner's limit.
func (s *Service) templateQuota(tx *gorm.DB, tpl *models.Template) error {
	if tpl.OwnerID == nil {
		return nil
	}
	return checkQuota(tx, "templates", s.rules.TemplatesPerUser, &models.Template{}, "owner_id = ?", *tpl.OwnerID)
}

// CheckTemplate turns the submitted options and policies into a template's settings.
func CheckTemplate(ch TemplateChange) (createopts.Settings, createopts.Errors) {
	return createopts.TemplateSettings(ch.Options, ch.Policies)
}

// Template loads template id if u may see it (ErrNotFound otherwise).
func (s *Service) Template(u *models.User, id uint) (*models.Template, error) {
	return models.TemplateFor(s.db, id, u)
}

// EditableTemplate loads template id for a change: ErrNotFound if u cannot see it,
// ErrForbidden if u may only use it.
func (s *Service) EditableTemplate(u *models.User, id uint) (*models.Template, error) {
	tpl, err := s.Template(u, id)
	if err != nil {
		return nil, err
	}
	if !tpl.EditableBy(u) {
		return nil, ErrForbidden
	}
	return tpl, nil
}

// CanReceiveRooms reports whether the rooms of from may move to target: global templates
// take anyone's rooms, personal ones their owner's.
func CanReceiveRooms(target, from *models.Template) bool {
	return target.IsGlobal() || (from.OwnerID != nil && *target.OwnerID == *from.OwnerID)
}

// MoveTargets are the templates the rooms of tpl may be moved to.
func (s *Service) MoveTargets(u *models.User, tpl *models.Template) ([]models.Template, error) {
	list, err := models.TemplatesFor(s.db, u)
	if err != nil {
		return nil, err
	}
	var out []models.Template
	for _, other := range list {
		if other.ID != tpl.ID && CanReceiveRooms(&other, tpl) {
			out = append(out, other)
		}
	}
	return out, nil
}

// CreateTemplate stores a new template of u (global when asked by an admin) with its audit
// entry. A name already used in the scope is models.ErrNameTaken.
func (s *Service) CreateTemplate(who audit.Record, u *models.User, ch TemplateChange, settings createopts.Settings) (*models.Template, error) {
	tpl := &models.Template{Name: ch.Name, Description: ch.Description, Settings: settings, MaxDurationMinutes: ch.MaxDurationMinutes}
	if !(ch.Global && u.IsAdmin()) {
		tpl.OwnerID = &u.ID
	}
	err := s.inTx(func(tx *gorm.DB) (audit.Record, error) {
		if err := s.templateQuota(tx, tpl); err != nil {
			return who, err
		}
		if err := models.SaveTemplate(tx, tpl); err != nil {
			return who, err
		}
		who.Action, who.TargetType, who.TargetID, who.Result = "template.create", "template", fmt.Sprint(tpl.ID), audit.ResultOK
		who.Details = map[string]any{"name": tpl.Name, "global": tpl.IsGlobal(), "changes": optionChanges(createopts.Settings{}, settings)}
		return who, nil
	})
	if err != nil {
		return nil, err
	}
	return tpl, nil
}

// UpdateTemplate saves a change of tpl with its audit entry.
func (s *Service) UpdateTemplate(who audit.Record, tpl *models.Template, ch TemplateChange, settings createopts.Settings) error {
	before := *tpl
	tpl.Name, tpl.Description, tpl.Settings, tpl.MaxDurationMinutes = ch.Name, ch.Description, settings, ch.MaxDurationMinutes
	return s.inTx(func(tx *gorm.DB) (audit.Record, error) {
		if err := models.SaveTemplate(tx, tpl); err != nil {
			return who, err
		}
		details := map[string]any{"name": tpl.Name, "changes": optionChanges(before.Settings, settings)}
		if before.Name != tpl.Name {
			details["renamed_from"] = before.Name
		}
		if before.MaxDurationMinutes != tpl.MaxDurationMinutes {
			details["max_duration_minutes"] = map[string]any{"before": before.MaxDurationMinutes, "after": tpl.MaxDurationMinutes}
		}
		who.Action, who.TargetType, who.TargetID, who.Details, who.Result = "template.update", "template", fmt.Sprint(tpl.ID), details, audit.ResultOK
		return who, nil
	})
}

// CloneTemplate copies src for u under the first free name that name(i) gives (i from 1). A
// copy of someone else's template, or an admin's copy of a personal one, is u's own.
func (s *Service) CloneTemplate(who audit.Record, u *models.User, src *models.Template, name func(i int) string) (*models.Template, error) {
	clone := &models.Template{Description: src.Description, Settings: src.Settings, MaxDurationMinutes: src.MaxDurationMinutes}
	if !(src.IsGlobal() && u.IsAdmin()) {
		clone.OwnerID = &u.ID
	}
	var err error
	for i := 1; ; i++ {
		clone.Name = name(i)
		err = s.inTx(func(tx *gorm.DB) (audit.Record, error) {
			if err := s.templateQuota(tx, clone); err != nil {
				return who, err
			}
			if err := models.SaveTemplate(tx, clone); err != nil {
				return who, err
			}
			r := who
			r.Action, r.TargetType, r.TargetID, r.Result = "template.create", "template", fmt.Sprint(clone.ID), audit.ResultOK
			r.Details = map[string]any{"name": clone.Name, "cloned_from": src.ID, "global": clone.IsGlobal(),
				"changes": optionChanges(createopts.Settings{}, clone.Settings)}
			return r, nil
		})
		if !errors.Is(err, models.ErrNameTaken) || i > 50 {
			break
		}
	}
	if err != nil {
		return nil, err
	}
	return clone, nil
}

// DeleteTemplate deletes tpl, moving its rooms to moveTo when given, and records it. It
// returns how many rooms used it; with rooms and no target it is models.ErrTemplateInUse.
func (s *Service) DeleteTemplate(who audit.Record, u *models.User, tpl *models.Template, moveTo *uint) (int64, error) {
	if moveTo != nil {
		target, err := models.TemplateFor(s.db, *moveTo, u)
		if errors.Is(err, models.ErrNotFound) || (err == nil && (target.ID == tpl.ID || !CanReceiveRooms(target, tpl))) {
			return 0, ErrBadMoveTarget
		}
		if err != nil {
			return 0, err
		}
	}
	moved, err := models.CountRoomsUsing(s.db, tpl.ID)
	if err != nil {
		return 0, err
	}
	return moved, s.inTx(func(tx *gorm.DB) (audit.Record, error) {
		if err := models.DeleteTemplate(tx, tpl.ID, moveTo); err != nil {
			return who, err
		}
		details := map[string]any{"name": tpl.Name, "changes": optionChanges(tpl.Settings, createopts.Settings{})}
		if moveTo != nil {
			details["rooms_moved_to"] = *moveTo
			details["rooms_moved"] = moved
		}
		who.Action, who.TargetType, who.TargetID, who.Details, who.Result = "template.delete", "template", fmt.Sprint(tpl.ID), details, audit.ResultOK
		return who, nil
	})
}
