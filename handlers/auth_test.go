package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"bbbportal/audit"
	"bbbportal/handlers"
	"bbbportal/models"
)

const testPassword = "correct horse battery"

func TestLoginShowsDashboardAndLogoutEndsSession(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)

	if pg := b.get("/"); pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != "/login" {
		t.Fatalf("anonymous GET /: %d %q, want a redirect to /login", pg.Status, pg.Header.Get("Location"))
	}
	b.login("ADA@example.org", testPassword)
	b.get("/").contains(t, "Welcome, ada.")

	pg := b.submit("/", "/logout", url.Values{})
	if pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != "/login" {
		t.Fatalf("logout: %d %q", pg.Status, pg.Header.Get("Location"))
	}
	b.get("/login").contains(t, "You have been logged out.")
	if pg := b.get("/"); pg.Status != http.StatusSeeOther {
		t.Fatalf("GET / after logout: %d, want a redirect to the login page", pg.Status)
	}
	if n := len(p.auditEntries("auth.logout")); n != 1 {
		t.Errorf("%d auth.logout audit entries, want 1", n)
	}
}

func TestLoginFailureDoesNotRevealAccounts(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	disabled := p.createUser("bob@example.org", models.RoleTeacher, testPassword)
	if err := models.SetDisabled(p.DB, disabled.ID, true); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ name, email, password, reason string }{
		{"wrong password", "ada@example.org", "not the password", "wrong_password"},
		{"unknown account", "nobody@example.org", testPassword, "unknown_account"},
		{"disabled account", "bob@example.org", testPassword, "disabled"},
	}
	var bodies []string
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := newBrowser(t, p.URL)
			pg := b.submit("/login", "/login", url.Values{"email": {tc.email}, "password": {tc.password}})
			if pg.Status != http.StatusUnauthorized {
				t.Fatalf("status %d, want 401", pg.Status)
			}
			pg.contains(t, "Email or password is wrong, or the account is disabled.")
			if strings.Contains(pg.Body, tc.password) {
				t.Error("the page shows the password back")
			}
			bodies = append(bodies, csrfInput.ReplaceAllString(pg.Body, ""))
			if b.get("/").Status != http.StatusSeeOther {
				t.Error("a failed login signed the browser in")
			}
		})
	}
	for _, body := range bodies[1:] {
		if strings.ReplaceAll(body, "nobody@", "x@") != strings.ReplaceAll(bodies[0], "ada@", "x@") &&
			!strings.Contains(body, "Email or password is wrong") {
			t.Error("failure pages differ")
		}
	}
	entries := p.auditEntries("auth.login")
	if len(entries) != len(cases) {
		t.Fatalf("%d auth.login entries, want %d", len(entries), len(cases))
	}
	for i, e := range entries {
		if e.Result != audit.ResultDenied || !strings.Contains(e.Details, cases[i].reason) || e.ClientIP != "127.0.0.1" || e.RequestID == "" {
			t.Errorf("entry %d = %+v, want denied with reason %s, IP and request ID", i, e, cases[i].reason)
		}
		if strings.Contains(e.Details, cases[i].password) {
			t.Errorf("entry %d stores the password", i)
		}
	}
}

