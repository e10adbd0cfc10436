package handlers

import (
	"testing"
)

// A join cookie written directly is what http.Cookie writes.
func TestJoinCookiesAreWhatHTTPCookieWrites(t *testing.T) {
	t.Parallel()
	for _, v := range []string{"", "0123456789abcdef0123456789abcdef", "Zo%C3%AB+M%C3%BCller", "a-b.c_d~e", "with space", `q"uote`, "semi;colon", "comma,", "ü"} {
		for _, secure := range []bool{false, true} {
			want := newJoinCookie("bbbp_name", v, secure).String()
			if plainCookieValue(v) {
				attrs := joinCookieAttrs[0]
				if secure {
					attrs = joinCookieAttrs[1]
				}
				if got := "bbbp_name=" + v + attrs; got != want {
					t.Errorf("%q (secure %v): %q, want %q", v, secure, got, want)
				}
			}
		}
	}
}
