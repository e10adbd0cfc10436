package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestBenchJoinCreatesOnceAndRedirectsEveryGuest(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := runBenchTo([]string{"join", "--guests", "60", "--concurrency", "12", "--json"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	var rep map[string]struct {
		RPS     float64 `json:"rps"`
		P50     float64 `json:"p50_ms"`
		P99     float64 `json:"p99_ms"`
		Errors  int     `json:"errors"`
		Creates int64   `json:"creates"`
	}
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	portal, bare := rep["portal"], rep["bare"]
	if portal.RPS <= 0 || portal.P50 <= 0 || portal.P99 < portal.P50 || portal.Errors != 0 || portal.Creates != 1 {
		t.Errorf("portal figures %+v: want requests, no errors and exactly one create", portal)
	}
	if bare.RPS <= 0 || bare.Errors != 0 || bare.Creates != 0 {
		t.Errorf("bare figures %+v", bare)
	}
}

func TestBenchJoinTable(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := runBenchTo([]string{"join", "--guests", "20", "--concurrency", "5"}, &out, &errOut); code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out.String(), errOut.String())
	}
	for _, want := range []string{"20 guests, 5 at a time", "req/s", "create calls BBB received: 1"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q:\n%s", want, out.String())
		}
	}
}

func TestBenchJoinNeedsSecretWithEndpoint(t *testing.T) {
	t.Parallel()
	var out, errOut bytes.Buffer
	if code := runBenchTo([]string{"join", "--bbb-endpoint", "https://bbb.example.org/bigbluebutton/api/"}, &out, &errOut); code != 2 {
		t.Errorf("--bbb-endpoint without --bbb-secret: exit %d, want 2", code)
	}
}
