package links

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
)

// KeyFile is the name of the key file in the data directory. Tokens, short codes and
// access code hashes are derived with this key, so the database alone reveals no link.
const KeyFile = "links.key"

const keyLen = 32

// LoadOrCreateKey reads the links key from dataDir, creating it (mode 0600) on first start.
func LoadOrCreateKey(dataDir string) ([]byte, error) {
	path := filepath.Join(dataDir, KeyFile)
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		key := make([]byte, keyLen)
		if _, err := rand.Read(key); err != nil {
			return nil, fmt.Errorf("links: key: %w", err)
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, os.ErrExist) { // created meanwhile by another process
			return LoadOrCreateKey(dataDir)
		}
		if err != nil {
			return nil, fmt.Errorf("links: create key file: %w", err)
		}
		_, werr := f.WriteString(hex.EncodeToString(key) + "\n")
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return nil, fmt.Errorf("links: write key file: %w", werr)
		}
		return key, nil
	}
	if err != nil {
		return nil, fmt.Errorf("links: read key file: %w", err)
	}
	key, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(key) < keyLen {
		return nil, fmt.Errorf("links: %s does not hold a key of %d hex-encoded bytes", path, keyLen)
	}
	return key, nil
}

// secrets derives everything secret about a link from its public ID and the key.
type secrets struct {
	key  []byte
	macs *sync.Pool // of hmac.Hash under key, reset; nil: a new one each time
}

func newSecrets(key []byte) secrets {
	return secrets{key: key, macs: &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}}
}

// mac is the HMAC-SHA256 of label, a zero byte and data under the key. Every page and join
// of a link takes a few, so the keyed hashes are reused: setting up one hashes the key's
// pads, which costs as much as the MAC itself.
func (s secrets) mac(label, data string) []byte {
	var m hash.Hash
	if s.macs != nil {
		m = s.macs.Get().(hash.Hash)
		defer s.macs.Put(m)
		m.Reset()
	} else {
		m = hmac.New(sha256.New, s.key)
	}
	m.Write([]byte(label))
	m.Write([]byte{0})
	io.WriteString(m, data)
	return m.Sum(make([]byte, 0, sha256.Size))
}

const tagLen = 16

// token is the link's URL token: the 128-bit public ID followed by a 128-bit MAC of it.
func (s secrets) token(publicID string) string {
	id, err := base64.RawURLEncoding.DecodeString(publicID)
	if err != nil {
		return ""
	}
	return base64.RawURLEncoding.EncodeToString(append(id, s.mac("token", publicID)[:tagLen]...))
}

// publicIDOf checks a token and returns the public ID it carries.
func (s secrets) publicIDOf(token string) (string, bool) {
	if len(token) > 64 {
		return "", false
	}
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) <= tagLen {
		return "", false
	}
	id := base64.RawURLEncoding.EncodeToString(raw[:len(raw)-tagLen])
	if subtle.ConstantTimeCompare(raw[len(raw)-tagLen:], s.mac("token", id)[:tagLen]) != 1 {
		return "", false
	}
	return id, true
}

// code is the link's nine-digit short code.
func (s secrets) code(publicID string) string {
	n := binary.BigEndian.Uint64(s.mac("code", publicID)) % 1_000_000_000
	return fmt.Sprintf("%09d", n)
}

// codeLookup is what the database stores to find a link by its code: keyed, so that the
// 10^9 codes cannot be tried against a copy of the database.
func (s secrets) codeLookup(code string) string {
	return hex.EncodeToString(s.mac("code-lookup", code))
}

func (s secrets) accessCodeHash(publicID, accessCode string) string {
	return hex.EncodeToString(s.mac("access-code", publicID+"\x00"+accessCode))
}

func (s secrets) accessCodeMatches(publicID, hash, accessCode string) bool {
	return subtle.ConstantTimeCompare([]byte(hash), []byte(s.accessCodeHash(publicID, accessCode))) == 1
}

// FormatCode groups a nine-digit code for reading aloud: "123 456 789".
func FormatCode(code string) string {
	if len(code) != 9 {
		return code
	}
	return code[:3] + " " + code[3:6] + " " + code[6:]
}

// NormalizeCode returns the nine digits of a typed code (spaces, dots and dashes ignored).
func NormalizeCode(typed string) (string, bool) {
	var b strings.Builder
	for _, r := range typed {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == ' ' || r == '-' || r == '.' || r == '\u00a0':
		default:
			return "", false
		}
		if b.Len() > 9 {
			return "", false
		}
	}
	if b.Len() != 9 {
		return "", false
	}
	_, err := strconv.Atoi(b.String())
	return b.String(), err == nil
}
