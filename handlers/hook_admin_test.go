package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"bbbportal/audit"
	"bbbportal/bbb/bbbsim"
	"bbbportal/meetings"
	"bbbportal/models"
)

var hookDeleteLink = regexp.MustCompile(`href="/admin/hooks/([^/"]+)/delete"`)

func TestHooksPageListsRegistersAndRemovesOnTheSimulator(t *testing.T) {
	t.Parallel()
	p := startPortal(t, nil)
	p.createUser("admin@school.test", models.RoleAdmin, testPassword)
	b := newBrowser(t, p.URL)
	b.login("admin@school.test", testPassword)

	pg := b.get("/admin/hooks")
	if pg.Status != http.StatusOK {
		t.Fatalf("hooks page: %d", pg.Status)
	}
	pg.contains(t, "No hooks are registered on the BBB server.")
	pg.contains(t, "Not receiving BBB events")

	bad := b.submit("/admin/hooks", "/admin/hooks", url.Values{"callback_url": {"ftp://lms.example.org/x"}})
	if bad.Status != http.StatusUnprocessableEntity {
		t.Fatalf("invalid URL: %d", bad.Status)
	}
	bad.contains(t, "The callback URL must be an absolute address")
	bad.contains(t, `value="ftp://lms.example.org/x"`)

	created := b.submit("/admin/hooks", "/admin/hooks", url.Values{"callback_url": {"https://lms.example.org/bbb-events"}, "get_raw": {"true"}})
	if created.Status != http.StatusSeeOther || created.Header.Get("Location") != "/admin/hooks" {
		t.Fatalf("register: %d %q", created.Status, created.Header.Get("Location"))
	}
	b.submit("/admin/hooks", "/admin/hooks", url.Values{"callback_url": {"https://lms.example.org/one-meeting"}, "meeting_id": {"maths-7b"}})
	b.submit("/admin/hooks", "/admin/hooks", url.Values{"callback_url": {"https://lms.example.org/other-meeting"}, "meeting_id": {"art-5a"}})

	list := b.get("/admin/hooks")
	list.contains(t, "was registered with ID")
	for _, u := range []string{"https://lms.example.org/bbb-events", "https://lms.example.org/one-meeting", "https://lms.example.org/other-meeting"} {
		list.contains(t, u)
	}
	list.contains(t, "Raw events")
	list.contains(t, "Every meeting")
	one := b.get("/admin/hooks?meeting_id=maths-7b")
	one.contains(t, "https://lms.example.org/bbb-events") // global hooks apply to the meeting too
	one.contains(t, "https://lms.example.org/one-meeting")
	if strings.Contains(one.Body, "other-meeting") {
		t.Error("the meeting's list shows another meeting's hook")
	}

	ids := hookDeleteLink.FindAllStringSubmatch(list.Body, -1)
	if len(ids) != 3 {
		t.Fatalf("want 3 remove links, got %d", len(ids))
	}
	id := ids[0][1]
	confirm := b.get("/admin/hooks/" + id + "/delete")
	if confirm.Status != http.StatusOK {
		t.Fatalf("confirmation: %d", confirm.Status)
	}
	confirm.contains(t, "BBB stops sending events to it at once.")
	// Without the confirmation nothing is removed.
	if pg := b.submit("/admin/hooks/"+id+"/delete", "/admin/hooks/"+id+"/delete", url.Values{}); pg.Status != http.StatusOK {
		t.Fatalf("unconfirmed delete: %d", pg.Status)
	}
	if n := len(hookDeleteLink.FindAllString(b.get("/admin/hooks").Body, -1)); n != 3 {
		t.Fatalf("an unconfirmed delete removed a hook: %d left", n)
	}
	done := b.submit("/admin/hooks/"+id+"/delete", "/admin/hooks/"+id+"/delete", url.Values{"confirm": {"yes"}})
	if done.Status != http.StatusSeeOther {
		t.Fatalf("delete: %d", done.Status)
	}
	after := b.get("/admin/hooks")
	after.contains(t, "The hook was removed.")
	if n := len(hookDeleteLink.FindAllString(after.Body, -1)); n != 2 {
		t.Fatalf("%d hooks left, want 2", n)
	}
	if pg := b.get("/admin/hooks/" + id + "/delete"); pg.Status != http.StatusNotFound {
		t.Errorf("a removed hook's confirmation: %d, want 404", pg.Status)
	}

	if c := p.auditEntries("hook.create"); len(c) != 3 || c[0].Result != audit.ResultOK || c[0].ActorEmail != "admin@school.test" {
		t.Errorf("hook.create audit: %+v", c)
	}
	if d := p.auditEntries("hook.delete"); len(d) != 1 || d[0].TargetID != id || d[0].Result != audit.ResultOK {
		t.Errorf("hook.delete audit: %+v", d)
	}
}

func TestHooksPageSaysWhenTheServerHasNoWebhooks(t *testing.T) {
	t.Parallel()
	for _, profile := range []bbbsim.Profile{bbbsim.ProfileScalelite, bbbsim.ProfileB3scale} {
		t.Run(string(profile), func(t *testing.T) {
			t.Parallel()
			p := startPortalWith(t, nil, bbbsim.Options{Profile: profile}, meetings.Config{})
			p.createUser("admin@school.test", models.RoleAdmin, testPassword)
			b := newBrowser(t, p.URL)
			b.login("admin@school.test", testPassword)
			const sentence = "This BBB server does not offer webhooks"
			pg := b.get("/admin/hooks")
			if pg.Status != http.StatusOK {
				t.Fatalf("hooks page: %d", pg.Status)
			}
			pg.contains(t, sentence)
			reg := b.submit("/admin/hooks", "/admin/hooks", url.Values{"callback_url": {"https://lms.example.org/cb"}})
			if reg.Status != http.StatusBadGateway {
				t.Fatalf("register: %d", reg.Status)
			}
			reg.contains(t, sentence)
			reg.contains(t, `value="https://lms.example.org/cb"`)
			on := b.submit("/admin/hooks", "/admin/hooks/receive", url.Values{"receive": {"on"}})
			if on.Status != http.StatusSeeOther {
				t.Fatalf("switch: %d", on.Status)
			}
			after := b.get("/admin/hooks")
			after.contains(t, "The switch is saved, but BBB could not be told yet")
			after.contains(t, "the hook is not registered yet")
			if c := p.auditEntries("hook.create"); len(c) != 1 || c[0].Result != audit.ResultFailed {
				t.Errorf("failed register not audited as failed: %+v", c)
			}
		})
	}
}
