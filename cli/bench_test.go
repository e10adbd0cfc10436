package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

var benchTiny = []string{"pages", "--rooms", "3", "--users", "3", "--audit", "3", "--meetings", "4", "--attendees", "2",
	"--duration", "150ms", "--connections", "2"}

func TestBenchPagesPrintsEveryPageWithoutErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := runBenchTo(benchTiny, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	lines := strings.Split(out.String(), "\n")
	for _, page := range []string{"dashboard", "rooms", "room page", "templates", "admin users", "admin audit", "live rows"} {
		found := false
		for _, l := range lines {
			f := strings.Fields(l)
			// name (size) req/s p50 p99 errors bare… : the errors column is the 5th from the end.
			if strings.HasPrefix(strings.TrimSpace(l), page+" (") && len(f) >= 10 {
				found = true
				if f[len(f)-5] != "0" {
					t.Errorf("%s has errors: %s", page, l)
				}
				if f[len(f)-8] == "0" {
					t.Errorf("%s served nothing: %s", page, l)
				}
			}
		}
		if !found {
			t.Errorf("no row for %s:\n%s", page, out.String())
		}
	}
	if !strings.Contains(out.String(), "3 rooms, 3 users, 3 audit rows") || !strings.Contains(out.String(), "RSS") {
		t.Errorf("header or RSS line missing:\n%s", out.String())
	}
}

func TestBenchPagesJSON(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := runBenchTo(append(benchTiny, "--json"), &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s", code, errOut.String())
	}
	var rep struct {
		Rooms int `json:"rooms"`
		Pages []struct {
			Page    string  `json:"page"`
			Bytes   int     `json:"bytes"`
			RPS     float64 `json:"rps"`
			Errors  int     `json:"errors"`
			BareRPS float64 `json:"bare_rps"`
		} `json:"pages"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if rep.Rooms != 3 || len(rep.Pages) != 7 {
		t.Fatalf("report: %+v", rep)
	}
	for _, p := range rep.Pages {
		if p.Errors != 0 || p.RPS <= 0 || p.BareRPS <= 0 || p.Bytes < 500 {
			t.Errorf("page %+v", p)
		}
	}
}

func TestBenchRefusesBadFlags(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := runBenchTo([]string{"pages", "--users", "1"}, &out, &errOut); code != 2 {
		t.Errorf("--users 1: exit %d", code)
	}
	if code := runBenchTo([]string{"nothing"}, &out, &errOut); code != 2 || !strings.Contains(errOut.String(), "bench pages") {
		t.Errorf("unknown bench: exit %d, %s", code, errOut.String())
	}
}
