package createopts

// SeedTemplate is a global template created on first start.
type SeedTemplate struct {
	// Key names the template's translated name and description (starter.<Key>.name and
	// starter.<Key>.description); Name and Description are what is stored.
	Key         string
	Name        string
	Description string
	Settings    Settings
}

// Seeds are the templates a new portal starts with.
var Seeds = []SeedTemplate{
	{
		Key:         "standard",
		Name:        "Standard",
		Description: "A class or meeting: everyone may talk and share their webcam; recording can be started by moderators.",
		Settings: Settings{
			"record":                  {Value: "true"},
			"allowStartStopRecording": {Value: "true"},
			"muteOnStart":             {Value: "false"},
			"guestPolicy":             {Value: "ALWAYS_ACCEPT"},
			"meetingLayout":           {Value: "SMART_LAYOUT"},
		},
	},
	{
		Key:         "lecture",
		Name:        "Lecture: large audience, viewers muted and locked",
		Description: "For lectures: viewers join muted, without webcam, microphone or public chat; only the presenter's slides and camera are shown.",
		Settings: Settings{
			"muteOnStart":                    {Value: "true", Policy: PolicyForced},
			"webcamsOnlyForModerator":        {Value: "true"},
			"lockSettingsDisableCam":         {Value: "true", Policy: PolicyForced},
			"lockSettingsDisableMic":         {Value: "true", Policy: PolicyForced},
			"lockSettingsDisablePrivateChat": {Value: "true"},
			"lockSettingsDisablePublicChat":  {Value: "false"},
			"lockSettingsLockOnJoin":         {Value: "true", Policy: PolicyForced},
			"meetingLayout":                  {Value: "PRESENTATION_FOCUS"},
			"record":                         {Value: "true"},
			"autoStartRecording":             {Value: "true"},
			"userCameraCap":                  {Value: "1"},
		},
	},
	{
		Key:         "exam",
		Name:        "Exam supervision",
		Description: "Students keep their webcams on and cannot see each other; no chat, notes or screen sharing; guests wait for approval; not recorded.",
		Settings: Settings{
			"record":                         {Value: "false", Policy: PolicyForced},
			"webcamsOnlyForModerator":        {Value: "true", Policy: PolicyForced},
			"lockSettingsDisablePrivateChat": {Value: "true", Policy: PolicyForced},
			"lockSettingsDisablePublicChat":  {Value: "true", Policy: PolicyForced},
			"lockSettingsDisableNotes":       {Value: "true", Policy: PolicyForced},
			"lockSettingsHideUserList":       {Value: "true", Policy: PolicyForced},
			"lockSettingsLockOnJoin":         {Value: "true", Policy: PolicyForced},
			"guestPolicy":                    {Value: "ASK_MODERATOR", Policy: PolicyForced},
			"disabledFeatures":               {Value: "privateChat,sharedNotes,screenshare,externalVideos,polls", Policy: PolicyForced},
			"endWhenNoModerator":             {Value: "true"},
		},
	},
}

// SeedNamed returns the starter template stored under name, if name is still a starter's.
func SeedNamed(name string) (SeedTemplate, bool) {
	for _, s := range Seeds {
		if s.Name == name {
			return s, true
		}
	}
	return SeedTemplate{}, false
}
