package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"strings"
)

// Browser is a signed-in visitor of the portal: a cookie jar and the page's CSRF token.
type Browser struct {
	Base   string
	Client *http.Client
	CSRF   string
}

var csrfInput = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// SignIn logs into the portal at base as email and returns the browser, ready to fetch pages.
func SignIn(ctx context.Context, base, email, password string) (*Browser, error) {
	jar, _ := cookiejar.New(nil)
	client := Client(4)
	client.Jar = jar
	b := &Browser{Base: base, Client: client}
	page, err := b.Page(ctx, "/login")
	if err != nil {
		return nil, err
	}
	form := url.Values{"email": {email}, "password": {password}, "_csrf": {CSRFToken(page)}}
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := Expect(client.Do(req))(http.StatusSeeOther); err != nil {
		return nil, fmt.Errorf("bench: sign in as %s: %w", email, err)
	}
	home, err := b.Page(ctx, "/")
	if err != nil {
		return nil, err
	}
	b.CSRF = CSRFToken(home)
	return b, nil
}

// CSRFToken returns the first CSRF form field's value in a page.
func CSRFToken(page string) string {
	if m := csrfInput.FindStringSubmatch(page); m != nil {
		return m[1]
	}
	return ""
}

// Page GETs path and returns the body of a 200 answer.
func (b *Browser) Page(ctx context.Context, path string) (string, error) {
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, b.Base+path, nil)
	resp, err := b.Client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("bench: GET %s: status %d", path, resp.StatusCode)
	}
	return string(body), nil
}

// Cookie returns the Cookie header the browser sends to the portal, for load workers that
// share one session.
func (b *Browser) Cookie() string {
	u, _ := url.Parse(b.Base)
	var parts []string
	for _, c := range b.Client.Jar.Cookies(u) {
		parts = append(parts, c.Name+"="+c.Value)
	}
	return strings.Join(parts, "; ")
}
