package bbb

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/xml"
	"net/url"
	"reflect"
	"strconv"
	"time"
	"unicode/utf8"
)

// Layout is a meeting layout (create meetingLayout, join enforceLayout).
// Which values a server accepts depends on its release: see
// [Layout.AvailableIn] and [LayoutsFor]. An unknown value falls back to
// the server's default layout without an error.
type Layout string

const (
	LayoutCustom                  Layout = "CUSTOM_LAYOUT"              // 2.4, removed in 4.0
	LayoutSmart                   Layout = "SMART_LAYOUT"               // 2.4, removed in 4.0
	LayoutPresentationFocus       Layout = "PRESENTATION_FOCUS"         // 2.4, removed in 4.0
	LayoutVideoFocus              Layout = "VIDEO_FOCUS"                // 2.4, removed in 4.0
	LayoutCamerasOnly             Layout = "CAMERAS_ONLY"               // 3.0
	LayoutPresentationOnly        Layout = "PRESENTATION_ONLY"          // 3.0
	LayoutParticipantsAndChatOnly Layout = "PARTICIPANTS_AND_CHAT_ONLY" // 3.0
	LayoutMediaOnly               Layout = "MEDIA_ONLY"                 // 3.0
	LayoutUnified                 Layout = "UNIFIED_LAYOUT"             // 4.0, its default
)

// Layouts lists every Layout of any release, oldest first.
var Layouts = []Layout{LayoutCustom, LayoutSmart, LayoutPresentationFocus, LayoutVideoFocus,
	LayoutCamerasOnly, LayoutPresentationOnly, LayoutParticipantsAndChatOnly, LayoutMediaOnly,
	LayoutUnified}

func (l Layout) known() bool { return contains(Layouts, l) }

// GuestPolicy decides who waits for a moderator's approval (create guestPolicy, 2.0).
type GuestPolicy string

const (
	GuestAlwaysAccept     GuestPolicy = "ALWAYS_ACCEPT"
	GuestAlwaysDeny       GuestPolicy = "ALWAYS_DENY"
	GuestAskModerator     GuestPolicy = "ASK_MODERATOR"
	GuestAlwaysAcceptAuth GuestPolicy = "ALWAYS_ACCEPT_AUTH"
)

// GuestPolicies lists every GuestPolicy.
var GuestPolicies = []GuestPolicy{GuestAlwaysAccept, GuestAlwaysDeny, GuestAskModerator, GuestAlwaysAcceptAuth}

func (g GuestPolicy) known() bool { return contains(GuestPolicies, g) }

// PresenterPolicy says who may take the presenter role (create
// lockSettingsPresenterPolicy, 4.0; the server default is requireApproval).
type PresenterPolicy string

const (
	PresenterModeratorOnly   PresenterPolicy = "moderatorOnly"   // only moderators assign the presenter
	PresenterRequireApproval PresenterPolicy = "requireApproval" // viewers ask, a moderator approves
	PresenterFreeForAll      PresenterPolicy = "freeForAll"      // viewers take it without approval
)

// PresenterPolicies lists every PresenterPolicy.
var PresenterPolicies = []PresenterPolicy{PresenterModeratorOnly, PresenterRequireApproval, PresenterFreeForAll}

func (p PresenterPolicy) known() bool { return contains(PresenterPolicies, p) }

// Feature is a name for create disabledFeatures / disabledFeaturesExclude.
// Which names a server knows depends on its release: see
// [Feature.AvailableIn] and [FeaturesFor]; servers ignore unknown names.
type Feature string

// Features lists every feature name of any release, oldest first.
var Features = []Feature{
	"breakoutRooms", "captions", "chat", "privateChat", "downloadPresentationWithAnnotations",
	"downloadPresentationConvertedToPdf", "downloadPresentationOriginalFile", "snapshotOfCurrentSlide",
	"externalVideos", "importPresentationWithAnnotationsFromBreakoutRooms",
	"importSharedNotesFromBreakoutRooms", "layouts", "learningDashboard",
	"learningDashboardDownloadSessionData", "polls", "screenshare", "sharedNotes",
	"virtualBackgrounds", "customVirtualBackgrounds", "liveTranscription", "presentation",
	"cameraAsContent", "timer",
	// 3.0
	"infiniteWhiteboard", "deleteChatMessage", "editChatMessage", "replyChatMessage",
	"chatMessageReactions", "chatEmojiPicker", "raiseHand", "userReactions", "quizzes", "plugins",
	// 4.0
	"multiFunctionalMode", "pinChatMessage",
}

