package createopts

// All is every option, grouped and in form order.
var All = []Option{
	// Basics
	{Name: "welcome", Group: GroupBasics, Kind: Text, Label: "Welcome message",
		Help:       "Shown in the public chat when someone joins. Limited HTML (a, b, br, i, img, li, small, span, strong, u, ul); %%CONFNAME%%, %%DIALNUM%%, %%CONFNUM%% and %%SERVERURL%% are replaced.",
		BBBDefault: "the server's default welcome message"},
	{Name: "moderatorOnlyMessage", Group: GroupBasics, Kind: Text, Label: "Message for moderators",
		Help: "Shown to moderators only when they join; the same keywords as the welcome message.", Since: "1.1"},
	{Name: "dialNumber", Group: GroupBasics, Kind: String, Label: "Dial-in number",
		Help: "The telephone number shown in the welcome message for joining by phone.", BBBDefault: "613-555-1234"},
	{Name: "voiceBridge", Group: GroupBasics, Kind: Digits, Label: "Voice bridge",
		Help:       "The conference number callers dial in with. It must not be in use by another running meeting.",
		BBBDefault: "a random unused 5-digit number"},
	{Name: "webVoice", Group: GroupBasics, Kind: String, Label: "Web voice conference",
		Help: "Legacy name of the voice conference for web users.", BBBDefault: "the voice bridge"},

	// Audio & video
	{Name: "muteOnStart", Group: GroupAudioVideo, Kind: Bool, Label: "Mute everyone on start",
		Help: "Everyone joins muted until they unmute themselves.", BBBDefault: "true on BBB 3.0, false on 2.x", Since: "2.0"},
	{Name: "allowModsToUnmuteUsers", Group: GroupAudioVideo, Kind: Bool, Label: "Moderators may unmute users",
		Help: "Lets moderators unmute a participant, not only mute them.", BBBDefault: "false", Since: "2.2"},
	{Name: "allowModsToEjectCameras", Group: GroupAudioVideo, Kind: Bool, Label: "Moderators may close cameras",
		Help: "Lets moderators stop a participant's webcam.", BBBDefault: "false", Since: "2.4"},
	{Name: "webcamsOnlyForModerator", Group: GroupAudioVideo, Kind: Bool, Label: "Webcams visible to moderators only",
		Help: "Viewers see only moderators' webcams; moderators see everyone's.", BBBDefault: "false", Since: "1.1"},
	{Name: "userCameraCap", Group: GroupAudioVideo, Kind: Int, Label: "Webcams per user",
		Help: "How many webcams one user may share at once; 0 means unlimited.", BBBDefault: "3", Since: "2.4.5"},
	{Name: "meetingCameraCap", Group: GroupAudioVideo, Kind: Int, Label: "Webcams per meeting",
		Help: "How many webcams may be shared in the whole meeting; 0 means unlimited.", BBBDefault: "0", Since: "2.5"},
	{Name: "maxPinnedCameras", Group: GroupAudioVideo, Kind: Int, Label: "Pinned webcams",
		Help: "How many webcams may be pinned at once.", BBBDefault: "3", Since: "2.6"},
	{Name: "virtualBackgroundsDisabled", Group: GroupAudioVideo, Kind: Bool, Label: "Disable virtual backgrounds",
		Help: "Turns off virtual webcam backgrounds.", BBBDefault: "false", Since: "2.4.3",
		Deprecated: "since 2.5: use the disabled feature virtualBackgrounds"},
	{Name: "requireUserConsentBeforeUnmuting", Group: GroupAudioVideo, Kind: Bool, Label: "Ask before a moderator unmutes someone",
		Help: "When a moderator unmutes a participant, the participant is asked first and may refuse.", BBBDefault: "false", Since: "4.0"},
	{Name: "cameraBridge", Group: GroupAudioVideo, Kind: Enum, Choices: MediaBridges, ChoiceSet: SetMediaBridge, Label: "Camera media bridge",
		Help: "Which media server carries webcams (experimental).", BBBDefault: "bbb-webrtc-sfu", Since: "3.0"},
	{Name: "screenShareBridge", Group: GroupAudioVideo, Kind: Enum, Choices: MediaBridges, ChoiceSet: SetMediaBridge, Label: "Screen-sharing media bridge",
		Help: "Which media server carries screen sharing (experimental).", BBBDefault: "bbb-webrtc-sfu", Since: "3.0"},
	{Name: "audioBridge", Group: GroupAudioVideo, Kind: Enum, Choices: MediaBridges, ChoiceSet: SetMediaBridge, Label: "Audio media bridge",
		Help: "Which media server carries audio (experimental).", BBBDefault: "freeswitch", Since: "3.0"},

	// Lock settings
	lock("lockSettingsDisableCam", "Viewers cannot share webcams", "Locked viewers cannot share their webcam.", "false", "0.91"),
	lock("lockSettingsDisableMic", "Viewers cannot use the microphone", "Locked viewers can only listen.", "false", "0.91"),
	lock("lockSettingsDisablePrivateChat", "No private chat for viewers", "Locked viewers cannot chat privately.", "false", "0.91"),
	lock("lockSettingsDisablePublicChat", "No public chat for viewers", "Locked viewers cannot write in the public chat.", "false", "0.91"),
	lock("lockSettingsDisableNotes", "No shared notes for viewers", "Locked viewers cannot edit the shared notes.", "false", "2.4"),
	lock("lockSettingsHideUserList", "Hide the user list from viewers", "Locked viewers see only moderators in the user list.", "false", "0.91"),
	lock("lockSettingsLockOnJoin", "Apply lock settings on join", "Viewers are locked as soon as they join.", "true", "0.91"),
	lock("lockSettingsLockOnJoinConfigurable", "Viewers may change lock-on-join", "Lets viewers override lock-on-join.", "false", "0.91"),
	lock("lockSettingsHideViewersCursor", "Hide viewers' cursors", "Viewers' whiteboard cursors are hidden from other viewers.", "false", "2.5"),
	lock("lockSettingsHideViewersAnnotation", "Hide viewers' annotations", "Viewers' whiteboard annotations are hidden from other viewers.", "false", "2.7"),
	{Name: "lockSettingsPresenterPolicy", Group: GroupLock, Kind: Enum, Choices: PresenterPolicies, ChoiceSet: SetPresenterPolicy, Label: "Who may become presenter",
		Help: "Whether viewers may take the presenter role themselves, ask a moderator for it, or only be given it by a moderator.", BBBDefault: "requireApproval", Since: "4.0"},

	// Guests & access
	{Name: "guestPolicy", Group: GroupGuests, Kind: Enum, Choices: GuestPolicies, ChoiceSet: SetGuestPolicy, Label: "Guest policy",
		Help:       "Who may enter: everyone, nobody as guest, guests after a moderator approves them, or only signed-in users without asking.",
		BBBDefault: "ALWAYS_ACCEPT", Since: "2.0"},
	{Name: "allowPromoteGuestToModerator", Group: GroupGuests, Kind: Bool, Label: "Guests may be made moderators",
		Help: "Lets moderators promote a guest to moderator.", BBBDefault: "false", Since: "2.7.9"},
	{Name: "allowRequestsWithoutSession", Group: GroupGuests, Kind: Bool, Label: "Allow requests without a session cookie",
		Help: "Lets the client work where browsers block its session cookie (for example inside an LMS iframe).", BBBDefault: "false", Since: "2.4.3"},
	{Name: "loginURL", Group: GroupGuests, Kind: URL, Label: "Login URL",
		Help: "Where the client sends users whose session has become invalid.", Since: "3.0", AdminOnly: true},

	// Recording
	{Name: "record", Group: GroupRecording, Kind: Bool, Label: "Allow recording",
		Help: "Whether the meeting can be recorded at all. Without it the recording buttons do nothing.", BBBDefault: "false"},
	{Name: "autoStartRecording", Group: GroupRecording, Kind: Bool, Label: "Start recording automatically",
		Help: "Recording starts when the first user joins.", BBBDefault: "false", Since: "0.91"},
	{Name: "allowStartStopRecording", Group: GroupRecording, Kind: Bool, Label: "Moderators may start and stop recording",
		Help: "Shows the record button to moderators.", BBBDefault: "true", Since: "0.91"},
	{Name: "notifyRecordingIsOn", Group: GroupRecording, Kind: Bool, Label: "Ask for recording consent",
		Help: "Users are told the meeting is recorded and asked to consent.", BBBDefault: "false", Since: "2.6"},
	{Name: "recordFullDurationMedia", Group: GroupRecording, Kind: Bool, Label: "Record the whole meeting",
		Help: "Keeps media for the whole meeting, not only the marked segments, so segments can be chosen later.", BBBDefault: "false", Since: "2.6.9"},
	{Name: "meetingKeepEvents", Group: GroupRecording, Kind: Bool, Label: "Keep events of unrecorded meetings",
		Help: "Keeps the raw events file even when the meeting is not recorded (for analytics).", BBBDefault: "false", Since: "2.3"},
	{Name: "notifyRecordingAppend", Group: GroupRecording, Kind: String, Label: "Addition to the recording notice",
		Help: "A sentence added to the notice users see when the meeting is recorded (with \"Ask for recording consent\"), e.g. what the recording is for.", Since: "4.0"},
	{Name: "meta_bbb-anonymize-chat", Group: GroupRecording, Kind: Bool, Label: "Hide viewers' names in the recorded chat",
		Help:       "In the recording, chat messages of viewers show \"Viewer 1\", \"Viewer 2\", … instead of their names. Applies when the recording is processed.",
		BBBDefault: "the server's setting (anonymize_chat)"},
	{Name: "meta_bbb-anonymize-chat-moderators", Group: GroupRecording, Kind: Bool, Label: "Hide moderators' names in the recorded chat",
		Help:       "In the recording, chat messages of moderators are shown without their names too.",
		BBBDefault: "the server's setting (anonymize_chat_moderators)"},
	{Name: "meta_bbb-disable-recording-formats", Group: GroupRecording, Kind: Names, Label: "Recording formats not to produce",
		Help: "Formats the server does not process or publish for this meeting, as a comma list such as video,podcast (presentation is the usual playback). Servers that do not know this setting produce every format."},

	// Layout & features
	{Name: "meetingLayout", Group: GroupLayout, Kind: Enum, Choices: Layouts, ChoiceSet: SetLayout, Label: "Layout",
		Help:       "The layout everyone starts with. The layouts depend on the server's release: 3.0 added four, and 4.0 replaces the four older ones by its unified layout (a template with an older layout gets the unified one there).",
		BBBDefault: "SMART_LAYOUT", Since: "2.4"},
	{Name: "disabledFeatures", Group: GroupLayout, Kind: Features, Choices: DisabledFeatureNames, ChoiceSet: SetFeature, Label: "Disabled features",
		Help: "Features that are switched off in this meeting.", Since: "2.5"},
	{Name: "disabledFeaturesExclude", Group: GroupLayout, Kind: Features, Choices: DisabledFeatureNames, ChoiceSet: SetFeature, Label: "Re-enabled features",
		Help: "Features to keep on although the server's own default disables them.", Since: "2.6.9"},
	{Name: "multiUserWhiteboardEnabled", Group: GroupLayout, Kind: Bool, Label: "Multi-user whiteboard",
		Help: "Everyone may draw on the whiteboard from the start.", BBBDefault: "false", Since: "3.0"},
	{Name: "learningDashboardEnabled", Group: GroupLayout, Kind: Bool, Label: "Learning dashboard",
		Help: "Collects activity data for the learning dashboard.", BBBDefault: "true", Since: "2.4",
		Deprecated: "since 2.5: use the disabled feature learningDashboard"},
	{Name: "learningDashboardCleanupDelayInMinutes", Group: GroupLayout, Kind: Int, Label: "Keep dashboard data (minutes)",
		Help: "How long the learning dashboard stays available after the meeting; 0 keeps it.", BBBDefault: "2", Since: "2.4"},
	{Name: "sharedNotesEditor", Group: GroupLayout, Kind: Enum, Choices: NotesEditors, ChoiceSet: SetNotesEditor, Label: "Shared notes editor",
		Help: "Which editor the shared notes use.", BBBDefault: "the server's default editor", Since: "3.0.33"},
	{Name: "sharedNotesInitialContentMarkdown", Group: GroupLayout, Kind: Text, Label: "Initial shared notes",
		Help: "Text in Markdown that the shared notes start with.", Since: "3.0.33"},
	{Name: "sharedNotesInitialContentMarkdownUrl", Group: GroupLayout, Kind: URL, Label: "Initial shared notes URL (Markdown)",
		Help: "A Markdown document the server downloads as the start of the shared notes.", Since: "3.0.33", AdminOnly: true, Fetched: true},
	{Name: "sharedNotesInitialContentJsonUrl", Group: GroupLayout, Kind: URL, Label: "Initial shared notes URL (editor JSON)",
		Help: "A document in the notes editor's JSON format that the server downloads as the start of the shared notes.", Since: "3.0.33", AdminOnly: true, Fetched: true},

	// Breakout rooms
	{Name: "breakoutRoomsEnabled", Group: GroupBreakout, Kind: Bool, Label: "Breakout rooms",
		Help: "Allows breakout rooms.", BBBDefault: "true", Deprecated: "since 2.5, ignored by 3.0: use the disabled feature breakoutRooms"},
	{Name: "breakoutRoomsRecord", Group: GroupBreakout, Kind: Bool, Label: "Record breakout rooms",
		Help: "Breakout rooms may be recorded.", BBBDefault: "false", Since: "2.2"},
	{Name: "breakoutRoomsPrivateChatEnabled", Group: GroupBreakout, Kind: Bool, Label: "Private chat in breakout rooms",
		Help: "Participants may chat privately inside breakout rooms.", BBBDefault: "true", Since: "2.2"},
	{Name: "breakoutRoomsCaptureSlides", Group: GroupBreakout, Kind: Bool, Label: "Bring back breakout whiteboards",
		Help: "The whiteboards of breakout rooms are added to the main room's presentations when they end.", BBBDefault: "false", Since: "2.6"},
	{Name: "breakoutRoomsCaptureNotes", Group: GroupBreakout, Kind: Bool, Label: "Bring back breakout notes",
		Help: "The shared notes of breakout rooms are added to the main room when they end.", BBBDefault: "false", Since: "2.6"},
	{Name: "breakoutRoomsCaptureSlidesFilename", Group: GroupBreakout, Kind: String, Label: "File name for captured whiteboards",
		Help: "Name of the captured whiteboard file; %%CONFNAME%% is replaced.", BBBDefault: "%%CONFNAME%%", Since: "2.6"},
	{Name: "breakoutRoomsCaptureNotesFilename", Group: GroupBreakout, Kind: String, Label: "File name for captured notes",
		Help: "Name of the captured notes file; %%CONFNAME%% is replaced.", BBBDefault: "%%CONFNAME%%", Since: "2.6"},

	// Branding
	{Name: "logo", Group: GroupBranding, Kind: URL, Label: "Logo",
		Help: "URL of the logo shown in the client.", BBBDefault: "the server's logo", Since: "2.0", AdminOnly: true, Fetched: true},
	{Name: "darklogo", Group: GroupBranding, Kind: URL, Label: "Logo for the dark theme",
		Help: "URL of the logo shown when the dark theme is on.", Since: "3.0", AdminOnly: true, Fetched: true},
	{Name: "bannerText", Group: GroupBranding, Kind: String, Label: "Banner text",
		Help: "A line of text shown above the presentation.", Since: "2.0"},
	{Name: "bannerColor", Group: GroupBranding, Kind: Color, Label: "Banner colour",
		Help: "Background colour of the banner, as #RRGGBB.", BBBDefault: "#FFFFFF", Since: "2.0"},
	{Name: "copyright", Group: GroupBranding, Kind: String, Label: "Copyright",
		Help: "Copyright notice (the HTML5 client does not show it).", Since: "2.0"},

	// Presentations
	{Name: "preUploadedPresentation", Group: GroupPresentation, Kind: URL, Label: "Presentation URL",
		Help: "A document BBB downloads and shows when the meeting starts.", Since: "2.7.2", AdminOnly: true, Fetched: true},
	{Name: "preUploadedPresentationName", Group: GroupPresentation, Kind: String, Label: "Presentation file name",
		Help: "File name of that document, needed when its URL has no extension.", Since: "2.7.2"},
	{Name: "preUploadedPresentationOverrideDefault", Group: GroupPresentation, Kind: Bool, Label: "Replace the default presentation",
		Help: "When a presentation is given, do not also load the server's default slides.", BBBDefault: "true", Since: "2.5"},
	{Name: "presentationUploadExternalUrl", Group: GroupPresentation, Kind: URL, Label: "External upload page",
		Help: "A page users are sent to for uploading documents from elsewhere (e.g. a file service).", Since: "2.6"},
	{Name: "presentationUploadExternalDescription", Group: GroupPresentation, Kind: String, Label: "External upload description",
		Help: "The text shown with the external upload link.", Since: "2.6"},
	{Name: "presentationConversionCacheEnabled", Group: GroupPresentation, Kind: Bool, Label: "Reuse converted slides",
		Help: "Reuses slides already converted for the same document.", BBBDefault: "false", Since: "3.0"},
	{Name: "maxNumPages", Group: GroupPresentation, Kind: Int, Label: "Maximum pages",
		Help: "The largest number of pages an uploaded presentation may have.", BBBDefault: "200", Since: "3.0"},

	// Limits & expiry
	{Name: "maxParticipants", Group: GroupLimits, Kind: Int, Label: "Maximum participants",
		Help: "How many people may join; 0 means unlimited.", BBBDefault: "0"},
	{Name: "duration", Group: GroupLimits, Kind: Int, Label: "Duration (minutes)",
		Help: "BBB ends the meeting this many minutes after it starts; 0 means no limit. Some hosts ignore it; the portal also ends the meeting on time.", BBBDefault: "0"},
	{Name: "meetingExpireIfNoUserJoinedInMinutes", Group: GroupLimits, Kind: Int, Label: "End if nobody joins within (minutes)",
		Help: "The meeting is removed when nobody has joined this many minutes after it was created.", BBBDefault: "5", Since: "2.5"},
	{Name: "meetingExpireWhenLastUserLeftInMinutes", Group: GroupLimits, Kind: Int, Label: "End after the last user left (minutes)",
		Help: "The meeting ends this many minutes after the last user left; 0 keeps it until its duration.", BBBDefault: "1", Since: "2.5"},
	{Name: "endWhenNoModerator", Group: GroupLimits, Kind: Bool, Label: "End when no moderator is left",
		Help: "The meeting ends when the last moderator has left.", BBBDefault: "false", Since: "2.3"},
	{Name: "endWhenNoModeratorDelayInMinutes", Group: GroupLimits, Kind: Int, Label: "Wait for a moderator (minutes)",
		Help: "How long to wait for a moderator to come back before ending.", BBBDefault: "1", Since: "2.3"},
	{Name: "logoutTimer", Group: GroupLimits, Kind: Int, Label: "Logout timer (minutes)",
		Help: "Inactivity time after which users are logged out (undocumented by BBB)."},

	// Callbacks & metadata
	{Name: MetaOption, Group: GroupCallbacks, Kind: Meta, Label: "Metadata",
		Help: "Name and value pairs stored with the meeting and copied to its recordings. Names start with a letter and contain only letters, digits and '-'; BBB lower-cases them."},

	// Advanced
	{Name: "groups", Group: GroupAdvanced, Kind: JSON, Label: "Breakout groups",
		Help: `Pre-assigns users to breakout rooms: [{"id":"g1","name":"Group 1","roster":["user-id",…]}].`, Since: "2.5",
		jsonChecker: checkGroups},
	{Name: "pluginManifests", Group: GroupAdvanced, Kind: JSON, Label: "Plugin manifests",
		Help: `Client plugins to load: [{"url":"https://…/manifest.json","checksum":"optional sha256"}].`, Since: "3.0",
		AdminOnly: true, Fetched: true, jsonChecker: checkPluginManifests},
	{Name: "pluginManifestsFetchUrl", Group: GroupAdvanced, Kind: URL, Label: "Plugin manifests list URL",
		Help: "A URL from which the server fetches a JSON list of plugin manifests.", Since: "3.0", AdminOnly: true, Fetched: true},
	{Name: PluginOption, Group: GroupAdvanced, Kind: Params, Label: "Plugin parameters",
		Help:  "Name and value pairs that fill the ${plugin_name:default} placeholders of plugin manifests. Names contain only letters, digits, '_' and '-'; BBB lower-cases them.",
		Since: "3.0", AdminOnly: true},
	{Name: "allowOverrideClientSettingsOnCreateCall", Group: GroupAdvanced, Kind: Bool, Label: "Allow client settings override",
		Help: "Needed for the client settings override below to take effect.", BBBDefault: "false", Since: "3.0"},
	{Name: "clientSettingsOverride", Group: GroupAdvanced, Kind: JSON, Label: "Client settings override",
		Help: `JSON merged into the client's settings, e.g. {"public":{"app":{"appName":"My school"}}}. Sent in the create request's body.`, Since: "3.0",
		InPOSTBody: true, AdminOnly: true, jsonChecker: checkObject},
	{Name: "clientSettingsOverrideJsonUrl", Group: GroupAdvanced, Kind: URL, Label: "Client settings override URL",
		Help: "A URL of JSON client settings the server fetches; it takes precedence over the inline override and needs no permission.", Since: "3.0.25",
		AdminOnly: true, Fetched: true},
}

