// Package createopts describes every option of BBB's create call that a room can set:
// what it is, how it is typed and validated, which group of the form it belongs to,
// which BBB releases read it, who may set it, and how a template's policy merges with a
// room's own choice.
package createopts

import (
	"slices"

	"bbbportal/bbb"
)

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
	Names                // a comma list of free names (letters, digits, '-', '_') in one text field
	Params               // plugin_<key> key/value rows, like Meta
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
	Name       string // the BBB parameter name, exactly as sent; "meta_*" / "plugin_*" for the rows
	Group      Group
	Kind       Kind
	Label      string
	Help       string // what it does, in a sentence or two
	BBBDefault string // what the server does when the option is not sent
	Since      string // the BBB release that introduced it ("" = always there)
	Deprecated string // when set, why and what replaces it
	Choices    []string
	// ChoiceSet names the list Choices come from; ChoiceKey(ChoiceSet, value) labels a value.
	ChoiceSet  string
	InPOSTBody bool // sent as a <modules> part of a POST create, not as a query parameter
	// AdminOnly options load code into the client or make BBB fetch a URL: only a global
	// template (an admin) may set them; personal templates and rooms get a field error.
	AdminOnly bool
	// Fetched URL options (and the URLs inside a Fetched JSON option) are downloaded by BBB or
	// its client without anyone clicking: they must not name internal addresses (Validator).
	Fetched     bool
	jsonChecker func(any) error
}

// MetaOption is the name of the pseudo-option that holds all meta_<name> rows.
const MetaOption = "meta_*"

// PluginOption is the name of the pseudo-option that holds all plugin_<key> rows.
const PluginOption = "plugin_*"

// Choice sets: the enumerations of BBB's create call.
const (
	SetLayout          = "layout"
	SetGuestPolicy     = "guestPolicy"
	SetFeature         = "feature"
	SetMediaBridge     = "mediaBridge"
	SetPresenterPolicy = "presenterPolicy"
	SetNotesEditor     = "notesEditor"
)

func stringsOf[T ~string](list []T) []string {
	out := make([]string, len(list))
	for i, v := range list {
		out[i] = string(v)
	}
	return out
}

// Layouts are the meetingLayout values of every release, oldest first (from bbb.Layouts).
var Layouts = stringsOf(bbb.Layouts)

// GuestPolicies are the guestPolicy values (from bbb.GuestPolicies).
var GuestPolicies = stringsOf(bbb.GuestPolicies)

// DisabledFeatureNames are the disabledFeatures names of every release (from bbb.Features).
var DisabledFeatureNames = stringsOf(bbb.Features)

// PresenterPolicies are the lockSettingsPresenterPolicy values of BBB 4.0 (from bbb.PresenterPolicies).
var PresenterPolicies = stringsOf(bbb.PresenterPolicies)

// MediaBridges are the values BBB 3.0 accepts for cameraBridge, screenShareBridge and audioBridge.
var MediaBridges = []string{"bbb-webrtc-sfu", "livekit", "freeswitch"}

// NotesEditors are the sharedNotesEditor values of late 3.0 releases.
var NotesEditors = []string{"etherpad", "blockNote"}

// ChoiceSets are the value lists by set name.
var ChoiceSets = map[string][]string{
	SetLayout: Layouts, SetGuestPolicy: GuestPolicies, SetFeature: DisabledFeatureNames,
	SetMediaBridge: MediaBridges, SetPresenterPolicy: PresenterPolicies, SetNotesEditor: NotesEditors,
}

// IsChoice reports whether value is one of the option's choices.
func (o *Option) IsChoice(value string) bool { return slices.Contains(o.Choices, value) }

// Excluded are create parameters the portal sets itself or never sends, with the reason.
// Every other create parameter has an Option.
var Excluded = map[string]string{
	"name":                         "the room's name",
	"meetingID":                    "the room's random, stable meeting ID",
	"attendeePW":                   "roles are sent on join; BBB's passwords protect nothing",
	"moderatorPW":                  "roles are sent on join; BBB's passwords protect nothing",
	"logoutURL":                    "always the portal's own URL (open-redirect protection)",
	"meetingEndedURL":              "reserved for the portal's own end callback (BBB calls it from the server; a room must not redirect it)",
	"isBreakout":                   "internal to BBB's breakout-room creation",
	"parentMeetingID":              "internal to BBB's breakout-room creation",
	"sequence":                     "internal to BBB's breakout-room creation",
	"freeJoin":                     "internal to BBB's breakout-room creation",
	"lockSettingsDisableNote":      "deprecated alias of lockSettingsDisableNotes, which the portal sends instead; BBB 4.0 no longer reads it",
	"meta_endCallbackUrl":          "set by the portal with a per-meeting token",
	"meta_bbb-recording-ready-url": "set by the portal",
}

// ReservedMetaNames are meta names (lower-cased, without "meta_") that rooms may not set.
var ReservedMetaNames = []string{"endcallbackurl", "bbb-recording-ready-url"}