func TestSessionCookieFlags(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		baseURL string
		secure  bool
	}{{"", false}, {"https://portal.example.org", true}} {
		t.Run("secure="+map[bool]string{true: "yes", false: "no"}[tc.secure], func(t *testing.T) {
			env := map[string]string{}
			if tc.baseURL != "" {
				env["BASE_URL"] = tc.baseURL
			}
			p := startPortal(t, env)
			p.createUser("ada@example.org", models.RoleTeacher, testPassword)
			b := newBrowser(t, p.URL)
			// Read the raw Set-Cookie header: a cookie jar hides the flags (and drops Secure cookies over http).
			login := b.get("/login")
			csrf := csrfInput.FindStringSubmatch(login.Body)[1]
			form := url.Values{"email": {"ada@example.org"}, "password": {testPassword}, "_csrf": {csrf}}
			req, _ := http.NewRequest(http.MethodPost, p.URL+"/login", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Referer", p.Config.BaseURL.String()+"/login")
			pg := b.do(req)
			var session string
			for _, c := range pg.Header.Values("Set-Cookie") {
				if strings.HasPrefix(c, handlers.SessionName+"=") {
					session = c
				}
			}
			if session == "" {
				t.Fatalf("login (%d) set no session cookie", pg.Status)
			}
			for _, flag := range []string{"HttpOnly", "SameSite=Lax", "Max-Age=43200"} {
				if !strings.Contains(session, flag) {
					t.Errorf("session cookie %q lacks %s", session, flag)
				}
			}
			if got := strings.Contains(session, "; Secure"); got != tc.secure {
				t.Errorf("Secure = %v, want %v: %q", got, tc.secure, session)
			}
		})
	}
}

func TestNewSessionOnLogin(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	b := newBrowser(t, p.URL)
	b.get("/login")
	if b.cookie(handlers.SessionName) != nil {
		t.Fatal("an anonymous visitor got a session cookie")
	}
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b.login("ada@example.org", testPassword)
	before := b.cookie(handlers.SessionName)
	if before == nil || len(before.Value) < 40 {
		t.Fatalf("session cookie after login: %+v, want a random token", before)
	}
	// Logging in again in the same browser replaces the session: the old token opens nothing.
	b.submit("/", "/logout", url.Values{})
	b.login("ada@example.org", testPassword)
	after := b.cookie(handlers.SessionName)
	if after == nil || after.Value == before.Value {
		t.Fatal("login kept the session token it was given")
	}
	attacker := newBrowser(t, p.URL)
	u, _ := url.Parse(p.URL)
	attacker.client.Jar.SetCookies(u, []*http.Cookie{before})
	if pg := attacker.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("the token of an ended session opens the dashboard: %d", pg.Status)
	}
}

func TestPostWithoutCSRFTokenIsRefused(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleAdmin, testPassword)
	b := newBrowser(t, p.URL)
	b.login("ada@example.org", testPassword)

	for _, path := range []string{"/logout", "/account/language", "/admin/users"} {
		pg := b.post(path, url.Values{"language": {"de"}, "email": {"eve@example.org"}, "display_name": {"Eve"}, "role": {"admin"}, "password": {testPassword}})
		if pg.Status != http.StatusForbidden {
			t.Errorf("POST %s without token: %d, want 403", path, pg.Status)
		}
		pg.contains(t, "This form has expired or was sent from another site.")
	}
	pg := b.post("/login", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	if pg.Status != http.StatusForbidden {
		t.Errorf("POST /login without token: %d, want 403", pg.Status)
	}
	// A wrong token in the form is refused too.
	b.get("/")
	if pg := b.post("/account/language", url.Values{"language": {"de"}, "_csrf": {"forged.token"}}); pg.Status != http.StatusForbidden {
		t.Errorf("forged token: %d, want 403", pg.Status)
	}
	// The header htmx sends is accepted.
	token := csrfInput.FindStringSubmatch(b.get("/account").Body)[1]
	b.header.Set("X-CSRF-Token", token)
	if pg := b.post("/account/language", url.Values{"language": {"de"}}); pg.Status != http.StatusSeeOther {
		t.Errorf("token in X-CSRF-Token header: %d, want 303", pg.Status)
	}
	if _, err := models.UserByEmail(p.DB, "eve@example.org"); err == nil {
		t.Error("a POST without a token created a user")
	}
}