func (f Feature) known() bool { return contains(Features, f) }

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// BreakoutGroup pre-assigns users (by external userID) to a breakout room (create groups, 2.5).
type BreakoutGroup struct {
	ID     string   `json:"id"`
	Name   string   `json:"name,omitempty"`
	Roster []string `json:"roster"`
}

// PluginManifest is a client plugin to load (create pluginManifests, 3.0).
type PluginManifest struct {
	URL      string `json:"url"`
	Checksum string `json:"checksum,omitempty"` // optional sha256 of the manifest
}

// Document is a presentation sent in the create or insertDocument body:
// either fetched by the server from URL, or inline Content with a Name.
type Document struct {
	URL      string // fetched by the server (https by default)
	Filename string // overrides the name derived from URL
	Name     string // file name of inline Content
	Content  []byte // inline file, sent base64-encoded (body limit ≈ 2 MB)

	Downloadable *bool
	Removable    *bool
	Current      *bool // the initial presentation
}

// CreateParams are the parameters of create. Unset fields (nil, "", empty)
// are not sent, so the server's default applies. Versions are the BBB
// release that introduced a parameter. Integer durations are in minutes.
type CreateParams struct {
	Name                    string `bbb:"name"`        // required; 2–256 characters
	MeetingID               string `bbb:"meetingID"`   // required; 2–256 characters, no ','
	AttendeePW              string `bbb:"attendeePW"`  // deprecated 2.4; use join role
	ModeratorPW             string `bbb:"moderatorPW"` // deprecated 2.4; use join role
	Welcome                 string `bbb:"welcome"`
	DialNumber              string `bbb:"dialNumber"`
	VoiceBridge             string `bbb:"voiceBridge,digits"`
	WebVoice                string `bbb:"webVoice"`        // legacy; removed in 4.0
	MaxParticipants         *int   `bbb:"maxParticipants"` // 0 = unlimited
	LogoutURL               string `bbb:"logoutURL,url"`
	LoginURL                string `bbb:"loginURL,url"` // 3.0
	Record                  *bool  `bbb:"record"`
	Duration                *int   `bbb:"duration"`                // minutes; 0 = no limit
	ModeratorOnlyMessage    string `bbb:"moderatorOnlyMessage"`    // 1.1
	AutoStartRecording      *bool  `bbb:"autoStartRecording"`      // 0.91
	AllowStartStopRecording *bool  `bbb:"allowStartStopRecording"` // 0.91
	WebcamsOnlyForModerator *bool  `bbb:"webcamsOnlyForModerator"` // 1.1
	Logo                    string `bbb:"logo,url"`                // 2.0
	DarkLogo                string `bbb:"darklogo,url"`            // 3.0
	Copyright               string `bbb:"copyright"`               // 2.0; ignored by the HTML5 client, removed in 4.0
	BannerText              string `bbb:"bannerText"`              // 2.0
	BannerColor             string `bbb:"bannerColor,color"`       // 2.0; #RRGGBB
	MuteOnStart             *bool  `bbb:"muteOnStart"`             // 2.0
	AllowModsToUnmuteUsers  *bool  `bbb:"allowModsToUnmuteUsers"`  // 2.2
	AllowModsToEjectCameras *bool  `bbb:"allowModsToEjectCameras"` // 2.4

	// Lock settings for viewers.
	LockSettingsDisableCam             *bool `bbb:"lockSettingsDisableCam"`             // 0.91
	LockSettingsDisableMic             *bool `bbb:"lockSettingsDisableMic"`             // 0.91
	LockSettingsDisablePrivateChat     *bool `bbb:"lockSettingsDisablePrivateChat"`     // 0.91
	LockSettingsDisablePublicChat      *bool `bbb:"lockSettingsDisablePublicChat"`      // 0.91
	LockSettingsDisableNotes           *bool `bbb:"lockSettingsDisableNotes"`           // 2.4
	LockSettingsDisableNote            *bool `bbb:"lockSettingsDisableNote"`            // deprecated alias of LockSettingsDisableNotes; removed in 4.0
	LockSettingsHideUserList           *bool `bbb:"lockSettingsHideUserList"`           // 0.91
	LockSettingsLockOnJoin             *bool `bbb:"lockSettingsLockOnJoin"`             // 0.91
	LockSettingsLockOnJoinConfigurable *bool `bbb:"lockSettingsLockOnJoinConfigurable"` // 0.91
	LockSettingsHideViewersCursor      *bool `bbb:"lockSettingsHideViewersCursor"`      // 2.5
	LockSettingsHideViewersAnnotation  *bool `bbb:"lockSettingsHideViewersAnnotation"`  // 2.7 / 3.0

	GuestPolicy                            GuestPolicy `bbb:"guestPolicy"`                            // 2.0
	AllowPromoteGuestToModerator           *bool       `bbb:"allowPromoteGuestToModerator"`           // 2.7.9 / 3.0
	MeetingKeepEvents                      *bool       `bbb:"meetingKeepEvents"`                      // 2.3
	EndWhenNoModerator                     *bool       `bbb:"endWhenNoModerator"`                     // 2.3
	EndWhenNoModeratorDelayInMinutes       *int        `bbb:"endWhenNoModeratorDelayInMinutes"`       // 2.3
	MeetingLayout                          Layout      `bbb:"meetingLayout"`                          // 2.4; 4 more in 3.0; 4.0 has its own set
	LearningDashboardEnabled               *bool       `bbb:"learningDashboardEnabled"`               // 2.4; deprecated 2.5, use DisabledFeatures
	LearningDashboardCleanupDelayInMinutes *int        `bbb:"learningDashboardCleanupDelayInMinutes"` // 2.4; 0 = keep
	VirtualBackgroundsDisabled             *bool       `bbb:"virtualBackgroundsDisabled"`             // 2.4.3; deprecated 2.5
	AllowRequestsWithoutSession            *bool       `bbb:"allowRequestsWithoutSession"`            // 2.4.3
	UserCameraCap                          *int        `bbb:"userCameraCap"`                          // 2.4.5; 0 = unlimited
	MeetingCameraCap                       *int        `bbb:"meetingCameraCap"`                       // 2.5; 0 = unlimited
	MaxPinnedCameras                       *int        `bbb:"maxPinnedCameras"`                       // 2.6
	MeetingExpireIfNoUserJoinedInMinutes   *int        `bbb:"meetingExpireIfNoUserJoinedInMinutes"`   // 2.5
	MeetingExpireWhenLastUserLeftInMinutes *int        `bbb:"meetingExpireWhenLastUserLeftInMinutes"` // 2.5; 0 = never

	// Breakout rooms.
	BreakoutRoomsEnabled               *bool           `bbb:"breakoutRoomsEnabled"`               // deprecated 2.5, ignored 3.0
	BreakoutRoomsRecord                *bool           `bbb:"breakoutRoomsRecord"`                // 2.2
	BreakoutRoomsPrivateChatEnabled    *bool           `bbb:"breakoutRoomsPrivateChatEnabled"`    // 2.2
	BreakoutRoomsCaptureSlides         *bool           `bbb:"breakoutRoomsCaptureSlides"`         // 2.6
	BreakoutRoomsCaptureNotes          *bool           `bbb:"breakoutRoomsCaptureNotes"`          // 2.6
	BreakoutRoomsCaptureSlidesFilename string          `bbb:"breakoutRoomsCaptureSlidesFilename"` // 2.6
	BreakoutRoomsCaptureNotesFilename  string          `bbb:"breakoutRoomsCaptureNotesFilename"`  // 2.6
	Groups                             []BreakoutGroup `bbb:"groups,json"`                        // 2.5
	// Internal parameters BBB uses to create breakout rooms itself. Some
	// revisions fail with parentMeetingIdMissing whenever isBreakout is sent.
	IsBreakout      *bool  `bbb:"isBreakout"`
	ParentMeetingID string `bbb:"parentMeetingID"`
	Sequence        *int   `bbb:"sequence"`
	FreeJoin        *bool  `bbb:"freeJoin"`

	DisabledFeatures        []Feature `bbb:"disabledFeatures"`        // 2.5
	DisabledFeaturesExclude []Feature `bbb:"disabledFeaturesExclude"` // 2.6.9 / 2.7

	PreUploadedPresentationOverrideDefault  *bool            `bbb:"preUploadedPresentationOverrideDefault"`  // 2.5
	PreUploadedPresentation                 string           `bbb:"preUploadedPresentation,url"`             // 2.7.2
	PreUploadedPresentationName             string           `bbb:"preUploadedPresentationName"`             // 2.7.2
	NotifyRecordingIsOn                     *bool            `bbb:"notifyRecordingIsOn"`                     // 2.6
	PresentationUploadExternalURL           string           `bbb:"presentationUploadExternalUrl,url"`       // 2.6
	PresentationUploadExternalDescription   string           `bbb:"presentationUploadExternalDescription"`   // 2.6
	RecordFullDurationMedia                 *bool            `bbb:"recordFullDurationMedia"`                 // 2.6.9 / 2.7
	PresentationConversionCacheEnabled      *bool            `bbb:"presentationConversionCacheEnabled"`      // 3.0
	MaxNumPages                             *int             `bbb:"maxNumPages"`                             // 3.0
	MultiUserWhiteboardEnabled              *bool            `bbb:"multiUserWhiteboardEnabled"`              // 3.0
	PluginManifests                         []PluginManifest `bbb:"pluginManifests,json"`                    // 3.0
	PluginManifestsFetchURL                 string           `bbb:"pluginManifestsFetchUrl,url"`             // 3.0.x
	AllowOverrideClientSettingsOnCreateCall *bool            `bbb:"allowOverrideClientSettingsOnCreateCall"` // 3.0
	ClientSettingsOverrideJSONURL           string           `bbb:"clientSettingsOverrideJsonUrl,url"`       // late 3.0.x
	MeetingEndedURL                         string           `bbb:"meetingEndedURL,url"`                     // legacy; called when the meeting ends
	LogoutTimer                             *int             `bbb:"logoutTimer"`                             // undocumented
	CameraBridge                            string           `bbb:"cameraBridge"`                            // 3.0, experimental
	ScreenShareBridge                       string           `bbb:"screenShareBridge"`                       // 3.0, experimental
	AudioBridge                             string           `bbb:"audioBridge"`                             // 3.0, experimental; 4.0 default livekit

	// Shared notes (late 3.0.x). The editor is "etherpad" or "blockNote" (4.0's default).
	SharedNotesEditor                    string `bbb:"sharedNotesEditor"`                        // 3.0.33
	SharedNotesInitialContentJSONURL     string `bbb:"sharedNotesInitialContentJsonUrl,url"`     // 3.0.33; BlockNote JSON the server fetches
	SharedNotesInitialContentMarkdown    string `bbb:"sharedNotesInitialContentMarkdown"`        // 3.0.33
	SharedNotesInitialContentMarkdownURL string `bbb:"sharedNotesInitialContentMarkdownUrl,url"` // 3.0.33; Markdown the server fetches

	// BBB 4.0 (formerly 3.1).
	LockSettingsPresenterPolicy      PresenterPolicy `bbb:"lockSettingsPresenterPolicy"`      // 4.0
	RequireUserConsentBeforeUnmuting *bool           `bbb:"requireUserConsentBeforeUnmuting"` // 4.0; with allowModsToUnmuteUsers
	NotifyRecordingAppend            string          `bbb:"notifyRecordingAppend"`            // 4.0; text added to the recording notice (with notifyRecordingIsOn)

	// Meta are meta_<name> parameters, keyed by name without "meta_". Names
	// must match [a-zA-Z][a-zA-Z0-9-]*; the server lower-cases them.
	Meta map[string]string `bbb:"meta_*"`
	// Plugin are plugin_<key> parameters (late 3.0.x), keyed without
	// "plugin_": they fill ${plugin_key:default} placeholders in plugin
	// manifests. The server lower-cases the names.
	Plugin map[string]string `bbb:"plugin_*"`

	// The POST body (not signed). Create uses POST when either is set.
	Documents              []Document // presentations (2.5+)
	ClientSettingsOverride string     // JSON merged into the client settings (3.0; needs AllowOverrideClientSettingsOnCreateCall)
}

