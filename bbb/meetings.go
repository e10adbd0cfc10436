package bbb

import (
	"context"
	"net/url"
	"strings"
	"time"
)

// Meeting is a meeting as getMeetingInfo and getMeetings describe it.
type Meeting struct {
	Name                  string            `json:"meetingName"`
	MeetingID             string            `json:"meetingID"`
	InternalMeetingID     string            `json:"internalMeetingID"`
	CreateTime            time.Time         `json:"createTime"`
	CreateDate            string            `json:"createDate"` // server-local text; use CreateTime
	VoiceBridge           string            `json:"voiceBridge"`
	DialNumber            string            `json:"dialNumber"`
	AttendeePW            string            `json:"attendeePW,omitempty"`
	ModeratorPW           string            `json:"moderatorPW,omitempty"`
	Running               bool              `json:"running"`  // at least one user is in the meeting
	Duration              time.Duration     `json:"duration"` // the create limit; 0 = none
	HasUserJoined         bool              `json:"hasUserJoined"`
	Recording             bool              `json:"recording"` // the meeting may be recorded (create record)
	HasBeenForciblyEnded  bool              `json:"hasBeenForciblyEnded"`
	StartTime             time.Time         `json:"startTime"`
	EndTime               time.Time         `json:"endTime"` // zero while active
	ParticipantCount      int               `json:"participantCount"`
	ListenerCount         int               `json:"listenerCount"`
	VoiceParticipantCount int               `json:"voiceParticipantCount"`
	VideoCount            int               `json:"videoCount"`
	ModeratorCount        int               `json:"moderatorCount"`
	MaxUsers              int               `json:"maxUsers"`
	Attendees             []Attendee        `json:"attendees"`
	Metadata              map[string]string `json:"metadata"` // lower-case names, without meta_
	IsBreakout            bool              `json:"isBreakout"`
	ParentMeetingID       string            `json:"parentMeetingID,omitempty"` // internal id of the parent (breakout rooms)
	Sequence              int               `json:"sequence,omitempty"`        // breakout room number
	FreeJoin              bool              `json:"freeJoin,omitempty"`
	BreakoutRooms         []string          `json:"breakoutRooms,omitempty"` // external ids of the breakout rooms (parents)
}

// Attendee is a user in a meeting.
type Attendee struct {
	UserID          string            `json:"userID"` // external id
	FullName        string            `json:"fullName"`
	Role            Role              `json:"role"` // MODERATOR, VIEWER (DIAL-IN-USER for phone users)
	IsPresenter     bool              `json:"isPresenter"`
	IsListeningOnly bool              `json:"isListeningOnly"`
	HasJoinedVoice  bool              `json:"hasJoinedVoice"`
	HasVideo        bool              `json:"hasVideo"`
	ClientType      string            `json:"clientType"` // HTML5, DIAL-IN, (FLASH)
	CustomData      map[string]string `json:"customdata"` // from userdata-* join parameters
}

type meetingXML struct {
	MeetingName           string  `xml:"meetingName"`
	MeetingID             string  `xml:"meetingID"`
	InternalMeetingID     string  `xml:"internalMeetingID"`
	CreateTime            xmlInt  `xml:"createTime"`
	CreateDate            string  `xml:"createDate"`
	VoiceBridge           string  `xml:"voiceBridge"`
	DialNumber            string  `xml:"dialNumber"`
	AttendeePW            string  `xml:"attendeePW"`
	ModeratorPW           string  `xml:"moderatorPW"`
	Running               xmlBool `xml:"running"`
	Duration              xmlInt  `xml:"duration"`
	HasUserJoined         xmlBool `xml:"hasUserJoined"`
	Recording             xmlBool `xml:"recording"`
	HasBeenForciblyEnded  xmlBool `xml:"hasBeenForciblyEnded"`
	StartTime             xmlInt  `xml:"startTime"`
	EndTime               xmlInt  `xml:"endTime"`
	ParticipantCount      xmlInt  `xml:"participantCount"`
	ListenerCount         xmlInt  `xml:"listenerCount"`
	VoiceParticipantCount xmlInt  `xml:"voiceParticipantCount"`
	VideoCount            xmlInt  `xml:"videoCount"`
	MaxUsers              xmlInt  `xml:"maxUsers"`
	ModeratorCount        xmlInt  `xml:"moderatorCount"`
	Attendees             []struct {
		UserID          string  `xml:"userID"`
		FullName        string  `xml:"fullName"`
		Role            string  `xml:"role"`
		IsPresenter     xmlBool `xml:"isPresenter"`
		IsListeningOnly xmlBool `xml:"isListeningOnly"`
		HasJoinedVoice  xmlBool `xml:"hasJoinedVoice"`
		HasVideo        xmlBool `xml:"hasVideo"`
		ClientType      string  `xml:"clientType"`
		CustomData      xmlMap  `xml:"customdata"`
	} `xml:"attendees>attendee"`
	Metadata        xmlMap   `xml:"metadata"`
	IsBreakout      xmlBool  `xml:"isBreakout"`
	ParentMeetingID string   `xml:"parentMeetingID"`
	Sequence        xmlInt   `xml:"sequence"`
	FreeJoin        xmlBool  `xml:"freeJoin"`
	BreakoutRooms   []string `xml:"breakoutRooms>breakout"`
}

