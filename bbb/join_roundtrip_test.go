package bbb_test

import (
	"errors"
	"math/rand"
	"net/url"
	"strings"
	"testing"
	"time"

	"bbbportal/bbb"
)

// A join URL carries exactly the parameters it was made from, for every mix of the ones a
// portal's joins set and values that need escaping, under a checksum BBB accepts; parameters
// BBB would refuse give a validation error instead of a URL.
func TestJoinURLCarriesItsParameters(t *testing.T) {
	t.Parallel()
	for _, alg := range []bbb.Algorithm{bbb.SHA1, bbb.SHA256, bbb.SHA512} {
		c, err := bbb.New("https://bbb.example.org/bigbluebutton/api/", "s3cret", bbb.WithChecksum(alg))
		if err != nil {
			t.Fatal(err)
		}
		rng := rand.New(rand.NewSource(int64(len(alg))))
		texts := []string{"", "Ada", "Zoë Müller", "a+b c&d=e?f#g/h%i", "l_0123abcd", "日本語 ", "~-._*'()!"}
		pick := func() string { return texts[rng.Intn(len(texts))] }
		flag := func() *bool {
			switch rng.Intn(3) {
			case 0:
				return nil
			case 1:
				f := false
				return &f
			}
			tr := true
			return &tr
		}
		roles := []bbb.Role{"", bbb.RoleViewer, bbb.RoleModerator, "BOSS"}
		logouts := []string{"", "https://portal.example.org/j", "http://x.test/a b?c=d", "ftp://nope", "/relative"}
		for i := 0; i < 3000; i++ {
			p := bbb.JoinParams{FullName: pick(), MeetingID: pick(), Role: roles[rng.Intn(len(roles))], Password: pick(),
				UserID: pick(), WebVoiceConf: pick(), LogoutURL: logouts[rng.Intn(len(logouts))],
				Guest: flag(), Auth: flag(), Redirect: flag(), ExcludeFromDashboard: flag()}
			if rng.Intn(2) == 0 {
				p.CreateTime = time.UnixMilli(1_700_000_000_000 + rng.Int63n(1e9))
			}
			refused := p.FullName == "" || p.MeetingID == "" || p.Role == "BOSS" ||
				p.LogoutURL == "ftp://nope" || p.LogoutURL == "/relative"
			u, err := c.JoinURL(p)
			var ve *bbb.ValidationError
			if refused {
				if !errors.As(err, &ve) {
					t.Fatalf("%+v: got %q, %v; want a validation error", p, u, err)
				}
				continue
			}
			if err != nil {
				t.Fatalf("%+v: %v", p, err)
			}
			rawQuery, ok := strings.CutPrefix(u, "https://bbb.example.org/bigbluebutton/api/join?")
			if !ok || !verifyChecksum("join", rawQuery, "s3cret", map[string]bool{string(alg): true}) {
				t.Fatalf("%+v: %q is not a join call BBB accepts", p, u)
			}
			q, err := url.ParseQuery(rawQuery)
			if err != nil {
				t.Fatal(err)
			}
			q.Del("checksum")
			back, err := bbb.ParseJoinParams(q)
			if err != nil {
				t.Fatalf("%+v: %v", p, err)
			}
			if got, want := describe(back), describe(p); got != want {
				t.Fatalf("parameters changed on the way:\ngot  %s\nwant %s", got, want)
			}
		}
	}
}

// describe spells out the join parameters the test sets, times by their milliseconds.
func describe(p bbb.JoinParams) string {
	b := func(v *bool) string {
		if v == nil {
			return "unset"
		}
		if *v {
			return "true"
		}
		return "false"
	}
	ms := int64(0)
	if !p.CreateTime.IsZero() {
		ms = p.CreateTime.UnixMilli()
	}
	return strings.Join([]string{p.FullName, p.MeetingID, string(p.Role), p.Password, p.UserID, p.WebVoiceConf, p.LogoutURL,
		b(p.Guest), b(p.Auth), b(p.Redirect), b(p.ExcludeFromDashboard), time.UnixMilli(ms).UTC().Format(time.RFC3339Nano)}, "|")
}
