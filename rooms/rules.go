package rooms

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/createopts"
	"bbbportal/models"
)

// Rules are the site's limits on what accounts create and on the addresses BBB may be sent
// to fetch from (config: MAX_*_PER_USER, BBB_FETCH_ALLOWED_HOSTS).
type Rules struct {
	RoomsPerUser      int // 0: unlimited
	TemplatesPerUser  int // personal templates; 0: unlimited
	SchedulesPerUser  int // over all the rooms an account owns; 0: unlimited
	FetchAllowedHosts []string
	Resolver          createopts.Resolver // nil: the system's
}

// SetRules sets the site's limits. Call it before the service is used.
func (s *Service) SetRules(r Rules) { s.rules = r }

// QuotaError is returned when an account has as many rooms, templates or schedules as it may.
type QuotaError struct {
	What string // "rooms", "templates" or "schedules"
	Max  int
}

func (e *QuotaError) Error() string {
	return fmt.Sprintf("rooms: at most %d %s per account", e.Max, e.What)
}

// MessageKey is the translation of the refusal ({{.Max}} is Max).
func (e *QuotaError) MessageKey() string { return e.What + ".quota_reached" }

// AsQuota returns the quota err reports, if it does.
func AsQuota(err error) (*QuotaError, bool) {
	var q *QuotaError
	return q, errors.As(err, &q)
}

// checkQuota counts inside the change's transaction (it holds SQLite's write lock), so that
// parallel requests cannot pass the limit together.
func checkQuota(tx *gorm.DB, what string, max int, model any, where string, args ...any) error {
	if max <= 0 {
		return nil
	}
	var n int64
	if err := tx.Model(model).Where(where, args...).Count(&n).Error; err != nil {
		return fmt.Errorf("rooms: count %s: %w", what, err)
	}
	if n >= int64(max) {
		return &QuotaError{What: what, Max: max}
	}
	return nil
}

func (s *Service) validator(scope createopts.Scope) createopts.Validator {
	return createopts.Validator{Scope: scope, AllowedHosts: s.rules.FetchAllowedHosts, Resolver: s.rules.Resolver, Timeout: 3 * time.Second}
}

// CheckTemplateFor validates a template form for the template it changes (nil: a new one of
// u): admin-only options only in a global template, no fetched URL on an internal address.
func (s *Service) CheckTemplateFor(ctx context.Context, u *models.User, tpl *models.Template, ch TemplateChange) (createopts.Settings, createopts.Errors) {
	scope := createopts.ScopePersonalTemplate
	if (tpl == nil && ch.Global && u.IsAdmin()) || (tpl != nil && tpl.IsGlobal()) {
		scope = createopts.ScopeGlobalTemplate
	}
	return s.validator(scope).Template(ctx, ch.Options, ch.Policies)
}

// CreateSchedule stores a schedule of room, within the owner's quota, with its audit entry.
func (s *Service) CreateSchedule(who audit.Record, room *models.Room, sc *models.Schedule) error {
	return s.inTx(func(tx *gorm.DB) (audit.Record, error) {
		if err := checkQuota(tx, "schedules", s.rules.SchedulesPerUser, &models.Schedule{},
			"room_id IN (SELECT id FROM rooms WHERE owner_id = ?)", room.OwnerID); err != nil {
			return who, err
		}
		sc.RoomID = room.ID
		if err := models.SaveSchedule(tx, sc); err != nil {
			return who, err
		}
		who.Action, who.Result, who.TargetType, who.TargetID = "schedule.create", audit.ResultOK, "room", fmt.Sprint(room.ID)
		who.Details = map[string]any{"schedule": sc.ID, "title": sc.Title, "starts_at": sc.StartsAt.UTC().Format(time.RFC3339),
			"ends_at": sc.EndsAt.UTC().Format(time.RFC3339), "weekly": sc.Weekly}
		return who, nil
	})
}