func (x *meetingXML) meeting() Meeting {
	m := Meeting{
		Name: x.MeetingName, MeetingID: x.MeetingID, InternalMeetingID: x.InternalMeetingID,
		CreateTime: millisToTime(x.CreateTime), CreateDate: x.CreateDate, VoiceBridge: x.VoiceBridge,
		DialNumber: x.DialNumber, AttendeePW: x.AttendeePW, ModeratorPW: x.ModeratorPW,
		Running: bool(x.Running), Duration: time.Duration(x.Duration) * time.Minute,
		HasUserJoined: bool(x.HasUserJoined), Recording: bool(x.Recording),
		HasBeenForciblyEnded: bool(x.HasBeenForciblyEnded),
		StartTime:            millisToTime(x.StartTime), EndTime: millisToTime(x.EndTime),
		ParticipantCount: int(x.ParticipantCount), ListenerCount: int(x.ListenerCount),
		VoiceParticipantCount: int(x.VoiceParticipantCount), VideoCount: int(x.VideoCount),
		ModeratorCount: int(x.ModeratorCount), MaxUsers: int(x.MaxUsers),
		Metadata: nonNilMap(x.Metadata), IsBreakout: bool(x.IsBreakout),
		ParentMeetingID: x.ParentMeetingID, Sequence: int(x.Sequence), FreeJoin: bool(x.FreeJoin),
		BreakoutRooms: x.BreakoutRooms,
		Attendees:     make([]Attendee, len(x.Attendees)),
	}
	for i, a := range x.Attendees {
		m.Attendees[i] = Attendee{UserID: a.UserID, FullName: a.FullName, Role: Role(a.Role),
			IsPresenter: bool(a.IsPresenter), IsListeningOnly: bool(a.IsListeningOnly),
			HasJoinedVoice: bool(a.HasJoinedVoice), HasVideo: bool(a.HasVideo),
			ClientType: a.ClientType, CustomData: nonNilMap(a.CustomData)}
	}
	return m
}

func nonNilMap(m xmlMap) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

type meetingInfoXML struct {
	envelope
	meetingXML
}

type meetingsXML struct {
	envelope
	Meetings []meetingXML `xml:"meetings>meeting"`
}

// ParseMeetingInfo parses a getMeetingInfo answer.
func ParseMeetingInfo(body []byte) (*Meeting, error) {
	if m, err := fastMeetingInfo(body); err == nil {
		return m, nil
	}
	return parseMeetingInfoStd(body)
}

// parseMeetingInfoStd is ParseMeetingInfo with encoding/xml: the reference the fast decoder
// must agree with, and the path for answers it does not take.
func parseMeetingInfoStd(body []byte) (*Meeting, error) {
	var x meetingInfoXML
	if err := decodeXML("getMeetingInfo", body, &x); err != nil {
		return nil, err
	}
	m := x.meeting()
	return &m, nil
}

// ParseMeetings parses a getMeetings answer; noMeetings is an empty list.
func ParseMeetings(body []byte) ([]Meeting, error) {
	if ms, err := fastMeetings(body); err == nil {
		return ms, nil
	}
	return parseMeetingsStd(body)
}

// parseMeetingsStd is ParseMeetings with encoding/xml (see parseMeetingInfoStd).
func parseMeetingsStd(body []byte) ([]Meeting, error) {
	var x meetingsXML
	if err := decodeXML("getMeetings", body, &x); err != nil {
		return nil, err
	}
	out := make([]Meeting, len(x.Meetings))
	for i := range x.Meetings {
		out[i] = x.Meetings[i].meeting()
	}
	return out, nil
}

