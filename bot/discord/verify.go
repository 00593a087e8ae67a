package discord

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"strconv"
	"time"
)

// Verifier checks the Ed25519 signature Discord puts on every HTTP
// interaction (X-Signature-Ed25519 over X-Signature-Timestamp + body), and,
// unlike discordgo.VerifyInteraction, also that the timestamp is recent, so a
// captured request cannot be replayed later.
type Verifier struct {
	Key ed25519.PublicKey
	// Window is how far the timestamp may be from now (default 5 minutes).
	Window time.Duration
	Now    func() time.Time
}

// ParsePublicKey decodes the application's public key as shown in the
// Developer Portal (64 hex characters).
func ParsePublicKey(s string) (ed25519.PublicKey, error) {
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != ed25519.PublicKeySize {
		return nil, errors.New("the public key must be 64 hex characters")
	}
	return ed25519.PublicKey(b), nil
}

// Verify reports whether sig (lower-case hex, as Discord sends it) signs
// timestamp+body with v.Key and timestamp (Unix seconds) is within the
// window. Upper-case hex is refused so that no two header values verify for
// the same signature.
func (v Verifier) Verify(sig, timestamp string, body []byte) bool {
	if len(v.Key) != ed25519.PublicKeySize || len(sig) != 2*ed25519.SignatureSize {
		return false
	}
	for i := 0; i < len(sig); i++ {
		if c := sig[i]; !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	raw, err := hex.DecodeString(sig)
	if err != nil {
		return false
	}
	if len(timestamp) == 0 || len(timestamp) > 12 {
		return false
	}
	for i := 0; i < len(timestamp); i++ {
		if c := timestamp[i]; c < '0' || c > '9' {
			return false
		}
	}
	ts, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	window := v.Window
	if window <= 0 {
		window = 5 * time.Minute
	}
	if d := now().Sub(time.Unix(ts, 0)); d > window || d < -window {
		return false
	}
	msg := make([]byte, 0, len(timestamp)+len(body))
	msg = append(append(msg, timestamp...), body...)
	return ed25519.Verify(v.Key, msg, raw)
}
