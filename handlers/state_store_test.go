package handlers

import (
	"net/url"
	"strings"
	"testing"

	"github.com/gorilla/securecookie"

	"bbbportal/config"
	"bbbportal/views"
)

// The state cookie keeps its content across a key rotation (SESSION_KEYS with the old key
// second), and a cookie that was tampered with, or signed by a key no longer configured, is
// an empty state that replaces it.
func TestStateCookieSurvivesKeyRotationAndRefusesTampering(t *testing.T) {
	oldKey, newKey := []byte(strings.Repeat("o", 32)), []byte(strings.Repeat("n", 32))
	base := &url.URL{Scheme: "https", Host: "portal.example.org"}
	store := func(keys ...[]byte) *stateStore {
		return newStateStore(config.Config{BaseURL: base, SessionKeys: keys})
	}
	before, after, gone := store(oldKey), store(newKey, oldKey), store(newKey)

	want := stateValues{CSRF: "token", Lang: "de", Flashes: []views.Flash{{Kind: "ok", Message: "Gespeichert <b>"}}}
	cookie, err := securecookie.EncodeMulti(stateName, &want, before.codecs...)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(cookie, "token") || len(cookie) > 300 {
		t.Errorf("cookie not encrypted or larger than needed (%d bytes): %s", len(cookie), cookie)
	}
	r := &request{store: after, cookie: cookie}
	got := r.values()
	if got.CSRF != want.CSRF || got.Lang != want.Lang || len(got.Flashes) != 1 || got.Flashes[0] != want.Flashes[0] || r.dirty {
		t.Fatalf("after rotation the state reads %+v (dirty %v), want %+v", got, r.dirty, want)
	}
	for name, r := range map[string]*request{
		"tampered":    {store: after, cookie: cookie[:len(cookie)-2] + "AA"},
		"retired key": {store: gone, cookie: cookie},
	} {
		if v := r.values(); !v.empty() || !r.dirty {
			t.Errorf("%s cookie read as %+v (dirty %v), want an empty state that replaces it", name, v, r.dirty)
		}
	}
	if v := (&request{}).values(); v != nil {
		t.Errorf("outside loadSession a request has state %+v", v)
	}
}