// GetMeetingInfo describes one meeting; an unknown meeting is an *Error
// with Key "notFound".
func (c *Client) GetMeetingInfo(ctx context.Context, meetingID string) (*Meeting, error) {
	body, err := c.get(ctx, "getMeetingInfo", url.Values{"meetingID": {meetingID}}, "meetingID")
	if err != nil {
		return nil, err
	}
	return ParseMeetingInfo(body)
}

// GetMeetings lists every meeting on the server, breakout rooms included.
func (c *Client) GetMeetings(ctx context.Context) ([]Meeting, error) {
	body, err := c.get(ctx, "getMeetings", url.Values{})
	if err != nil {
		return nil, err
	}
	return ParseMeetings(body)
}

type runningXML struct {
	envelope
	Running xmlBool `xml:"running"`
}

// ParseIsMeetingRunning parses an isMeetingRunning answer.
func ParseIsMeetingRunning(body []byte) (bool, error) {
	var x runningXML
	if err := decodeXML("isMeetingRunning", body, &x); err != nil {
		return false, err
	}
	return bool(x.Running), nil
}

// IsMeetingRunning reports whether at least one user is in the meeting.
// It is false right after create and for unknown meetings.
func (c *Client) IsMeetingRunning(ctx context.Context, meetingID string) (bool, error) {
	body, err := c.get(ctx, "isMeetingRunning", url.Values{"meetingID": {meetingID}}, "meetingID")
	if err != nil {
		return false, err
	}
	return ParseIsMeetingRunning(body)
}

// End asks the server to end the meeting. Ending is asynchronous: the
// meeting disappears a moment later (poll GetMeetingInfo for "notFound").
func (c *Client) End(ctx context.Context, meetingID string) error {
	return c.simple(ctx, "end", url.Values{"meetingID": {meetingID}}, "meetingID")
}

// SendChatMessage posts message (1–500 characters, plain text) to the
// public chat of a running meeting as userName ("" = "System"). BBB 3.0.
func (c *Client) SendChatMessage(ctx context.Context, meetingID, message, userName string) error {
	if n := len([]rune(message)); n < 1 || n > 500 {
		return invalid("message", "must be 1–500 characters, got %d", n)
	}
	v := url.Values{"meetingID": {meetingID}, "message": {message}}
	if userName != "" {
		v.Set("userName", userName)
	}
	return c.simple(ctx, "sendChatMessage", v, "meetingID")
}

// get sends a GET call after checking that the required parameters are
// non-empty, and returns the body of a SUCCESS answer's envelope check
// left to the caller's parser.
func (c *Client) get(ctx context.Context, call string, v url.Values, required ...string) ([]byte, error) {
	for _, name := range required {
		if v.Get(name) == "" {
			return nil, invalid(name, "is required")
		}
	}
	resp, err := c.do(ctx, request{call: call, params: v, readOnly: readOnlyCalls[call]})
	if err != nil {
		return nil, err
	}
	return resp.Body, nil
}

// simple sends a call whose answer carries nothing but its envelope.
func (c *Client) simple(ctx context.Context, call string, v url.Values, required ...string) error {
	body, err := c.get(ctx, call, v, required...)
	if err != nil {
		return err
	}
	var x envelope
	return decodeXML(call, body, &x)
}

// Session is a user session on the server, from getSessions.
type Session struct {
	MeetingID   string `json:"meetingID"` // the internal meeting id
	MeetingName string `json:"meetingName"`
	UserName    string `json:"userName"`
}

type sessionsXML struct {
	envelope
	Sessions []struct {
		MeetingID   string `xml:"meetingID"`
		MeetingName string `xml:"meetingName"`
		UserName    string `xml:"userName"`
	} `xml:"sessions>meeting"`
}

// ParseSessions parses a getSessions answer; noSessions is an empty list.
func ParseSessions(body []byte) ([]Session, error) {
	var x sessionsXML
	if err := decodeXML("getSessions", body, &x); err != nil {
		return nil, err
	}
	out := make([]Session, len(x.Sessions))
	for i, s := range x.Sessions {
		out[i] = Session{MeetingID: strings.TrimSpace(s.MeetingID), MeetingName: s.MeetingName, UserName: s.UserName}
	}
	return out, nil
}

// GetSessions lists the user sessions on the server (bbb-web 2.7).
func (c *Client) GetSessions(ctx context.Context) ([]Session, error) {
	body, err := c.get(ctx, "getSessions", url.Values{})
	if err != nil {
		return nil, err
	}
	return ParseSessions(body)
}