func TestRepeatedWrongPasswordsAreLimited(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	for i := 0; i < handlers.LoginAttemptsPerAccountAndIP; i++ {
		if pg := b.submit("/login", "/login", url.Values{"email": {"ada@example.org"}, "password": {"wrong"}}); pg.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, pg.Status)
		}
	}
	pg := b.submit("/login", "/login", url.Values{"email": {"ada@example.org"}, "password": {testPassword}})
	if pg.Status != http.StatusTooManyRequests {
		t.Fatalf("attempt after %d failures: %d, want 429", handlers.LoginAttemptsPerAccountAndIP, pg.Status)
	}
	pg.contains(t, "Too many attempts, try again in ")
	if pg.Header.Get("Retry-After") == "" {
		t.Error("no Retry-After header")
	}
	// Another browser (same IP) cannot get into that account either, but another account still can log in.
	other := newBrowser(t, p.URL)
	if pg := other.submit("/login", "/login", url.Values{"email": {"Ada@Example.org"}, "password": {testPassword}}); pg.Status != http.StatusTooManyRequests {
		t.Errorf("same account from another browser: %d, want 429", pg.Status)
	}
	p.createUser("bob@example.org", models.RoleTeacher, testPassword)
	other.login("bob@example.org", testPassword)
}

func TestLoginLimitPerIP(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	b := newBrowser(t, p.URL)
	for i := 0; i < handlers.LoginAttemptsPerIP; i++ {
		email := fmt.Sprintf("user%d@example.org", i)
		if pg := b.submit("/login", "/login", url.Values{"email": {email}, "password": {"wrong"}}); pg.Status != http.StatusUnauthorized {
			t.Fatalf("attempt %d: %d, want 401", i+1, pg.Status)
		}
	}
	if pg := b.submit("/login", "/login", url.Values{"email": {"fresh@example.org"}, "password": {"wrong"}}); pg.Status != http.StatusTooManyRequests {
		t.Fatalf("after %d failures from one IP: %d, want 429", handlers.LoginAttemptsPerIP, pg.Status)
	}
}

func TestDisabledUsersSessionEndsOnNextRequest(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@example.org", models.RoleAdmin, testPassword)
	teacher := p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	ada := newBrowser(t, p.URL)
	ada.login("ada@example.org", testPassword)
	ada.get("/").contains(t, "Welcome, ada.")

	admin := newBrowser(t, p.URL)
	admin.login("admin@example.org", testPassword)
	pg := admin.submit("/admin/users", "/admin/users/"+itoa(teacher.ID)+"/disable", url.Values{})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("disable: %d", pg.Status)
	}
	admin.get("/admin/users").contains(t, "ada@example.org has been disabled and logged out.")

	if pg := ada.get("/"); pg.Status != http.StatusSeeOther || pg.Header.Get("Location") != "/login" {
		t.Fatalf("disabled user's next request: %d %q, want a redirect to /login", pg.Status, pg.Header.Get("Location"))
	}
	if pg := ada.submit("/login", "/login", url.Values{"email": {"ada@example.org"}, "password": {testPassword}}); pg.Status != http.StatusUnauthorized {
		t.Errorf("disabled user can log in again: %d", pg.Status)
	}
	if e := p.auditEntries("user.disable"); len(e) != 1 || e[0].TargetID != itoa(teacher.ID) || e[0].ActorEmail != "admin@example.org" {
		t.Errorf("user.disable audit entries: %+v", e)
	}
}

func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	laptop, phone := newBrowser(t, p.URL), newBrowser(t, p.URL)
	laptop.login("ada@example.org", testPassword)
	phone.login("ada@example.org", testPassword)

	pg := laptop.submit("/account", "/account/password", url.Values{
		"current_password": {testPassword}, "new_password": {"a new long password"}, "confirm_password": {"a new long password"}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("change password: %d", pg.Status)
	}
	laptop.get("/account").contains(t, "Your password has been changed.")
	if pg := phone.get("/"); pg.Status != http.StatusSeeOther {
		t.Errorf("the other session still works: %d", pg.Status)
	}
	phone.login("ada@example.org", "a new long password")

	// Log out everywhere ends both.
	if pg := phone.submit("/account", "/account/logout-everywhere", url.Values{}); pg.Status != http.StatusSeeOther {
		t.Fatalf("logout everywhere: %d", pg.Status)
	}
	for name, b := range map[string]*browser{"laptop": laptop, "phone": phone} {
		if pg := b.get("/"); pg.Status != http.StatusSeeOther {
			t.Errorf("%s still signed in after logging out everywhere", name)
		}
	}
	for _, e := range p.auditEntries("user.password") {
		if strings.Contains(e.Details, "a new long password") {
			t.Error("the audit log stores the new password")
		}
	}
}