// Values returns the query parameters create would send, or an error
// naming the first invalid parameter. It does not require name and
// meetingID (so it serves for room templates); Create does.
func (p CreateParams) Values() (url.Values, error) {
	v := url.Values{}
	if err := encodeParams(p, v); err != nil {
		return nil, err
	}
	if p.MeetingID != "" {
		if err := checkLength("meetingID", p.MeetingID); err != nil {
			return nil, err
		}
		if bytes.ContainsRune([]byte(p.MeetingID), ',') {
			return nil, invalid("meetingID", "must not contain ','")
		}
	}
	if p.Name != "" {
		if err := checkLength("name", p.Name); err != nil {
			return nil, err
		}
	}
	for _, pw := range []struct{ name, value string }{{"attendeePW", p.AttendeePW}, {"moderatorPW", p.ModeratorPW}} {
		if n := utf8.RuneCountInString(pw.value); pw.value != "" && (n < 2 || n > 64) {
			return nil, invalid(pw.name, "must be 2–64 characters")
		}
	}
	return v, nil
}

func checkLength(param, s string) error {
	if n := utf8.RuneCountInString(s); n < 2 || n > 256 {
		return invalid(param, "must be 2–256 characters, got %d", n)
	}
	return nil
}

// ParseCreateParams is the inverse of Values: every create parameter name
// becomes its typed field. An unknown name or a bad value is an error
// naming the parameter.
func ParseCreateParams(v url.Values) (CreateParams, error) {
	var p CreateParams
	if err := decodeParams(&p, v); err != nil {
		return CreateParams{}, err
	}
	if _, err := p.Values(); err != nil {
		return CreateParams{}, err
	}
	return p, nil
}

