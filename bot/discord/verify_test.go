package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"strconv"
	"strings"
	"testing"
	"time"
)

// A fixed key pair (seed of 32 × 0x01) so signatures are reproducible.
var (
	fixedKey = ed25519.NewKeyFromSeed([]byte(strings.Repeat("\x01", 32)))
	fixedPub = fixedKey.Public().(ed25519.PublicKey)
	fixedNow = time.Unix(1780000000, 0)
)

func sign(key ed25519.PrivateKey, ts string, body []byte) string {
	return hex.EncodeToString(ed25519.Sign(key, append([]byte(ts), body...)))
}

func TestVerify(t *testing.T) {
	body := []byte(`{"id":"1","type":1}`)
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	good := sign(fixedKey, ts, body)
	_, other, _ := ed25519.GenerateKey(nil)
	at := func(d time.Duration) string { return strconv.FormatInt(fixedNow.Add(d).Unix(), 10) }
	tests := []struct {
		name string
		sig  string
		ts   string
		body []byte
		key  ed25519.PublicKey
		want bool
	}{
		{"valid", good, ts, body, fixedPub, true},
		{"other key", sign(other, ts, body), ts, body, fixedPub, false},
		{"body changed", good, ts, []byte(`{"id":"1","type":2}`), fixedPub, false},
		{"body extended", good, ts, append(append([]byte{}, body...), ' '), fixedPub, false},
		{"timestamp changed", good, at(time.Second), body, fixedPub, false},
		{"stale 301 s, signed", sign(fixedKey, at(-301*time.Second), body), at(-301 * time.Second), body, fixedPub, false},
		{"future 301 s, signed", sign(fixedKey, at(301*time.Second), body), at(301 * time.Second), body, fixedPub, false},
		{"299 s old, signed", sign(fixedKey, at(-299*time.Second), body), at(-299 * time.Second), body, fixedPub, true},
		{"2020 timestamp, signed", sign(fixedKey, "1600000000", body), "1600000000", body, fixedPub, false},
		{"upper-case hex", strings.ToUpper(good), ts, body, fixedPub, false},
		{"short signature", good[:126], ts, body, fixedPub, false},
		{"no signature", "", ts, body, fixedPub, false},
		{"no timestamp", good, "", body, fixedPub, false},
		{"signed timestamp with sign", sign(fixedKey, "+"+ts, body), "+" + ts, body, fixedPub, false},
		{"no key", good, ts, body, nil, false},
		{"zero signature", strings.Repeat("0", 128), ts, body, fixedPub, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := Verifier{Key: tt.key, Now: func() time.Time { return fixedNow }}
			if got := v.Verify(tt.sig, tt.ts, tt.body); got != tt.want {
				t.Errorf("Verify = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParsePublicKey(t *testing.T) {
	if k, err := ParsePublicKey(hex.EncodeToString(fixedPub)); err != nil || !k.Equal(fixedPub) {
		t.Errorf("ParsePublicKey(valid) = %x, %v", k, err)
	}
	for _, bad := range []string{"", "zz", strings.Repeat("a", 62), strings.Repeat("a", 66)} {
		if _, err := ParsePublicKey(bad); err == nil {
			t.Errorf("ParsePublicKey(%q) accepted", bad)
		}
	}
}

// FuzzDiscordVerify mutates a validly signed request (timestamp, signature
// bytes, body) and checks that no mutated request verifies, while the
// unmutated one always does.
func FuzzDiscordVerify(f *testing.F) {
	f.Add([]byte(`{"type":1}`), int64(0), []byte{}, []byte{}, uint8(0))
	f.Add([]byte(`{"type":2,"data":{"name":"tradeguard"}}`), int64(1), []byte{1}, []byte{}, uint8(1))
	f.Add([]byte(`x`), int64(0), []byte{0, 0, 0, 0x80}, []byte{' '}, uint8(2))
	f.Add([]byte{}, int64(-300), []byte{}, []byte{0}, uint8(3))
	f.Fuzz(func(t *testing.T, body []byte, dts int64, sigXor, bodyXor []byte, mode uint8) {
		ts := strconv.FormatInt(fixedNow.Unix(), 10)
		sig := ed25519.Sign(fixedKey, append([]byte(ts), body...))
		v := Verifier{Key: fixedPub, Now: func() time.Time { return fixedNow }}
		if !v.Verify(hex.EncodeToString(sig), ts, body) {
			t.Fatal("the valid request did not verify")
		}
		// Mutate.
		mts := ts
		if dts != 0 {
			mts = strconv.FormatInt(fixedNow.Unix()+dts, 10)
		}
		msig := append([]byte(nil), sig...)
		for i, x := range sigXor {
			msig[i%len(msig)] ^= x
		}
		mbody := append([]byte(nil), body...)
		for i, x := range bodyXor {
			if len(mbody) == 0 || mode%2 == 1 {
				mbody = append(mbody, x)
			} else {
				mbody[i%len(mbody)] ^= x
			}
		}
		sigHex := hex.EncodeToString(msig)
		switch mode % 4 {
		case 2:
			sigHex = strings.ToUpper(sigHex)
		case 3:
			mts = " " + mts
		}
		same := mts == ts && sigHex == hex.EncodeToString(sig) && string(mbody) == string(body)
		if got := v.Verify(sigHex, mts, mbody); got != same {
			t.Fatalf("Verify(mutated=%v) = %v (ts %q, body %q)", !same, got, mts, mbody)
		}
	})
}

// BenchmarkVerify is the signature check alone (Ed25519 over a 1 KB body).
func BenchmarkVerify(b *testing.B) {
	body := []byte(strings.Repeat("x", 1024))
	ts := strconv.FormatInt(fixedNow.Unix(), 10)
	sig := sign(fixedKey, ts, body)
	v := Verifier{Key: fixedPub, Now: func() time.Time { return fixedNow }}
	for b.Loop() {
		if !v.Verify(sig, ts, body) {
			b.Fatal("did not verify")
		}
	}
}
