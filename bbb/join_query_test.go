package bbb

import (
	"errors"
	"math/rand"
	"reflect"
	"testing"
	"time"
)

// The join URL written directly is the one from Values and SignedURL, for every mix of the
// parameters it handles and values that need escaping; its errors are Values' errors.
func TestJoinURLWrittenDirectlyIsTheEncodedOne(t *testing.T) {
	t.Parallel()
	for _, alg := range []Algorithm{SHA1, SHA256, SHA512} {
		c, err := New("https://bbb.example.org/bigbluebutton/api/", "s3cret", WithChecksum(alg))
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
		roles := []Role{"", RoleViewer, RoleModerator, "BOSS"}
		logouts := []string{"", "https://portal.example.org/j", "http://x.test/a b?c=d", "ftp://nope", "/relative"}
		for i := 0; i < 3000; i++ {
			p := JoinParams{FullName: pick(), MeetingID: pick(), Role: roles[rng.Intn(len(roles))], Password: pick(),
				UserID: pick(), WebVoiceConf: pick(), LogoutURL: logouts[rng.Intn(len(logouts))],
				Guest: flag(), Auth: flag(), Redirect: flag(), ExcludeFromDashboard: flag()}
			if rng.Intn(2) == 0 {
				p.CreateTime = time.UnixMilli(1_700_000_000_000 + rng.Int63n(1e9))
			}
			if _, ok, _ := p.commonQuery(); !ok {
				t.Fatalf("%+v: not written directly", p)
			}
			got, gotErr := c.JoinURL(p)
			var want string
			v, wantErr := p.Values()
			if wantErr == nil {
				want, wantErr = c.SignedURL("join", v)
			}
			if got != want || !reflect.DeepEqual(gotErr, wantErr) {
				t.Fatalf("%+v:\ngot  %q, %v\nwant %q, %v", p, got, gotErr, want, wantErr)
			}
			var ve *ValidationError
			if gotErr != nil && !errors.As(gotErr, &ve) {
				t.Fatalf("%+v: error %T", p, gotErr)
			}
		}
	}
	if _, ok, _ := (JoinParams{FullName: "A", MeetingID: "m", UserData: map[string]string{"bbb_x": "1"}}).commonQuery(); ok {
		t.Error("userdata is written directly")
	}
}