func TestWrongCurrentPasswordChangesNothing(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.login("ada@example.org", testPassword)
	b.submit("/account", "/account/password", url.Values{
		"current_password": {"guess"}, "new_password": {"a new long password"}, "confirm_password": {"a new long password"}})
	b.get("/account").contains(t, "The current password is wrong.")
	newBrowser(t, p.URL).login("ada@example.org", testPassword)
}

func TestRestartKeepsUsersAndSessions(t *testing.T) {
	t.Parallel()
	first := startPortal(t, nil)
	first.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, first.URL)
	b.login("ada@example.org", testPassword)
	first.Stop()

	second := startPortal(t, map[string]string{"DATA_DIR": first.DataDir})
	u, _ := url.Parse(first.URL)
	b.base = second.URL
	v, _ := url.Parse(second.URL)
	b.client.Jar.SetCookies(v, b.client.Jar.Cookies(u))
	b.get("/").contains(t, "Welcome, ada.")
	// A form rendered before the restart can still be sent after it.
	if pg := b.submit("/account", "/account/language", url.Values{"language": {"de"}}); pg.Status != http.StatusSeeOther {
		t.Errorf("form after restart: %d", pg.Status)
	}
	if second.P.SetupURL() != "" {
		t.Error("the restarted portal offers a setup link although an account exists")
	}
}

func TestSetupTokenWorksOnce(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	setup := p.P.SetupURL()
	if !strings.HasPrefix(setup, p.URL+"/setup?token=") {
		t.Fatalf("SetupURL() = %q", setup)
	}
	token := strings.TrimPrefix(setup, p.URL+"/setup?token=")
	b := newBrowser(t, p.URL)
	if pg := b.get("/setup?token=wrong"); pg.Status != http.StatusNotFound {
		t.Errorf("wrong token: %d, want 404", pg.Status)
	}
	form := url.Values{"token": {token}, "email": {"root@example.org"}, "display_name": {"Root"}, "password": {testPassword}}
	pg := b.submit("/setup?token="+token, "/setup", form)
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("setup: %d\n%s", pg.Status, pg.Body)
	}
	b.get("/").contains(t, "Welcome, Root.")
	u, err := models.UserByEmail(p.DB, "root@example.org")
	if err != nil || u.Role != models.RoleAdmin {
		t.Fatalf("first admin: %+v, %v", u, err)
	}

	again := newBrowser(t, p.URL)
	if pg := again.get("/setup?token=" + token); pg.Status != http.StatusNotFound {
		t.Errorf("setup page after use: %d, want 404", pg.Status)
	}
	token2 := csrfInput.FindStringSubmatch(again.get("/login").Body)[1]
	form.Set("email", "second@example.org")
	form.Set("_csrf", token2)
	if pg := again.post("/setup", form); pg.Status != http.StatusNotFound {
		t.Errorf("second setup POST: %d, want 404", pg.Status)
	}
	if n, _ := models.CountUsers(p.DB); n != 1 {
		t.Errorf("%d accounts, want 1", n)
	}
	if p.P.SetupURL() != "" {
		t.Error("SetupURL still offered after use")
	}
}

func TestFirstAdminFromEnvironment(t *testing.T) {
	t.Parallel()
	p := startPortal(t, map[string]string{"BBBPORTAL_ADMIN_EMAIL": "Boss@Example.org", "BBBPORTAL_ADMIN_PASSWORD": testPassword})
	if p.P.SetupURL() != "" {
		t.Error("setup link offered although the admin came from the environment")
	}
	newBrowser(t, p.URL).login("boss@example.org", testPassword)
	if e := p.auditEntries("user.create"); len(e) != 1 || e[0].ActorEmail != "system" {
		t.Errorf("user.create audit entries: %+v", e)
	}
}

