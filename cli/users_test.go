package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"bbbportal/audit"
	"bbbportal/models"
)

func TestUsersCommand(t *testing.T) {
	t.Parallel()
	db, err := models.Open(filepath.Join(t.TempDir(), "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	w := audit.NewWriter(db)
	t.Cleanup(func() { w.Close(); models.Close(db) })
	run := func(stdin string, args ...string) (int, string, string) {
		var out, errOut bytes.Buffer
		code := usersCommand(db, w, args, strings.NewReader(stdin), &out, &errOut)
		return code, out.String(), errOut.String()
	}

	code, out, _ := run("a long password\n", "create", "--email", "Ada@Example.org", "--name", "Ada", "--role", "admin", "--password-stdin")
	if code != 0 || !strings.Contains(out, "created ada@example.org (admin)") || strings.Contains(out, "password:") {
		t.Fatalf("create: %d %q", code, out)
	}
	code, out, _ = run("", "create", "--email", "bob@example.org", "--name", "Bob")
	if code != 0 || !strings.Contains(out, "password: ") {
		t.Fatalf("create with generated password: %d %q", code, out)
	}
	generated := strings.TrimSpace(out[strings.Index(out, "password: ")+len("password: "):])
	if bob, _ := models.UserByEmail(db, "bob@example.org"); !bob.CheckPassword(generated) || bob.Role != models.RoleTeacher {
		t.Errorf("the printed password does not open bob's account")
	}
	if code, _, errOut := run("short\n", "create", "--email", "c@example.org", "--name", "C", "--password-stdin"); code == 0 || !strings.Contains(errOut, "at least 10 characters") {
		t.Errorf("short password: %d %q", code, errOut)
	}
	if code, _, errOut := run("a long password\n", "create", "--email", "ada@example.org", "--name", "Ada", "--password-stdin"); code == 0 || !strings.Contains(errOut, "already exists") {
		t.Errorf("duplicate: %d %q", code, errOut)
	}

	if code, _, _ := run("another long password\n", "set-password", "--email", "ada@example.org", "--password-stdin"); code != 0 {
		t.Fatal("set-password failed")
	}
	if ada, _ := models.UserByEmail(db, "ada@example.org"); !ada.CheckPassword("another long password") || ada.AuthEpoch != 2 {
		t.Errorf("after set-password: epoch %d", ada.AuthEpoch)
	}
	if code, _, _ := run("", "disable", "--email", "bob@example.org"); code != 0 {
		t.Fatal("disable failed")
	}
	code, out, _ = run("", "list")
	if code != 0 || !strings.Contains(out, "ada@example.org") || !regexpLine(out, "bob@example.org", "disabled") {
		t.Errorf("list: %q", out)
	}
	if code, _, errOut := run("", "disable", "--email", "nobody@example.org"); code == 0 || !strings.Contains(errOut, "no account") {
		t.Errorf("disable unknown: %d %q", code, errOut)
	}
	entries, _ := audit.List(db, 100)
	if len(entries) != 4 {
		t.Errorf("%d audit entries, want 4 (2 creates, set-password, disable)", len(entries))
	}
	for _, e := range entries {
		if e.ActorEmail != "shell" || strings.Contains(e.Details, "password\":\"a") {
			t.Errorf("audit entry %+v", e)
		}
	}
}

func regexpLine(out, a, b string) bool {
	for _, line := range strings.Split(out, "\n") {
		if strings.Contains(line, a) && strings.Contains(line, b) {
			return true
		}
	}
	return false
}

func TestLocalHealthURL(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":               "http://127.0.0.1:8080/healthz",
		":9000":          "http://127.0.0.1:9000/healthz",
		"0.0.0.0:9000":   "http://127.0.0.1:9000/healthz",
		"[::]:9000":      "http://127.0.0.1:9000/healthz",
		"127.0.0.2:9000": "http://127.0.0.2:9000/healthz",
	} {
		if got := localHealthURL(in); got != want {
			t.Errorf("localHealthURL(%q) = %q, want %q", in, got, want)
		}
	}
}
