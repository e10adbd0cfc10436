package links

import (
	"crypto/hmac"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
)

// The reused keyed hashes give the MACs a fresh one gives, also when used concurrently.
func TestPooledMACsAreTheFreshOnes(t *testing.T) {
	t.Parallel()
	key := []byte("0123456789abcdef0123456789abcdef")
	pooled, fresh := newSecrets(key), secrets{key: key}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				data := fmt.Sprint(g, "/", i)
				m := hmac.New(sha256.New, key)
				m.Write([]byte("user\x00" + data))
				if got, want := pooled.mac("user", data), fresh.mac("user", data); !hmac.Equal(got, want) || !hmac.Equal(got, m.Sum(nil)) {
					t.Errorf("mac of %q: pooled %x, fresh %x", data, got, want)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// A checked token is remembered; a token the portal did not make is refused every time and
// never remembered.
func TestOpenRemembersOnlyTokensThatCheckOut(t *testing.T) {
	t.Parallel()
	e := newEnv(t, Config{})
	room := e.newRoom("Chemistry", nil)
	l := e.defaultLink(room)
	token := e.svc.Token(l)
	for range 2 {
		inv, err := e.svc.Open(token)
		if err != nil || inv.Link.ID != l.ID {
			t.Fatalf("open: %v, %v", inv, err)
		}
	}
	forged := token[:len(token)-2] + "AA"
	if forged == token {
		forged = token[:len(token)-2] + "BB"
	}
	for range 2 {
		if _, err := e.svc.Open(forged); err != ErrNotFound {
			t.Fatalf("a forged token opens: %v", err)
		}
	}
	e.svc.opened.mu.RLock()
	_, remembered := e.svc.opened.m[forged]
	n := len(e.svc.opened.m)
	e.svc.opened.mu.RUnlock()
	if remembered || n != 1 {
		t.Fatalf("forged token remembered %v, %d tokens remembered", remembered, n)
	}
}