// CreateParamNames lists every parameter name CreateParams carries
// (the prefixes of [CreateParamPrefixes] excluded), once each, in
// declaration order.
func CreateParamNames() []string { return paramNames(reflect.TypeFor[CreateParams]()) }

// CreateParamPrefixes lists the prefixes of create's free-form parameters:
// "meta_" (metadata) and "plugin_" (plugin manifest placeholders).
func CreateParamPrefixes() []string { return []string{"meta_", "plugin_"} }

// CreateResult is the answer to create.
type CreateResult struct {
	MeetingID            string        `json:"meetingID"`
	InternalMeetingID    string        `json:"internalMeetingID"`
	ParentMeetingID      string        `json:"parentMeetingID"` // "bbb-none" for normal meetings
	AttendeePW           string        `json:"attendeePW,omitempty"`
	ModeratorPW          string        `json:"moderatorPW,omitempty"`
	CreateTime           time.Time     `json:"createTime"` // pass to JoinParams.CreateTime
	VoiceBridge          string        `json:"voiceBridge"`
	DialNumber           string        `json:"dialNumber"`
	CreateDate           string        `json:"createDate"` // server-local text; use CreateTime
	HasUserJoined        bool          `json:"hasUserJoined"`
	Duration             time.Duration `json:"duration"`
	HasBeenForciblyEnded bool          `json:"hasBeenForciblyEnded"`
	// Duplicate is true when the meeting already existed (messageKey
	// duplicateWarning): the answer describes the existing meeting and none
	// of the new parameters were applied.
	Duplicate  bool   `json:"duplicate"`
	MessageKey string `json:"messageKey,omitempty"`
	Message    string `json:"message,omitempty"`
}

