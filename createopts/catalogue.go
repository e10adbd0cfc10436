// Package createopts describes every option of BBB's create call that a room can set:
// what it is, how it is typed and validated, which group of the form it belongs to,
// and how a template's policy merges with a room's own choice.
package createopts

// Kind is how an option is typed in the form and validated.
type Kind int

const (
	Bool     Kind = iota // "true" or "false"
	Int                  // a whole number ≥ 0
	Digits               // a string of digits (voice bridge)
	String               // one line of text
	Text                 // several lines of text
	URL                  // an absolute http(s) URL
	Color                // #RRGGBB
	Enum                 // one of Choices
	Features             // a comma list, each one of Choices (checkboxes)
	JSON                 // a JSON document, checked by Option.checkJSON
	Meta                 // meta_<name> key/value rows
)

// Group is a section of the options form, in display order.
type Group string

const (
	GroupBasics       Group = "basics"
	GroupAudioVideo   Group = "audio-video"
	GroupLock         Group = "lock"
	GroupGuests       Group = "guests"
	GroupRecording    Group = "recording"
	GroupLayout       Group = "layout"
	GroupBreakout     Group = "breakout"
	GroupBranding     Group = "branding"
	GroupPresentation Group = "presentations"
	GroupLimits       Group = "limits"
	GroupCallbacks    Group = "callbacks"
	GroupAdvanced     Group = "advanced"
)

// Groups lists the form's sections in display order, with their English titles.
var Groups = []struct {
	ID    Group
	Title string
}{
	{GroupBasics, "Basics"},
	{GroupAudioVideo, "Audio & video"},
	{GroupLock, "Lock settings"},
	{GroupGuests, "Guests & access"},
	{GroupRecording, "Recording"},
	{GroupLayout, "Layout & features"},
	{GroupBreakout, "Breakout rooms"},
	{GroupBranding, "Branding"},
	{GroupPresentation, "Presentations"},
	{GroupLimits, "Limits & expiry"},
	{GroupCallbacks, "Callbacks & metadata"},
	{GroupAdvanced, "Advanced"},
}

// Option is one create parameter as the form shows it.
type Option struct {
	Name        string // the BBB parameter name, exactly as sent; "meta_*" for the metadata rows
	Group       Group
	Kind        Kind
	Label       string
	Help        string // what it does, in a sentence or two
	BBBDefault  string // what the server does when the option is not sent
	Since       string // the BBB release that introduced it
	Deprecated  string // when set, why and what replaces it
	Choices     []string
	InPOSTBody  bool // sent as a <modules> part of a POST create, not as a query parameter
	maxLen      int
	jsonChecker func(any) error
}

// MetaOption is the name of the pseudo-option that holds all meta_* rows.
const MetaOption = "meta_*"

// Layouts are the meetingLayout values of BBB 3.0 (the first four exist since 2.4).
var Layouts = []string{"CUSTOM_LAYOUT", "SMART_LAYOUT", "PRESENTATION_FOCUS", "VIDEO_FOCUS",
	"CAMERAS_ONLY", "PRESENTATION_ONLY", "PARTICIPANTS_AND_CHAT_ONLY", "MEDIA_ONLY"}

// GuestPolicies are the guestPolicy values.
var GuestPolicies = []string{"ALWAYS_ACCEPT", "ALWAYS_DENY", "ASK_MODERATOR", "ALWAYS_ACCEPT_AUTH"}

// DisabledFeatureNames are the disabledFeatures names of BBB 2.5 to 3.0.
var DisabledFeatureNames = []string{"breakoutRooms", "captions", "chat", "privateChat",
	"downloadPresentationWithAnnotations", "downloadPresentationConvertedToPdf",
	"downloadPresentationOriginalFile", "snapshotOfCurrentSlide", "externalVideos",
	"importPresentationWithAnnotationsFromBreakoutRooms", "importSharedNotesFromBreakoutRooms",
	"layouts", "learningDashboard", "learningDashboardDownloadSessionData", "polls", "screenshare",
	"sharedNotes", "virtualBackgrounds", "customVirtualBackgrounds", "liveTranscription",
	"presentation", "cameraAsContent", "timer", "infiniteWhiteboard", "deleteChatMessage",
	"editChatMessage", "replyChatMessage", "chatMessageReactions", "chatEmojiPicker", "raiseHand",
	"userReactions", "quizzes", "plugins"}

// MediaBridges are the values BBB 3.0 accepts for cameraBridge, screenShareBridge and audioBridge.
var MediaBridges = []string{"bbb-webrtc-sfu", "livekit", "freeswitch"}

// Excluded are create parameters the portal sets itself or never sends, with the reason.
// Every other create parameter has an Option.
var Excluded = map[string]string{
	"name":                         "the room's name",
	"meetingID":                    "the room's random, stable meeting ID",
	"attendeePW":                   "roles are sent on join; BBB's passwords protect nothing",
	"moderatorPW":                  "roles are sent on join; BBB's passwords protect nothing",
	"logoutURL":                    "always the portal's own URL (open-redirect protection)",
	"meetingEndedURL":              "the portal sets meta_endCallbackUrl with a per-meeting token instead",
	"isBreakout":                   "internal to BBB's breakout-room creation",
	"parentMeetingID":              "internal to BBB's breakout-room creation",
	"sequence":                     "internal to BBB's breakout-room creation",
	"freeJoin":                     "internal to BBB's breakout-room creation",
	"lockSettingsDisableNote":      "deprecated alias of lockSettingsDisableNotes, which the portal sends instead",
	"meta_endCallbackUrl":          "set by the portal with a per-meeting token",
	"meta_bbb-recording-ready-url": "set by the portal",
}

// ReservedMetaNames are meta names (lower-cased, without "meta_") that rooms may not set.
var ReservedMetaNames = []string{"endcallbackurl", "bbb-recording-ready-url"}
