package webhooks

import (
	"context"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"gorm.io/gorm"

	"bbbportal/audit"
	"bbbportal/bbb"
	"bbbportal/models"
)

// Settings the keeper stores.
const (
	SettingReceive = "hooks.receive_events" // "on" or "off"
	SettingHookID  = "hooks.own_hook_id"    // the hook BBB gave the portal last
)

// CallbackPath is where the portal receives BBB events (BASE_URL + CallbackPath).
const CallbackPath = "/callbacks/hooks"

// Keeper keeps the portal's own hook registered while "Receive BBB events" is
// on: BBB forgets non-permanent hooks when it restarts (and bbb-webhooks
// destroys one whose callbacks keep failing), so Run checks with hooks/list
// every Interval and registers it again. Switched off, it removes the hook.
type Keeper struct {
	DB          *gorm.DB
	BBB         Client
	Audit       *audit.Writer
	CallbackURL string        // BASE_URL + CallbackPath
	Interval    time.Duration // 0: every 5 minutes
	Logger      *slog.Logger  // nil: slog.Default()

	mu     sync.Mutex
	status Status
	wake   chan struct{}
}

// Status is what the webhooks page says about the portal's own hook.
type Status struct {
	Enabled    bool
	Registered bool // the hook was on the server at the last check
	HookID     string
	CheckedAt  time.Time
	Err        error // the last check's failure; MessageKey(Err) is its sentence
}

// Enabled reports whether an admin switched "Receive BBB events" on.
func (k *Keeper) Enabled() (bool, error) {
	v, _, err := models.GetSetting(k.DB, SettingReceive)
	return v == "on", err
}

// Status returns the state after the last check.
func (k *Keeper) Status() Status {
	k.mu.Lock()
	defer k.mu.Unlock()
	return k.status
}

// SetEnabled stores the switch and its audit entry ("hooks.receive") in one
// transaction, then registers or removes the hook at once. The returned error
// is that of the BBB call: the switch stays as set and Run tries again.
func (k *Keeper) SetEnabled(ctx context.Context, actor audit.Record, on bool) error {
	value := "off"
	if on {
		value = "on"
	}
	err := k.DB.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := models.SetSetting(tx, SettingReceive, value); err != nil {
			return err
		}
		r := actor
		r.Action, r.TargetType, r.Result = "hooks.receive", "hook", audit.ResultOK
		r.Details = map[string]any{"receive": on, "callback_url": k.CallbackURL}
		return k.Audit.WriteTx(tx, r)
	})
	if err != nil {
		return fmt.Errorf("webhooks: switch: %w", err)
	}
	_, err = k.Check(ctx)
	k.poke()
	return err
}

// Check brings the server in line with the switch once.
func (k *Keeper) Check(ctx context.Context) (Status, error) {
	on, err := k.Enabled()
	if err != nil {
		return k.Status(), err
	}
	st := Status{Enabled: on, CheckedAt: time.Now()}
	st.Registered, st.HookID, st.Err = k.sync(ctx, on)
	k.mu.Lock()
	k.status = st
	k.mu.Unlock()
	return st, st.Err
}

func (k *Keeper) sync(ctx context.Context, on bool) (bool, string, error) {
	previous, _, err := models.GetSetting(k.DB, SettingHookID)
	if err != nil {
		return false, "", err
	}
	if !on && previous == "" {
		return false, "", nil // nothing of ours to remove; no call to BBB
	}
	hooks, err := k.BBB.ListHooks(ctx, "")
	if err != nil {
		return false, "", err
	}
	var ours []bbb.Hook
	for _, h := range hooks {
		if h.CallbackURL == k.CallbackURL {
			ours = append(ours, h)
		}
	}
	if on && len(ours) > 0 {
		k.rememberID(ours[0].ID)
		return true, ours[0].ID, nil
	}
	if !on {
		for _, h := range ours {
			if h.PermanentHook {
				continue // configured on the server; the API cannot remove it
			}
			err := k.BBB.DestroyHook(ctx, h.ID)
			if err != nil && !bbb.IsKey(err, "destroyMissingHook") {
				k.record(ctx, "hooks.own.remove", audit.ResultFailed, h.ID, map[string]any{"problem": problem(err)})
				return true, h.ID, err
			}
			k.record(ctx, "hooks.own.remove", audit.ResultOK, h.ID, nil)
		}
		k.rememberID("")
		return false, "", nil
	}
	raw := false
	res, err := k.BBB.CreateHook(ctx, bbb.HookParams{CallbackURL: k.CallbackURL, GetRaw: &raw})
	if err != nil {
		k.record(ctx, "hooks.own.register", audit.ResultFailed, "", map[string]any{"problem": problem(err)})
		return false, "", err
	}
	details := map[string]any{"callback_url": k.CallbackURL}
	if previous != "" {
		// The server had forgotten it (a restart, or bbb-webhooks gave up on failing callbacks).
		details["previous_hook_id"], details["reason"] = previous, "missing from hooks/list"
	}
	k.record(ctx, "hooks.own.register", audit.ResultOK, res.ID, details)
	k.rememberID(res.ID)
	return true, res.ID, nil
}

func (k *Keeper) rememberID(id string) {
	if err := models.SetSetting(k.DB, SettingHookID, id); err != nil {
		k.logger().Error("webhooks: remember hook id", "err", err)
	}
}

func (k *Keeper) record(ctx context.Context, action, result, hookID string, details map[string]any) {
	err := k.Audit.Write(ctx, audit.Record{ActorEmail: "system", Action: action, TargetType: "hook", TargetID: hookID,
		Result: result, Details: details})
	if err != nil {
		k.logger().Error("webhooks: audit", "action", action, "err", err)
	}
}

func (k *Keeper) logger() *slog.Logger {
	if k.Logger != nil {
		return k.Logger
	}
	return slog.Default()
}

func (k *Keeper) poke() {
	k.mu.Lock()
	wake := k.wake
	k.mu.Unlock()
	if wake != nil {
		select {
		case wake <- struct{}{}:
		default:
		}
	}
}

// Run checks at once and then every Interval until ctx ends.
func (k *Keeper) Run(ctx context.Context) {
	interval := k.Interval
	if interval <= 0 {
		interval = 5 * time.Minute
	}
	k.mu.Lock()
	k.wake = make(chan struct{}, 1)
	wake := k.wake
	k.mu.Unlock()
	t := time.NewTicker(interval)
	defer t.Stop()
	for check := true; ; {
		if check {
			if _, err := k.Check(ctx); err != nil && ctx.Err() == nil {
				k.logger().Warn("webhooks: own hook check failed", "problem", problem(err))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			check = true
		case <-wake: // SetEnabled has just checked
			t.Reset(interval)
			check = false
		}
	}
}