type createXML struct {
	envelope
	MeetingID            string  `xml:"meetingID"`
	InternalMeetingID    string  `xml:"internalMeetingID"`
	ParentMeetingID      string  `xml:"parentMeetingID"`
	AttendeePW           string  `xml:"attendeePW"`
	ModeratorPW          string  `xml:"moderatorPW"`
	CreateTime           xmlInt  `xml:"createTime"`
	VoiceBridge          string  `xml:"voiceBridge"`
	DialNumber           string  `xml:"dialNumber"`
	CreateDate           string  `xml:"createDate"`
	HasUserJoined        xmlBool `xml:"hasUserJoined"`
	Duration             xmlInt  `xml:"duration"`
	HasBeenForciblyEnded xmlBool `xml:"hasBeenForciblyEnded"`
}

// ParseCreate parses a create answer.
func ParseCreate(body []byte) (*CreateResult, error) {
	var x createXML
	if err := decodeXML("create", body, &x); err != nil {
		return nil, err
	}
	return &CreateResult{
		MeetingID: x.MeetingID, InternalMeetingID: x.InternalMeetingID, ParentMeetingID: x.ParentMeetingID,
		AttendeePW: x.AttendeePW, ModeratorPW: x.ModeratorPW, CreateTime: millisToTime(x.CreateTime),
		VoiceBridge: x.VoiceBridge, DialNumber: x.DialNumber, CreateDate: x.CreateDate,
		HasUserJoined: bool(x.HasUserJoined), Duration: time.Duration(x.Duration) * time.Minute,
		HasBeenForciblyEnded: bool(x.HasBeenForciblyEnded),
		Duplicate:            x.MessageKey == KeyDuplicateWarning, MessageKey: x.MessageKey, Message: x.Message,
	}, nil
}

// Create creates a meeting (or returns the existing one, see
// CreateResult.Duplicate). With Documents or ClientSettingsOverride it
// POSTs them as the <modules> XML body; the query is signed either way.
func (c *Client) Create(ctx context.Context, p CreateParams) (*CreateResult, error) {
	if p.Name == "" {
		return nil, invalid("name", "is required")
	}
	if p.MeetingID == "" {
		return nil, invalid("meetingID", "is required")
	}
	v, err := p.Values()
	if err != nil {
		return nil, err
	}
	return c.create(ctx, p, v)
}

