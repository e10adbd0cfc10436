package bbbsim_test

import (
	"bufio"
	"encoding/json"
	"regexp"
	"sort"
	"strings"
	"testing"
)

var (
	hookElement  = regexp.MustCompile(`<hook>.*?</hook>`)
	hookIDInBody = regexp.MustCompile(`<hookID>([^<]*)</hookID>`)
	checksumArg  = regexp.MustCompile(`checksum=([0-9a-fA-F]*)`)
)

// sortHooks puts the <hook> elements of a list answer in a canonical order (list order is not significant).
func sortHooks(body string) string {
	hooks := hookElement.FindAllString(body, -1)
	sort.Strings(hooks)
	return hookElement.ReplaceAllString(body, "") + strings.Join(hooks, "")
}

// TestReplayOfCapturedWebhooksScenario replays the requests captured from a real bbb-webhooks
// 3.5.0 and expects the same status and body at every step. Hook IDs are random UUIDs on both
// sides: the IDs the simulator hands out are mapped to the captured ones, and a request that
// names a hook is re-signed after its ID is replaced.
func TestReplayOfCapturedWebhooksScenario(t *testing.T) {
	t.Parallel()
	e := newEnv(t)
	simID := map[string]string{} // captured hook ID → simulator's
	scanner := bufio.NewScanner(strings.NewReader(readTestdata(t, "webhooks/scenario.jsonl")))
	scanner.Buffer(make([]byte, 1<<20), 1<<20)
	steps := 0
	for scanner.Scan() {
		var step struct {
			Step, URL, Body string
			Status          int
		}
		if err := json.Unmarshal(scanner.Bytes(), &step); err != nil {
			t.Fatal(err)
		}
		steps++
		target := step.URL
		for captured, ours := range simID {
			if strings.Contains(target, captured) {
				target = resign(strings.ReplaceAll(target, captured, ours))
			}
		}
		resp, body := e.fetch("GET", e.srv.URL+"/bigbluebutton/api"+target, nil, "")
		if resp.StatusCode != step.Status {
			t.Errorf("%s: HTTP %d, want %d", step.Step, resp.StatusCode, step.Status)
			continue
		}
		if want, got := hookIDInBody.FindStringSubmatch(step.Body), hookIDInBody.FindStringSubmatch(body); want != nil && got != nil {
			if _, known := simID[want[1]]; !known {
				simID[want[1]] = got[1]
			}
		}
		for captured, ours := range simID {
			body = strings.ReplaceAll(body, ours, captured)
		}
		if sortHooks(body) != sortHooks(step.Body) {
			t.Errorf("%s:\n got %s\nwant %s", step.Step, body, step.Body)
		}
	}
	if steps != 17 {
		t.Fatalf("replayed %d steps, the scenario has 17", steps)
	}
}

// resign recomputes the checksum of a hooks URL (path + query) with the algorithm of the same length.
func resign(target string) string {
	path, q, _ := strings.Cut(target, "?")
	old := checksumArg.FindStringSubmatch(q)[1]
	rest := strings.TrimPrefix(strings.Replace(q, "&checksum="+old, "", 1), "&")
	method := strings.TrimPrefix(path, "/")
	sum := sha1Hex(method + rest + secret)
	if len(old) == 64 {
		sum = sha256Hex(method + rest + secret)
	}
	return path + "?" + rest + "&checksum=" + sum
}
