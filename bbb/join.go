package bbb

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"time"
)

// Role is the role a user joins with (join role, 2.4).
type Role string

const (
	RoleModerator Role = "MODERATOR"
	RoleViewer    Role = "VIEWER"
)

func (r Role) known() bool { return r == RoleModerator || r == RoleViewer }

// JoinParams are the parameters of join. Unset fields are not sent.
type JoinParams struct {
	FullName  string `bbb:"fullName"`  // required
	MeetingID string `bbb:"meetingID"` // required
	Role      Role   `bbb:"role"`      // 2.4; takes precedence over Password
	Password  string `bbb:"password"`  // deprecated; use Role
	// CreateTime of the meeting (CreateResult.CreateTime): the join fails
	// with mismatchCreateTimeParam if the meeting was re-created since.
	CreateTime           time.Time `bbb:"createTime"`
	UserID               string    `bbb:"userID"` // external user id
	WebVoiceConf         string    `bbb:"webVoiceConf"`
	DefaultLayout        Layout    `bbb:"defaultLayout"` // removed in 3.0; use UserData["bbb_default_layout"]
	AvatarURL            string    `bbb:"avatarURL,url"`
	WebcamBackgroundURL  string    `bbb:"webcamBackgroundURL,url"` // 3.0
	Redirect             *bool     `bbb:"redirect"`                // false: XML answer instead of a redirect
	ErrorRedirectURL     string    `bbb:"errorRedirectUrl,url"`    // 2.7
	Guest                *bool     `bbb:"guest"`                   // 2.0; subject the user to the guest policy
	Auth                 *bool     `bbb:"auth"`                    // undocumented; authenticated for ALWAYS_ACCEPT_AUTH
	ExcludeFromDashboard *bool     `bbb:"excludeFromDashboard"`    // 2.4
	EnforceLayout        Layout    `bbb:"enforceLayout"`           // 3.0
	LogoutURL            string    `bbb:"logoutURL,url"`
	// UserData are userdata-<key> parameters for the client (e.g.
	// "bbb_skip_check_audio"), keyed without the prefix; keys must not contain '-'.
	UserData map[string]string `bbb:"userdata-*"`
}

// Values returns the query parameters join would send, validated.
func (p JoinParams) Values() (url.Values, error) {
	if p.FullName == "" {
		return nil, invalid("fullName", "is required")
	}
	if p.MeetingID == "" {
		return nil, invalid("meetingID", "is required")
	}
	v := make(url.Values, 8)
	if err := encodeParams(p, v); err != nil {
		return nil, err
	}
	return v, nil
}

// ParseJoinParams is the inverse of JoinParams.Values.
func ParseJoinParams(v url.Values) (JoinParams, error) {
	var p JoinParams
	if err := decodeParams(&p, v); err != nil {
		return JoinParams{}, err
	}
	_, err := p.Values()
	return p, err
}

// JoinURL returns the signed join URL to open in the user's browser. It is
// a bearer credential until the meeting ends: don't log or store it.
func (c *Client) JoinURL(p JoinParams) (string, error) {
	v, err := p.Values()
	if err != nil {
		return "", err
	}
	return c.SignedURL("join", v)
}

// JoinResult is the XML answer of join with redirect=false.
type JoinResult struct {
	MeetingID    string `json:"meetingID"` // the internal meeting id
	UserID       string `json:"userID"`    // the internal user id
	AuthToken    string `json:"authToken"`
	SessionToken string `json:"sessionToken"`
	GuestStatus  string `json:"guestStatus,omitempty"` // ALLOW, WAIT (DENY is an error)
	URL          string `json:"url"`                   // where the browser goes
	MessageKey   string `json:"messageKey"`            // successfullyJoined or guestWait
	Message      string `json:"message"`
}

type joinXML struct {
	envelope
	MeetingID    string `xml:"meeting_id"`
	UserID       string `xml:"user_id"`
	AuthToken    string `xml:"auth_token"`
	SessionToken string `xml:"session_token"`
	GuestStatus  string `xml:"guestStatus"`
	URL          string `xml:"url"`
}

// ParseJoin parses the answer of join with redirect=false.
func ParseJoin(body []byte) (*JoinResult, error) {
	var x joinXML
	if err := decodeXML("join", body, &x); err != nil {
		return nil, err
	}
	return &JoinResult{MeetingID: x.MeetingID, UserID: x.UserID, AuthToken: x.AuthToken,
		SessionToken: x.SessionToken, GuestStatus: x.GuestStatus, URL: x.URL,
		MessageKey: x.MessageKey, Message: x.Message}, nil
}

// Join registers the user with redirect=false and returns the XML answer.
// The user appears in the meeting only once a browser opens JoinResult.URL.
func (c *Client) Join(ctx context.Context, p JoinParams) (*JoinResult, error) {
	f := false
	p.Redirect = &f
	v, err := p.Values()
	if err != nil {
		return nil, err
	}
	resp, err := c.do(ctx, request{call: "join", params: v})
	if err != nil {
		return nil, err
	}
	if resp.Location != "" { // servers before 2.7 may redirect anyway
		if err := joinRedirectError(resp.Location); err != nil {
			return nil, err
		}
		return nil, &ParseError{Call: "join", Err: errors.New("the server redirected instead of answering XML")}
	}
	return ParseJoin(resp.Body)
}

// joinRedirectError decodes the errors=[{"key":…,"message":…}] parameter
// BBB appends to the redirect of a failed join, or returns nil.
func joinRedirectError(location string) error {
	u, err := url.Parse(location)
	if err != nil {
		return nil
	}
	raw := u.Query().Get("errors")
	if raw == "" {
		return nil
	}
	var list []struct{ Key, Message string }
	if json.Unmarshal([]byte(raw), &list) != nil || len(list) == 0 {
		return &Error{Key: KeyUnknownError, Message: raw, Call: "join"}
	}
	return &Error{Key: list[0].Key, Message: list[0].Message, Call: "join"}
}
