package rooms

import (
	"net/url"
	"regexp"
	"strings"

	"bbbportal/bbb"
	"bbbportal/models"
)

// Masked stands for the checksum, the end-callback token and presentation tokens in a preview.
const Masked = "MASKED"

// Preview is the create call that starting a room sends, as API Mate would show it.
type Preview struct {
	Method string // GET, or POST with an XML body when documents or client settings are sent
	URL    string // signed, with the checksum masked
	Body   string // the <modules> body, inline files shortened
}

var checksumParam = regexp.MustCompile(`([?&]checksum=)[0-9a-fA-F]+`)

// Preview builds the create call of room. shortened(n) is the note shown instead of an
// inline file of n base64 characters.
func (s *Service) Preview(room *models.Room, shortened func(n int) string) (Preview, error) {
	p, err := s.meetings.CreateCall(room, Masked)
	if err != nil {
		return Preview{}, err
	}
	values, err := p.Values()
	if err != nil {
		return Preview{}, err
	}
	signed, err := s.bbb.SignedURL("create", values)
	if err != nil {
		return Preview{}, err
	}
	out := Preview{Method: "GET", URL: checksumParam.ReplaceAllString(signed, "${1}"+Masked)}
	if len(p.Documents) > 0 || p.ClientSettingsOverride != "" {
		out.Method = "POST (Content-Type: application/xml)"
		if out.Body, err = previewBody(p.Documents, p.ClientSettingsOverride, shortened); err != nil {
			return Preview{}, err
		}
	}
	return out, nil
}

var inlineDocument = regexp.MustCompile(`(<document [^>]*>)([A-Za-z0-9+/=]+)(</document>)`)

// previewBody is the <modules> body create posts, with inline files shortened (to the note
// shortened gives for their length) and served presentation URLs masked.
func previewBody(docs []bbb.Document, clientSettings string, shortened func(n int) string) (string, error) {
	shown := make([]bbb.Document, len(docs))
	for i, d := range docs {
		d.URL = maskToken(d.URL)
		shown[i] = d
	}
	body, err := bbb.ModulesBody(shown, clientSettings)
	if err != nil {
		return "", err
	}
	return inlineDocument.ReplaceAllStringFunc(string(body), func(m string) string {
		parts := inlineDocument.FindStringSubmatch(m)
		return parts[1] + shortened(len(parts[2])) + parts[3]
	}), nil
}

// maskToken hides the unguessable part of a presentation URL the portal serves.
func maskToken(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || !strings.Contains(u.Path, "/presentations/") {
		return raw
	}
	dir, _, _ := strings.Cut(u.Path, "/presentations/")
	u.Path = dir + "/presentations/" + Masked
	return u.String()
}