func TestAuthorization(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@example.org", models.RoleAdmin, testPassword)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	anon, teacher := newBrowser(t, p.URL), newBrowser(t, p.URL)
	teacher.login("ada@example.org", testPassword)

	for _, path := range []string{"/", "/account", "/admin/users"} {
		pg := anon.get(path)
		if pg.Status != http.StatusSeeOther || !strings.HasPrefix(pg.Header.Get("Location"), "/login") {
			t.Errorf("anonymous GET %s: %d %q", path, pg.Status, pg.Header.Get("Location"))
		}
	}
	if pg := anon.submit("/login", "/admin/users", url.Values{"email": {"x@example.org"}}); pg.Status != http.StatusUnauthorized {
		t.Errorf("anonymous POST /admin/users: %d, want 401", pg.Status)
	}
	pg := teacher.get("/admin/users")
	if pg.Status != http.StatusForbidden {
		t.Errorf("teacher GET /admin/users: %d, want 403", pg.Status)
	}
	pg.contains(t, "You do not have permission")
	if strings.Contains(teacher.get("/").Body, `href="/admin/users"`) {
		t.Error("a teacher sees the Users navigation entry")
	}
	pg = teacher.submit("/", "/admin/users", url.Values{"email": {"eve@example.org"}, "display_name": {"Eve"}, "role": {"admin"}, "password": {testPassword}})
	if pg.Status != http.StatusForbidden {
		t.Errorf("teacher POST /admin/users: %d, want 403", pg.Status)
	}
	if _, err := models.UserByEmail(p.DB, "eve@example.org"); err == nil {
		t.Error("a teacher created an account")
	}
}

func TestAdminManagesUsers(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	admin := p.createUser("admin@example.org", models.RoleAdmin, testPassword)
	b := newBrowser(t, p.URL)
	b.login("admin@example.org", testPassword)

	pg := b.submit("/admin/users", "/admin/users", url.Values{"email": {"Eve@Example.org"}, "display_name": {"Eve"}, "role": {"teacher"}, "password": {testPassword}})
	if pg.Status != http.StatusSeeOther {
		t.Fatalf("create: %d", pg.Status)
	}
	list := b.get("/admin/users")
	list.contains(t, "The account eve@example.org has been created.")
	list.contains(t, "<td>eve@example.org</td>")

	dup := b.submit("/admin/users", "/admin/users", url.Values{"email": {"eve@example.org"}, "display_name": {"Eve"}, "role": {"teacher"}, "password": {testPassword}})
	if dup.Status != http.StatusUnprocessableEntity {
		t.Errorf("duplicate: %d", dup.Status)
	}
	dup.contains(t, "An account with this email already exists.")

	eve, _ := models.UserByEmail(p.DB, "eve@example.org")
	eveBrowser := newBrowser(t, p.URL)
	eveBrowser.login("eve@example.org", testPassword)
	b.submit("/admin/users", "/admin/users/"+itoa(eve.ID)+"/role", url.Values{"role": {"admin"}})
	if eve, _ = models.UserByEmail(p.DB, "eve@example.org"); eve.Role != models.RoleAdmin {
		t.Fatalf("role = %s, want admin", eve.Role)
	}
	if pg := eveBrowser.get("/"); pg.Status != http.StatusSeeOther {
		t.Error("a role change did not end the user's session")
	}
	// The last enabled admin cannot be demoted: demote eve, then try admin.
	b.submit("/admin/users", "/admin/users/"+itoa(eve.ID)+"/role", url.Values{"role": {"teacher"}})
	b.submit("/admin/users", "/admin/users/"+itoa(admin.ID)+"/role", url.Values{"role": {"teacher"}})
	b.get("/admin/users").contains(t, "This is the last administrator.")
	if u, _ := models.UserByID(p.DB, admin.ID); u.Role != models.RoleAdmin {
		t.Error("the last admin was demoted")
	}
	if pg := b.submit("/admin/users", "/admin/users/999/disable", url.Values{}); pg.Status != http.StatusNotFound {
		t.Errorf("disable unknown user: %d, want 404", pg.Status)
	}
	if e := p.auditEntries("user.role"); len(e) != 2 {
		t.Errorf("%d user.role entries, want 2", len(e))
	}
}

