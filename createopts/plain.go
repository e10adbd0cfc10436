package createopts

// Plain language for teachers: a label for every enumerated BBB value, and the few settings a
// teacher actually changes ("Essentials"), shown before the full catalogue.

// ChoiceLabels are the English labels of every enumerated value, by choice set.
var ChoiceLabels = map[string]map[string]string{
	SetLayout: {
		"CUSTOM_LAYOUT":              "Free layout: everyone arranges their own screen",
		"SMART_LAYOUT":               "Automatic: adapts to what is shared",
		"PRESENTATION_FOCUS":         "Presentation large, webcams small",
		"VIDEO_FOCUS":                "Webcams large, presentation small",
		"CAMERAS_ONLY":               "Webcams only",
		"PRESENTATION_ONLY":          "Presentation only",
		"PARTICIPANTS_AND_CHAT_ONLY": "Participant list and chat only",
		"MEDIA_ONLY":                 "Shared media only (presentation, screen or video)",
		"UNIFIED_LAYOUT":             "Unified layout: adapts to what is shared",
	},
	SetGuestPolicy: {
		"ALWAYS_ACCEPT":      "Everyone with the link comes straight in",
		"ALWAYS_DENY":        "Guests cannot join",
		"ASK_MODERATOR":      "A moderator lets each guest in",
		"ALWAYS_ACCEPT_AUTH": "Signed-in users come straight in, a moderator lets guests in",
	},
	SetPresenterPolicy: {
		"moderatorOnly":   "Only a moderator can make someone presenter",
		"requireApproval": "Viewers may ask, a moderator approves",
		"freeForAll":      "Viewers may become presenter themselves",
	},
	SetMediaBridge: {
		"bbb-webrtc-sfu": "BBB's own media server (bbb-webrtc-sfu)",
		"livekit":        "LiveKit",
		"freeswitch":     "FreeSWITCH (audio)",
	},
	SetNotesEditor: {
		"etherpad":  "Etherpad (classic)",
		"blockNote": "BlockNote (newer editor)",
	},
	SetFeature: {
		"breakoutRooms":                       "Breakout rooms",
		"captions":                            "Closed captions",
		"chat":                                "Chat (public and private)",
		"privateChat":                         "Private chat",
		"downloadPresentationWithAnnotations": "Download of the presentation with annotations",
		"downloadPresentationConvertedToPdf":  "Download of the presentation as PDF",
		"downloadPresentationOriginalFile":    "Download of the original presentation file",
		"snapshotOfCurrentSlide":              "Snapshot of the current slide",
		"externalVideos":                      "Sharing external videos",
		"importPresentationWithAnnotationsFromBreakoutRooms": "Bringing whiteboards back from breakout rooms",
		"importSharedNotesFromBreakoutRooms":                 "Bringing shared notes back from breakout rooms",
		"layouts":                                            "Choosing a layout",
		"learningDashboard":                                  "Learning dashboard",
		"learningDashboardDownloadSessionData":               "Download of the learning dashboard's data",
		"polls":                                              "Polls",
		"screenshare":                                        "Screen sharing",
		"sharedNotes":                                        "Shared notes",
		"virtualBackgrounds":                                 "Virtual webcam backgrounds",
		"customVirtualBackgrounds":                           "Own webcam background images",
		"liveTranscription":                                  "Live transcription",
		"presentation":                                       "Presentation",
		"cameraAsContent":                                    "Webcam as the main content",
		"timer":                                              "Timer and stopwatch",
		"infiniteWhiteboard":                                 "Infinite whiteboard",
		"deleteChatMessage":                                  "Deleting chat messages",
		"editChatMessage":                                    "Editing chat messages",
		"replyChatMessage":                                   "Replying to chat messages",
		"chatMessageReactions":                               "Reactions to chat messages",
		"chatEmojiPicker":                                    "Emoji picker in the chat",
		"raiseHand":                                          "Raising a hand",
		"userReactions":                                      "Reactions (emoji) of participants",
		"quizzes":                                            "Quizzes",
		"plugins":                                            "Plugins",
		"multiFunctionalMode":                                "Multi-functional mode",
		"pinChatMessage":                                     "Pinning chat messages",
	},
}