// CreateForRelease is Create for a server of release r: what the server
// would not read is left out (see [CreateParams.ValuesFor]) and listed in
// dropped.
func (c *Client) CreateForRelease(ctx context.Context, p CreateParams, r Release) (res *CreateResult, dropped []string, err error) {
	if p.Name == "" {
		return nil, nil, invalid("name", "is required")
	}
	if p.MeetingID == "" {
		return nil, nil, invalid("meetingID", "is required")
	}
	v, dropped, err := p.ValuesFor(r)
	if err != nil {
		return nil, nil, err
	}
	res, err = c.create(ctx, p, v)
	return res, dropped, err
}

func (c *Client) create(ctx context.Context, p CreateParams, v url.Values) (*CreateResult, error) {
	req := request{call: "create", params: v}
	if len(p.Documents) > 0 || p.ClientSettingsOverride != "" {
		body, err := modulesXML(p.Documents, p.ClientSettingsOverride)
		if err != nil {
			return nil, err
		}
		req.body, req.contentType = body, "application/xml"
	}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	return ParseCreate(resp.Body)
}

// InsertDocument adds presentations to a running meeting (2.5+). The
// upload and conversion continue after the call returns.
func (c *Client) InsertDocument(ctx context.Context, meetingID string, docs []Document) error {
	if meetingID == "" {
		return invalid("meetingID", "is required")
	}
	if len(docs) == 0 {
		return invalid("document", "at least one document is required")
	}
	body, err := modulesXML(docs, "")
	if err != nil {
		return err
	}
	resp, err := c.do(ctx, request{call: "insertDocument", params: url.Values{"meetingID": {meetingID}},
		body: body, contentType: "application/xml"})
	if err != nil {
		return err
	}
	var x envelope
	return decodeXML("insertDocument", resp.Body, &x)
}

// ModulesBody returns the <modules> XML body (Content-Type application/xml)
// that create and insertDocument POST: the presentations and, for create,
// the 3.0 client settings override ("" for none).
func ModulesBody(docs []Document, clientSettingsOverride string) ([]byte, error) {
	if len(docs) == 0 && clientSettingsOverride == "" {
		return nil, invalid("document", "at least one document (or client settings) is required")
	}
	return modulesXML(docs, clientSettingsOverride)
}

// modulesXML builds the <modules> body of create and insertDocument.
func modulesXML(docs []Document, clientSettings string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("<?xml version=\"1.0\" encoding=\"UTF-8\"?><modules>")
	if len(docs) > 0 {
		b.WriteString(`<module name="presentation">`)
		for i, d := range docs {
			param := "document[" + strconv.Itoa(i) + "]"
			if (d.URL == "") == (d.Content == nil) {
				return nil, invalid(param, "needs either a URL or inline content")
			}
			b.WriteString("<document")
			if d.URL != "" {
				u, err := url.Parse(d.URL)
				if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
					return nil, invalid(param, "URL must be an absolute http or https URL, got %q", d.URL)
				}
				attr(&b, "url", d.URL)
				attr(&b, "filename", d.Filename)
			} else {
				if d.Name == "" {
					return nil, invalid(param, "inline content needs a file name")
				}
				attr(&b, "name", d.Name)
			}
			boolAttr(&b, "downloadable", d.Downloadable)
			boolAttr(&b, "removable", d.Removable)
			boolAttr(&b, "current", d.Current)
			if d.Content != nil {
				b.WriteByte('>')
				b.WriteString(base64.StdEncoding.EncodeToString(d.Content))
				b.WriteString("</document>")
			} else {
				b.WriteString("/>")
			}
		}
		b.WriteString("</module>")
	}
	if clientSettings != "" {
		b.WriteString(`<module name="clientSettingsOverride">`)
		xml.EscapeText(&b, []byte(clientSettings))
		b.WriteString("</module>")
	}
	b.WriteString("</modules>")
	return b.Bytes(), nil
}

func attr(b *bytes.Buffer, name, value string) {
	if value == "" {
		return
	}
	b.WriteString(" " + name + `="`)
	xml.EscapeText(b, []byte(value))
	b.WriteByte('"')
}

func boolAttr(b *bytes.Buffer, name string, v *bool) {
	if v != nil {
		attr(b, name, strconv.FormatBool(*v))
	}
}
