package views

import (
	"context"
	"net/url"
	"strconv"
	"time"

	"github.com/a-h/templ"

	"bbbportal/i18n"
	"bbbportal/models"
	"bbbportal/paths"
)

// RecordingsFilter is the filter form of a recordings list, as the query string carries it.
type RecordingsFilter struct {
	Room  uint
	State string
	From  string // yyyy-mm-dd
	To    string // yyyy-mm-dd, inclusive
	Q     string
	Sort  string
}

// RecordingRoomChoice is a room of the room filter.
type RecordingRoomChoice struct {
	ID   uint
	Name string
}

// RecordingsView is a recordings list: per room, "my recordings" or the admin's whole server.
type RecordingsView struct {
	Title       string // already translated
	Path        string // the list's own path (the filter form's target and the pages' links)
	ShowRoom    bool   // a column with the room (not on a room's own page)
	Rooms       []RecordingRoomChoice
	States      []string // the state filter's values
	Sorts       []string
	Filter      RecordingsFilter
	Items       []models.RecordingItem
	Page        int
	Pages       int
	Total       int
	RefreshedAt time.Time
	Stale       bool
	Limited     bool
	Now         time.Time
	Admin       bool           // the admin's list of the whole server (links to the retention page)
	Problems    []FieldProblem // filter fields that were not understood (left out of the filter)
	Problem     string         // BBB could not be read: what happened and what to do (already translated)
}

// RetentionView is the admin's retention page: the rules, and the result of a run.
type RetentionView struct {
	Rules []RetentionRuleView
	Run   *RetentionRunView
}

// RetentionRuleView is one template's rule.
type RetentionRuleView struct {
	TemplateID uint
	Template   string
	Days       int
	Action     string // models.RetainDelete or models.RetainUnpublish
}

// RetentionRunView is what a run did, or (DryRun) would do.
type RetentionRunView struct {
	DryRun bool
	At     time.Time
	Count  int
	Rules  []RetentionRuleResult
}

// RetentionRuleResult is one rule's part of a run.
type RetentionRuleResult struct {
	RetentionRuleView
	Problem string // already translated; nothing was changed for this rule then
	Items   []RetentionItem
}

// RetentionItem is a recording a rule removes.
type RetentionItem struct {
	Name, Room, State string
	End               time.Time
}

// RetentionField is the retention part of the template form.
type RetentionField struct {
	Days   string // "" or "0": keep recordings
	Action string // models.RetainDelete or models.RetainUnpublish
	Error  string // already translated
}

// RecordingsDeleteView is the confirmation page of a delete, naming the recordings.
type RecordingsDeleteView struct {
	Items  []models.RecordingItem
	Return string // the list to go back to (a same-origin path)
}

// NoticesView is the list of a user's notices.
type NoticesView struct {
	Notices []models.Notification
}

func (v RecordingsView) pageURL(page int) templ.SafeURL {
	q := url.Values{}
	f := v.Filter
	if f.Room != 0 {
		q.Set("room", strconv.FormatUint(uint64(f.Room), 10))
	}
	for k, val := range map[string]string{"state": f.State, "from": f.From, "to": f.To, "q": f.Q, "sort": f.Sort} {
		if val != "" {
			q.Set(k, val)
		}
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return templ.SafeURL(v.Path)
	}
	return templ.SafeURL(v.Path + "?" + q.Encode())
}

// recordingExplain says in plain words what a state means for this recording.
func recordingExplain(ctx context.Context, it models.RecordingItem, now time.Time) string {
	since := localDateTime(ctx, it.ProcessingSince)
	switch it.State {
	case models.RecProcessing:
		if now.After(it.ReadyBy.Add(2 * time.Hour)) {
			return i18n.T(ctx, "recordings.explain.late", "Since", since)
		}
		key := "recordings.explain.processing"
		if it.Expected {
			key = "recordings.explain.expected"
		}
		return i18n.T(ctx, key, "Since", since, "By", localDateTime(ctx, it.ReadyBy))
	case models.RecProcessed:
		return i18n.T(ctx, "recordings.explain.processed")
	case models.RecNone:
		return i18n.T(ctx, "recordings.explain.none", "Since", localDateTime(ctx, it.End))
	case models.RecDeleted:
		return i18n.T(ctx, "recordings.explain.deleted")
	}
	return ""
}

var knownFormats = map[string]bool{"presentation": true, "video": true, "podcast": true, "notes": true, "screenshare": true, "statistics": true}

// formatName names a playback format; one the portal does not know keeps BBB's name.
func formatName(ctx context.Context, typ string) string {
	if knownFormats[typ] {
		return i18n.T(ctx, "recordings.format."+typ)
	}
	return typ
}

// sizeText shows bytes as "12.3 MB".
func sizeText(ctx context.Context, n int64) string {
	units := []string{"B", "KB", "MB", "GB", "TB"}
	v, u := float64(n), 0
	for v >= 1000 && u < len(units)-1 {
		v /= 1000
		u++
	}
	prec := 1
	if u == 0 {
		prec = 0
	}
	s := strconv.FormatFloat(v, 'f', prec, 64)
	if i18n.Lang(ctx) == "de" {
		s = replaceDot(s)
	}
	return s + " " + units[u]
}

func replaceDot(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '.' {
			b[i] = ','
		}
	}
	return string(b)
}

func stateClass(state string) string { return "status rec-state rec-" + state }

func selectable(it models.RecordingItem) bool { return !it.Expected && it.State != models.RecNone }

func recordingPath(id string) string { return paths.Recording(id) }

func retentionRuleText(ctx context.Context, r RetentionRuleView) string {
	return i18n.T(ctx, "recordings.retention.rule."+r.Action, "Days", r.Days)
}
