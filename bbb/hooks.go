package bbb

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
)

// Hook is a webhook registered with bbb-webhooks.
type Hook struct {
	ID            string   `json:"hookID"` // integers before webhooks 3.0, UUIDs since
	CallbackURL   string   `json:"callbackURL"`
	MeetingID     string   `json:"meetingID,omitempty"` // empty for global hooks
	EventIDs      []string `json:"eventID,omitempty"`   // empty means all events
	PermanentHook bool     `json:"permanentHook"`
	RawData       bool     `json:"rawData"`
}

// HookParams are the parameters of hooks/create.
type HookParams struct {
	CallbackURL string   // required
	MeetingID   string   // external meeting id; empty = all meetings
	EventIDs    []string // empty = all events
	GetRaw      *bool    // raw akka messages instead of mapped events
}

// HookResult is the answer to hooks/create.
type HookResult struct {
	Hook
	// Duplicate is true when a hook with the same callback URL existed
	// already; Hook.ID is then the existing hook's id.
	Duplicate bool `json:"duplicate"`
}

type hookXML struct {
	ID            string  `xml:"hookID"`
	CallbackURL   string  `xml:"callbackURL"`
	MeetingID     string  `xml:"meetingID"`
	EventID       string  `xml:"eventID"`
	PermanentHook xmlBool `xml:"permanentHook"`
	RawData       xmlBool `xml:"rawData"`
}

func (h hookXML) hook() Hook {
	var events []string
	for _, e := range strings.Split(h.EventID, ",") {
		if e = strings.TrimSpace(e); e != "" {
			events = append(events, e)
		}
	}
	return Hook{ID: strings.TrimSpace(h.ID), CallbackURL: strings.TrimSpace(h.CallbackURL),
		MeetingID: strings.TrimSpace(h.MeetingID), EventIDs: events,
		PermanentHook: bool(h.PermanentHook), RawData: bool(h.RawData)}
}

type hookCreateXML struct {
	envelope
	hookXML
}

type hooksXML struct {
	envelope
	Hooks []hookXML `xml:"hooks>hook"`
}

type hookRemovedXML struct {
	envelope
	Removed xmlBool `xml:"removed"`
}

// ParseHookCreate parses a hooks/create answer.
func ParseHookCreate(body []byte) (*HookResult, error) {
	var x hookCreateXML
	if err := decodeXML("hooks/create", body, &x); err != nil {
		return nil, err
	}
	return &HookResult{Hook: x.hook(), Duplicate: x.MessageKey == KeyDuplicateWarning}, nil
}

// ParseHooks parses a hooks/list answer.
func ParseHooks(body []byte) ([]Hook, error) {
	var x hooksXML
	if err := decodeXML("hooks/list", body, &x); err != nil {
		return nil, err
	}
	out := make([]Hook, len(x.Hooks))
	for i, h := range x.Hooks {
		out[i] = h.hook()
	}
	return out, nil
}

// CreateHook registers a webhook. Registering a callback URL twice
// returns the existing hook with Duplicate set.
func (c *Client) CreateHook(ctx context.Context, p HookParams) (*HookResult, error) {
	if p.CallbackURL == "" {
		return nil, invalid("callbackURL", "is required")
	}
	v := url.Values{"callbackURL": {p.CallbackURL}}
	if p.MeetingID != "" {
		v.Set("meetingID", p.MeetingID)
	}
	if err := setList(v, "eventID", p.EventIDs); err != nil {
		return nil, err
	}
	if p.GetRaw != nil {
		v.Set("getRaw", strconv.FormatBool(*p.GetRaw))
	}
	body, err := c.hooksCall(ctx, "hooks/create", v)
	if err != nil {
		return nil, err
	}
	return ParseHookCreate(body)
}

// DestroyHook removes a webhook; an unknown id is an *Error with Key
// "destroyMissingHook".
func (c *Client) DestroyHook(ctx context.Context, hookID string) error {
	if hookID == "" {
		return invalid("hookID", "is required")
	}
	body, err := c.hooksCall(ctx, "hooks/destroy", url.Values{"hookID": {hookID}})
	if err != nil {
		return err
	}
	var x hookRemovedXML
	return decodeXML("hooks/destroy", body, &x)
}

// ListHooks lists webhooks: all of them, or with meetingID the global
// hooks plus that meeting's.
func (c *Client) ListHooks(ctx context.Context, meetingID string) ([]Hook, error) {
	v := url.Values{}
	if meetingID != "" {
		v.Set("meetingID", meetingID)
	}
	body, err := c.hooksCall(ctx, "hooks/list", v)
	if err != nil {
		return nil, err
	}
	return ParseHooks(body)
}

// hooksCall sends a bbb-webhooks call. bbb-webhooks 2.x (BBB 2.6/2.7)
// accepts only SHA-1 checksums, so after a checksumError with a stronger
// algorithm the call is repeated once with SHA-1, which is then kept for
// hooks. A refused checksum changes nothing, so the repetition is safe.
func (c *Client) hooksCall(ctx context.Context, call string, v url.Values) ([]byte, error) {
	c.mu.Lock()
	alg := c.hooksAlg
	c.mu.Unlock()
	resp, err := c.do(ctx, request{call: call, params: v, alg: alg, readOnly: readOnlyCalls[call]})
	if err != nil {
		return nil, err
	}
	if err := decodeXML(call, resp.Body, &envelope{}); !IsKey(err, KeyChecksumError) || alg == SHA1 {
		return resp.Body, nil
	}
	if used := c.Algorithm(); used == SHA1 {
		return resp.Body, nil
	}
	resp, err = c.do(ctx, request{call: call, params: v, alg: SHA1, readOnly: readOnlyCalls[call]})
	if err != nil {
		return nil, err
	}
	if err := decodeXML(call, resp.Body, &envelope{}); !IsKey(err, KeyChecksumError) {
		c.mu.Lock()
		c.hooksAlg = SHA1
		c.mu.Unlock()
	}
	return resp.Body, nil
}

// PingHooks asks bbb-webhooks whether it runs (GET hooks/ping, no
// checksum). A server without bbb-webhooks answers HTTP 404: an *HTTPError.
func (c *Client) PingHooks(ctx context.Context) error {
	resp, err := c.do(ctx, request{call: "hooks/ping", unsigned: true, readOnly: true})
	if err != nil {
		return err
	}
	if !strings.Contains(string(resp.Body), "API up") {
		return &ParseError{Call: "hooks/ping", Err: errors.New("the answer is not bbb-webhooks' \"API up\""), Snippet: snippet(resp.Body)}
	}
	return nil
}
