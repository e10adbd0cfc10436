// Package webhooks administers the hooks registered with bbb-webhooks on the
// BBB server, keeps the portal's own hook registered while an admin wants BBB
// events, and receives those events: verified by their checksum, replays and
// forgeries refused (and folded into one audit entry per address and minute),
// each event a hint to the portal's watchers, never proof.
package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"bbbportal/audit"
	"bbbportal/bbb"
)

// Client is the part of the BBB client the package uses (*bbb.Client).
type Client interface {
	ListHooks(ctx context.Context, meetingID string) ([]bbb.Hook, error)
	CreateHook(ctx context.Context, p bbb.HookParams) (*bbb.HookResult, error)
	DestroyHook(ctx context.Context, hookID string) error
}

// Service is the admin's view of the hooks on the BBB server.
type Service struct {
	BBB   Client
	Audit *audit.Writer
}

// List returns the hooks on the server: all of them, or with meetingID the
// global hooks and those of that meeting. A meeting without hooks of its own
// is an empty list, not a failure (bbb-webhooks 3.5 answers listHookError).
func (s *Service) List(ctx context.Context, meetingID string) ([]bbb.Hook, error) {
	hooks, err := s.BBB.ListHooks(ctx, meetingID)
	if meetingID != "" && bbb.IsKey(err, "listHookError") {
		all, err := s.BBB.ListHooks(ctx, "")
		if err != nil {
			return nil, err
		}
		var global []bbb.Hook
		for _, h := range all {
			if h.MeetingID == "" || h.MeetingID == meetingID {
				global = append(global, h)
			}
		}
		return global, nil
	}
	return hooks, err
}

// ErrInvalidCallbackURL is a callback URL that is not an absolute http(s) URL.
var ErrInvalidCallbackURL = errors.New("webhooks: the callback URL must be an absolute http or https URL")

// CheckCallbackURL reports whether u can be registered as a callback.
func CheckCallbackURL(u string) error {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil || len(u) > 2000 {
		return ErrInvalidCallbackURL
	}
	return nil
}

// Create registers a hook for callbackURL (meetingID empty: every meeting)
// and audits it as actor ("hook.create"). A callback URL registered already
// returns that hook with Duplicate set.
func (s *Service) Create(ctx context.Context, actor audit.Record, callbackURL, meetingID string, getRaw bool) (*bbb.HookResult, error) {
	callbackURL, meetingID = strings.TrimSpace(callbackURL), strings.TrimSpace(meetingID)
	if err := CheckCallbackURL(callbackURL); err != nil {
		return nil, err
	}
	res, err := s.BBB.CreateHook(ctx, bbb.HookParams{CallbackURL: callbackURL, MeetingID: meetingID, GetRaw: &getRaw})
	r := actor
	r.Action, r.TargetType = "hook.create", "hook"
	r.Details = map[string]any{"callback_url": redactURL(callbackURL), "meeting_id": meetingID, "get_raw": getRaw}
	if err != nil {
		r.Result, r.Details["problem"] = audit.ResultFailed, problem(err)
	} else {
		r.Result, r.TargetID, r.Details["duplicate"] = audit.ResultOK, res.ID, res.Duplicate
	}
	if aerr := s.Audit.Write(ctx, r); aerr != nil {
		return nil, aerr
	}
	return res, err
}

// Destroy removes a hook and audits it ("hook.delete").
func (s *Service) Destroy(ctx context.Context, actor audit.Record, hookID string) error {
	err := s.BBB.DestroyHook(ctx, hookID)
	r := actor
	r.Action, r.TargetType, r.TargetID, r.Result = "hook.delete", "hook", hookID, audit.ResultOK
	if err != nil {
		r.Result, r.Details = audit.ResultFailed, map[string]any{"problem": problem(err)}
	}
	if aerr := s.Audit.Write(ctx, r); aerr != nil {
		return aerr
	}
	return err
}

// redactURL drops a callback URL's query, which may carry the receiver's own token.
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	if p.RawQuery != "" {
		p.RawQuery = "…"
	}
	return p.String()
}

// problem is what the audit log says about a failed call: the message key or the error kind, never a URL.
func problem(err error) string {
	var be *bbb.Error
	var he *bbb.HTTPError
	var ne *bbb.NetworkError
	switch {
	case errors.As(err, &be):
		return be.Key
	case errors.As(err, &he):
		return fmt.Sprintf("HTTP %d", he.StatusCode)
	case errors.As(err, &ne):
		if ne.Timeout {
			return "timeout"
		}
		return "unreachable"
	case errors.Is(err, ErrInvalidCallbackURL):
		return "invalid callback URL"
	}
	return "invalid answer"
}

// IsUnsupported reports whether the server offers no webhooks: bbb-webhooks
// is not installed (nginx answers 404) or a load balancer refuses the call
// (Scalelite: unsupportedRequest; b3scale: HTTP 500, "unknown resource").
// Other server errors are not: a proxy's 502 is a failure worth retrying.
func IsUnsupported(err error) bool {
	var e *bbb.Error
	if errors.As(err, &e) && e.Key == bbb.KeyB3scaleGatewayError && strings.Contains(e.Message, "unknown resource") {
		return true
	}
	var he *bbb.HTTPError
	if errors.As(err, &he) {
		return he.StatusCode == 404 || he.StatusCode == 501
	}
	return bbb.IsKey(err, "unsupportedRequest") || bbb.IsKey(err, "notImplemented")
}

// MessageKey is the i18n key of the sentence a page shows for err (see
// i18n/locales/hooks.*.json); every key says what happened and what to do.
func MessageKey(err error) string {
	var ne *bbb.NetworkError
	var he *bbb.HTTPError
	switch {
	case err == nil:
		return ""
	case IsUnsupported(err):
		return "hooks.error.unsupported"
	case errors.Is(err, ErrInvalidCallbackURL):
		return "hooks.error.invalid_url"
	case bbb.IsKey(err, "checksumError"):
		return "hooks.error.secret"
	case bbb.IsKey(err, "destroyMissingHook"):
		return "hooks.error.not_found"
	case bbb.IsKey(err, "missingParamCallbackURL"):
		return "hooks.error.invalid_url"
	case errors.As(err, &ne) && ne.Timeout:
		return "hooks.error.timeout"
	case errors.As(err, &ne):
		return "hooks.error.unreachable"
	case errors.As(err, &he):
		return "hooks.error.server"
	}
	return "hooks.error.failed"
}