func lock(name, label, help, def, since string) Option {
	return Option{Name: name, Group: GroupLock, Kind: Bool, Label: label, Help: help, BBBDefault: def, Since: since}
}

var byName = func() map[string]*Option {
	m := make(map[string]*Option, len(All))
	for i := range All {
		m[All[i].Name] = &All[i]
	}
	return m
}()

// Lookup returns the option for a parameter name. A meta_<name> or plugin_<key> that is not an
// option of its own maps to the metadata or plugin-parameter option holding its row.
func Lookup(name string) (*Option, bool) {
	if o, ok := byName[name]; ok {
		return o, true
	}
	if rows := rowOption(name); rows != "" {
		return byName[rows], true
	}
	return nil, false
}

// rowOption returns the pseudo-option (MetaOption or PluginOption) whose rows hold the parameter
// name, or "" when name is not such a row (meta_bbb-anonymize-chat, for one, is an option).
func rowOption(name string) string {
	if _, own := byName[name]; own {
		return ""
	}
	switch {
	case isMetaName(name):
		return MetaOption
	case isPluginName(name):
		return PluginOption
	}
	return ""
}

// InGroup returns the options of one form section in order.
func InGroup(g Group) []*Option {
	var out []*Option
	for i := range All {
		if All[i].Group == g {
			out = append(out, &All[i])
		}
	}
	return out
}
