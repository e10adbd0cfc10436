package links

import (
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"bbbportal/models"
)

// Form is the new-link form as posted to POST /rooms/{id}/links.
type Form struct {
	Role       string `form:"role"`
	Label      string `form:"label"`
	FixedName  string `form:"fixed_name"`
	AccessCode string `form:"access_code"`
	ExpiresAt  string `form:"expires_at"` // datetime-local: 2006-01-02T15:04 in the portal's time zone
	MaxUses    string `form:"max_uses"`
}

// Spec is a validated new link.
type Spec struct {
	Role       string
	Label      string
	FixedName  string
	AccessCode string
	ExpiresAt  *time.Time
	MaxUses    int
}

// Limits of the form's fields.
const (
	MaxLabel      = 100
	MaxName       = 100
	MinAccessCode = 4
	MaxAccessCode = 64
	MaxMaxUses    = 100_000
)

// Validate checks the form at now; errors map a field name to a translation key.
func (f Form) Validate(now time.Time, loc *time.Location) (Spec, map[string]string) {
	errs := map[string]string{}
	sp := Spec{Role: strings.TrimSpace(f.Role), Label: CleanName(f.Label), FixedName: CleanName(f.FixedName),
		AccessCode: strings.TrimSpace(f.AccessCode)}
	switch sp.Role {
	case models.LinkModerator, models.LinkAttendee, models.LinkGuest:
	default:
		errs["role"] = "links.err.role"
	}
	if utf8.RuneCountInString(sp.Label) > MaxLabel {
		errs["label"] = "links.err.label"
	}
	if utf8.RuneCountInString(sp.FixedName) > MaxName {
		errs["fixed_name"] = "links.err.name_long"
	}
	if n := utf8.RuneCountInString(sp.AccessCode); sp.AccessCode != "" && (n < MinAccessCode || n > MaxAccessCode) {
		errs["access_code"] = "links.err.access_code"
	}
	if v := strings.TrimSpace(f.ExpiresAt); v != "" {
		if loc == nil {
			loc = time.Local
		}
		t, err := time.ParseInLocation("2006-01-02T15:04", v, loc)
		switch {
		case err != nil:
			errs["expires_at"] = "links.err.expires_format"
		case !t.After(now):
			errs["expires_at"] = "links.err.expires_past"
		default:
			u := t.UTC()
			sp.ExpiresAt = &u
		}
	}
	if v := strings.TrimSpace(f.MaxUses); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxMaxUses {
			errs["max_uses"] = "links.err.max_uses"
		} else {
			sp.MaxUses = n
		}
	}
	return sp, errs
}

// CleanName returns a display name as BBB receives it: control and format characters
// removed, runs of white space made one space, trimmed. Markup stays text: pages escape
// it and BBB gets it URL-encoded, as typed.
func CleanName(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsSpace(r):
			space = b.Len() > 0
			continue
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), r == utf8.RuneError:
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