// ChoiceKey is the translation key of an enumerated value's label.
func ChoiceKey(set, value string) string { return "choice." + set + "." + value }

// ChoiceLabelKey is the translation key of the label of one of the option's values.
func (o *Option) ChoiceLabelKey(value string) string { return ChoiceKey(o.ChoiceSet, value) }

// Portal fields the Essentials list names: not create parameters, but fields of the room form.
const (
	PortalMaxDuration  = "max_duration"  // the portal's own time limit, in minutes
	PortalPresentation = "presentation"  // the uploaded presentation
	PortalWhoMayStart  = "who_may_start" // who may start the meeting: WhoMayStartChoices
)

// WhoMayStartChoices are the values of the PortalWhoMayStart field.
var WhoMayStartChoices = []string{"moderators", "anyone"}

// Essential is one of the settings a teacher changes most, with a plain label and readable
// choices. Key is a create parameter (then Option is set) or one of the Portal* fields.
type Essential struct {
	Key     string
	Option  *Option
	Label   string // English; EssentialLabelKey(Key) translates it
	Help    string // English; EssentialHelpKey(Key)
	Choices []EssentialChoice
}

// EssentialChoice is a readable value of an Essential: Label in English, LabelKey to translate it.
type EssentialChoice struct {
	Value    string
	Label    string
	LabelKey string
}

// EssentialLabelKey, EssentialHelpKey and EssentialChoiceKey are the translation keys of an
// Essential's texts.
func EssentialLabelKey(key string) string { return "essential." + key + ".label" }
func EssentialHelpKey(key string) string  { return "essential." + key + ".help" }
func EssentialChoiceKey(key, value string) string {
	return "essential." + key + ".choice." + value
}

func yesNo(yes, no string) []EssentialChoice {
	return []EssentialChoice{{Value: "true", Label: yes}, {Value: "false", Label: no}}
}

// Essentials are the settings the room and template forms show first, in this order.
var Essentials = func() []Essential {
	list := []Essential{
		{Key: "welcome", Label: "Welcome message", Help: "Shown in the chat to everyone who joins."},
		{Key: "muteOnStart", Label: "Microphones at the start", Help: "Participants can unmute themselves later.",
			Choices: yesNo("Everyone joins muted", "Everyone can speak right away")},
		{Key: "guestPolicy", Label: "Who may come in", Help: "Guests are people who join with a guest link."},
		{Key: "record", Label: "Recording", Help: "Whether a moderator can record the meeting. Participants are told when it is recorded.",
			Choices: yesNo("The meeting may be recorded", "The meeting cannot be recorded")},
		{Key: "webcamsOnlyForModerator", Label: "Webcams", Help: "Moderators always see every webcam.",
			Choices: yesNo("Only moderators see participants' webcams", "Everyone sees every webcam")},
		{Key: "lockSettingsDisablePublicChat", Label: "Public chat", Help: "Moderators can always write in the chat.",
			Choices: yesNo("Only moderators may write in the public chat", "Everyone may write in the public chat")},
		{Key: "maxParticipants", Label: "Maximum participants", Help: "Nobody else can join once this many are in; 0 means no limit."},
		{Key: PortalMaxDuration, Label: "Time limit (minutes)", Help: "The portal ends the meeting this many minutes after it started; empty means no limit."},
		{Key: PortalPresentation, Label: "Presentation", Help: "A document shown when the meeting starts."},
		{Key: PortalWhoMayStart, Label: "Who may start the meeting", Help: "Until the meeting is started, everyone else waits.",
			Choices: []EssentialChoice{
				{Value: "moderators", Label: "The room's owners and anyone with a moderator link"},
				{Value: "anyone", Label: "Anyone with a link to the room, attendees too"},
			}},
	}
	for i := range list {
		e := &list[i]
		for j := range e.Choices {
			e.Choices[j].LabelKey = EssentialChoiceKey(e.Key, e.Choices[j].Value)
		}
		if o, ok := byName[e.Key]; ok {
			e.Option = o
			if o.Kind == Enum {
				for _, v := range o.Choices {
					e.Choices = append(e.Choices, EssentialChoice{Value: v, Label: ChoiceLabels[o.ChoiceSet][v], LabelKey: o.ChoiceLabelKey(v)})
				}
			}
		}
	}
	return list
}()
