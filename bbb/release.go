package bbb

import (
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// Release is a BBB release number such as 2.7, 3.0.25 or 4.0. The zero
// Release means "unknown": every value and parameter counts as available
// in it, so a portal that cannot tell the server's version offers all.
type Release struct {
	Major, Minor, Patch int
}

// Releases the portal distinguishes.
var (
	Release27 = Release{2, 7, 0}
	Release30 = Release{3, 0, 0}
	Release40 = Release{4, 0, 0} // announced as 3.1, renamed
)

// ParseRelease reads "2.7", "3.0.25", "v4.0.0-beta.3" (a pre-release counts
// as its release). 3.1 is read as 4.0, its final name.
func ParseRelease(s string) (Release, error) {
	t := strings.TrimPrefix(strings.TrimSpace(s), "v")
	if i := strings.IndexAny(t, "-+ "); i >= 0 {
		t = t[:i]
	}
	parts := strings.Split(t, ".")
	if len(parts) < 2 || len(parts) > 3 {
		return Release{}, fmt.Errorf("bbb: %q is not a release number like 3.0 or 3.0.25", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 {
			return Release{}, fmt.Errorf("bbb: %q is not a release number like 3.0 or 3.0.25", s)
		}
		n[i] = v
	}
	r := Release{n[0], n[1], n[2]}
	if r.Major == 3 && r.Minor == 1 {
		r = Release{4, 0, r.Patch}
	}
	return r, nil
}

// IsZero reports whether the release is unknown.
func (r Release) IsZero() bool { return r == Release{} }

// Compare returns -1, 0 or +1 as r is older than, equal to or newer than o.
func (r Release) Compare(o Release) int {
	for _, d := range [3]int{r.Major - o.Major, r.Minor - o.Minor, r.Patch - o.Patch} {
		switch {
		case d < 0:
			return -1
		case d > 0:
			return 1
		}
	}
	return 0
}

// AtLeast reports whether r is o or newer. An unknown r is never at least anything.
func (r Release) AtLeast(o Release) bool { return !r.IsZero() && r.Compare(o) >= 0 }

// Before reports whether r is older than o. An unknown r is never before anything.
func (r Release) Before(o Release) bool { return !r.IsZero() && r.Compare(o) < 0 }

func (r Release) String() string {
	switch {
	case r.IsZero():
		return "unknown"
	case r.Patch == 0:
		return fmt.Sprintf("%d.%d", r.Major, r.Minor)
	}
	return fmt.Sprintf("%d.%d.%d", r.Major, r.Minor, r.Patch)
}

// span is when something exists: from since (inclusive) until removed (exclusive; zero = still there).
type span struct{ since, removed Release }

func (s span) availableIn(r Release) bool {
	if r.IsZero() {
		return true
	}
	return !r.Before(s.since) && (s.removed.IsZero() || r.Before(s.removed))
}

var layoutSpans = map[Layout]span{
	LayoutCustom:                  {Release{2, 4, 0}, Release40},
	LayoutSmart:                   {Release{2, 4, 0}, Release40},
	LayoutPresentationFocus:       {Release{2, 4, 0}, Release40},
	LayoutVideoFocus:              {Release{2, 4, 0}, Release40},
	LayoutCamerasOnly:             {Release30, Release{}},
	LayoutPresentationOnly:        {Release30, Release{}},
	LayoutParticipantsAndChatOnly: {Release30, Release{}},
	LayoutMediaOnly:               {Release30, Release{}},
	LayoutUnified:                 {Release40, Release{}},
}

// Since is the release that introduced the layout.
func (l Layout) Since() Release { return layoutSpans[l].since }

// Removed is the release that no longer accepts the layout (zero: still accepted).
func (l Layout) Removed() Release { return layoutSpans[l].removed }

// AvailableIn reports whether a server of release r accepts the layout.
func (l Layout) AvailableIn(r Release) bool { s, ok := layoutSpans[l]; return ok && s.availableIn(r) }

// LayoutsFor lists the layouts a server of release r accepts (all for an unknown release).
func LayoutsFor(r Release) []Layout {
	var out []Layout
	for _, l := range Layouts {
		if l.AvailableIn(r) {
			out = append(out, l)
		}
	}
	return out
}

// DefaultLayout is the layout a server of release r uses when create names
// none or one it does not accept (its defaultMeetingLayout property).
func DefaultLayout(r Release) Layout {
	if r.AtLeast(Release40) {
		return LayoutUnified
	}
	return LayoutCustom
}

var featureSpans = map[Feature]span{
	"downloadPresentationConvertedToPdf":   {Release27, Release{}},
	"downloadPresentationOriginalFile":     {Release27, Release{}},
	"snapshotOfCurrentSlide":               {Release27, Release{}},
	"layouts":                              {Release{2, 5, 0}, Release40},
	"learningDashboardDownloadSessionData": {Release{2, 7, 5}, Release{}},
	"liveTranscription":                    {Release{2, 6, 0}, Release{}},
	"presentation":                         {Release{2, 6, 0}, Release{}},
	"cameraAsContent":                      {Release27, Release{}},
	"timer":                                {Release27, Release{}},
	"infiniteWhiteboard":                   {Release30, Release{}},
	"deleteChatMessage":                    {Release30, Release{}},
	"editChatMessage":                      {Release30, Release{}},
	"replyChatMessage":                     {Release30, Release{}},
	"chatMessageReactions":                 {Release30, Release{}},
	"chatEmojiPicker":                      {Release30, Release{}},
	"raiseHand":                            {Release30, Release{}},
	"userReactions":                        {Release30, Release{}},
	"quizzes":                              {Release30, Release{}},
	"plugins":                              {Release30, Release{}},
	"multiFunctionalMode":                  {Release40, Release{}},
	"pinChatMessage":                       {Release40, Release{}},
}

func featureSpan(f Feature) (span, bool) {
	if s, ok := featureSpans[f]; ok {
		return s, true
	}
	return span{since: Release{2, 5, 0}}, f.known()
}

// Since is the release that introduced the feature name.
func (f Feature) Since() Release { s, _ := featureSpan(f); return s.since }

// Removed is the release that no longer knows the feature name (zero: still known).
func (f Feature) Removed() Release { s, _ := featureSpan(f); return s.removed }

// AvailableIn reports whether a server of release r knows the feature name.
func (f Feature) AvailableIn(r Release) bool { s, ok := featureSpan(f); return ok && s.availableIn(r) }

// FeaturesFor lists the feature names a server of release r knows (all for an unknown release).
func FeaturesFor(r Release) []Feature {
	var out []Feature
	for _, f := range Features {
		if f.AvailableIn(r) {
			out = append(out, f)
		}
	}
	return out
}

// createParamSpans holds the create parameters that are not in every
// release from 2.7 on; all others are.
var createParamSpans = map[string]span{
	"webVoice":                                {Release{}, Release40},
	"copyright":                               {Release{}, Release40},
	"lockSettingsDisableNote":                 {Release{}, Release40},
	"breakoutRoomsEnabled":                    {Release{}, Release30},
	"allowPromoteGuestToModerator":            {Release{2, 7, 9}, Release{}},
	"loginURL":                                {Release30, Release{}},
	"darklogo":                                {Release30, Release{}},
	"presentationConversionCacheEnabled":      {Release30, Release{}},
	"maxNumPages":                             {Release30, Release{}},
	"multiUserWhiteboardEnabled":              {Release30, Release{}},
	"pluginManifests":                         {Release30, Release{}},
	"pluginManifestsFetchUrl":                 {Release30, Release{}},
	"allowOverrideClientSettingsOnCreateCall": {Release30, Release{}},
	"cameraBridge":                            {Release30, Release{}},
	"screenShareBridge":                       {Release30, Release{}},
	"audioBridge":                             {Release30, Release{}},
	"clientSettingsOverrideJsonUrl":           {Release{3, 0, 25}, Release{}},
	"sharedNotesEditor":                       {Release{3, 0, 33}, Release{}},
	"sharedNotesInitialContentJsonUrl":        {Release{3, 0, 33}, Release{}},
	"sharedNotesInitialContentMarkdown":       {Release{3, 0, 33}, Release{}},
	"sharedNotesInitialContentMarkdownUrl":    {Release{3, 0, 33}, Release{}},
	"plugin_":                                 {Release30, Release{}},
	"lockSettingsPresenterPolicy":             {Release40, Release{}},
	"requireUserConsentBeforeUnmuting":        {Release40, Release{}},
	"notifyRecordingAppend":                   {Release40, Release{}},
}

func createParamSpan(name string) span {
	if strings.HasPrefix(name, "plugin_") {
		name = "plugin_"
	}
	return createParamSpans[name]
}

// CreateParamSince is the release that introduced a create parameter
// (zero: 2.7 or earlier). A plugin_<key> name counts as "plugin_".
func CreateParamSince(name string) Release { return createParamSpan(name).since }

// CreateParamRemoved is the release that no longer reads a create
// parameter (zero: still read).
func CreateParamRemoved(name string) Release { return createParamSpan(name).removed }

// CreateParamAvailable reports whether a server of release r reads the
// create parameter name (always true for an unknown release).
func CreateParamAvailable(name string, r Release) bool { return createParamSpan(name).availableIn(r) }

// ValuesFor is Values for a server of release r: parameters it does not
// read are left out, and so are a meetingLayout it does not accept (it
// would fall back to its default anyway) and disabledFeatures names it does
// not know. Dropped lists what was left out, as "name" or "name=value",
// for a warning.
func (p CreateParams) ValuesFor(r Release) (v url.Values, dropped []string, err error) {
	v, err = p.Values()
	if err != nil {
		return nil, nil, err
	}
	for name := range v {
		if !CreateParamAvailable(name, r) {
			dropped = append(dropped, name)
			v.Del(name)
		}
	}
	if p.MeetingLayout != "" && !p.MeetingLayout.AvailableIn(r) {
		dropped = append(dropped, "meetingLayout="+string(p.MeetingLayout))
		v.Del("meetingLayout")
	}
	for _, list := range []struct {
		name  string
		items []Feature
	}{{"disabledFeatures", p.DisabledFeatures}, {"disabledFeaturesExclude", p.DisabledFeaturesExclude}} {
		var keep []string
		for _, f := range list.items {
			if f.AvailableIn(r) {
				keep = append(keep, string(f))
			} else {
				dropped = append(dropped, list.name+"="+string(f))
			}
		}
		switch {
		case len(keep) == len(list.items):
		case len(keep) == 0:
			v.Del(list.name)
		default:
			v.Set(list.name, strings.Join(keep, ","))
		}
	}
	slices.Sort(dropped)
	return v, dropped, nil
}