func TestLanguage(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	b.header.Set("Accept-Language", "de-AT,de;q=0.9,en;q=0.5")
	pg := b.get("/login")
	pg.contains(t, `<html lang="de">`)
	pg.contains(t, "Anmelden")

	b.header.Set("Accept-Language", "fr")
	b.get("/login").contains(t, `<html lang="en">`)

	b.login("ada@example.org", testPassword)
	b.submit("/account", "/account/language", url.Values{"language": {"de"}})
	pg = b.get("/account")
	pg.contains(t, "Ihre Sprache wurde gespeichert.")
	pg.contains(t, "Überall abmelden")
}

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	b := newBrowser(t, p.URL)
	for _, path := range []string{"/login", "/healthz", "/static/app.js", "/nope"} {
		h := b.get(path).Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: headers %v", path, h)
		}
	}
	if pg := b.get("/nope"); pg.Status != http.StatusNotFound || !strings.Contains(pg.Body, "This page does not exist") {
		t.Errorf("unknown page: %d", pg.Status)
	}
}

func TestOpenRedirectRefused(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("ada@example.org", models.RoleTeacher, testPassword)
	b := newBrowser(t, p.URL)
	for next, want := range map[string]string{"/account": "/account", "//evil.example": "/", "https://evil.example": "/", "/\\evil.example": "/"} {
		pg := b.submit("/login", "/login", url.Values{"email": {"ada@example.org"}, "password": {testPassword}, "next": {next}})
		if got := pg.Header.Get("Location"); got != want {
			t.Errorf("next=%q: redirected to %q, want %q", next, got, want)
		}
		b.submit("/", "/logout", url.Values{})
	}
}

func TestHealthzAndMetrics(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	b := newBrowser(t, p.URL)
	pg := b.get("/healthz")
	var health map[string]any
	if err := json.Unmarshal([]byte(pg.Body), &health); err != nil || pg.Status != 200 || health["database"] != "ok" {
		t.Fatalf("healthz: %d %q", pg.Status, pg.Body)
	}
	b.get("/login")
	metrics := b.get("/metrics").Body
	for _, want := range []string{`bbbportal_http_requests_total{method="GET",route="/login",status="200"} 1`, `bbbportal_http_request_duration_seconds_bucket{method="GET",route="/healthz"`} {
		if !strings.Contains(metrics, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	p.Stop()
	// With the database closed the probe reports it.
	q := startPortal(t, nil)
	models.Close(q.DB)
	pg = newBrowser(t, q.URL).get("/healthz")
	if pg.Status != http.StatusServiceUnavailable || !strings.Contains(pg.Body, `"database":"unavailable"`) {
		t.Errorf("healthz with closed database: %d %s", pg.Status, pg.Body)
	}
}

// TestLoginPageNoAccountNoticeEndsWithTheFirstAccount: the hint to open the setup link is
// shown only while no account exists; one created from the shell ends it without a restart.
func TestLoginPageNoAccountNoticeEndsWithTheFirstAccount(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	b := newBrowser(t, p.URL)
	b.get("/login").contains(t, "No account exists yet.")
	p.createUser("ada@example.org", models.RoleAdmin, testPassword) // as `bbbportal users create` does
	if pg := b.get("/login"); strings.Contains(pg.Body, "No account exists yet.") {
		t.Errorf("the login page still says no account exists:\n%s", pg.Body)
	}
}
