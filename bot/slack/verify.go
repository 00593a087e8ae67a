package slack

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
)

// Request signing (docs.slack.dev/authentication/verifying-requests-from-slack).
const (
	headerSignature = "X-Slack-Signature"
	headerTimestamp = "X-Slack-Request-Timestamp"
	// signatureVersion prefixes the base string and the signature.
	signatureVersion = "v0"
	// MaxClockSkew is how far a request's timestamp may be from our clock,
	// in either direction, before it is refused as a replay.
	MaxClockSkew = 5 * time.Minute
	// DefaultMaxBody caps a request body before it is hashed.
	DefaultMaxBody = 1 << 20
)

// Verification failures. They are never shown to the caller (who gets a
// bare 401), only counted and logged by kind.
var (
	errNoSignature  = errors.New("missing or malformed signature headers")
	errStale        = errors.New("timestamp outside the allowed window")
	errBadSignature = errors.New("signature mismatch")
	errTooLarge     = errors.New("body too large")
)

// Verifier checks Slack's v0 request signature: HMAC-SHA256 of
// "v0:<timestamp>:<raw body>" keyed with the app's signing secret. Unlike
// slack-go's SecretsVerifier it never reveals the expected signature, caps the
// body before hashing and takes an injectable clock.
type Verifier struct {
	// Secret is the app's signing secret, used as bytes (it is not hex).
	Secret []byte
	// Now is the clock (default time.Now).
	Now func() time.Time
	// MaxBody caps the body in bytes (default DefaultMaxBody).
	MaxBody int64
}

// Sign returns the v0 signature of body sent at timestamp ts (Unix seconds as
// sent in X-Slack-Request-Timestamp). Tests and the load generator use it.
func Sign(secret []byte, ts string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(signatureVersion + ":" + ts + ":"))
	mac.Write(body)
	return signatureVersion + "=" + hex.EncodeToString(mac.Sum(nil))
}

// SignRequest sets the signature headers of r for body at time now.
func SignRequest(r *http.Request, secret []byte, now time.Time, body []byte) {
	ts := strconv.FormatInt(now.Unix(), 10)
	r.Header.Set(headerTimestamp, ts)
	r.Header.Set(headerSignature, Sign(secret, ts, body))
}

// Verify reads r's body (at most MaxBody bytes) and returns it when the
// signature headers are present, fresh and match. The timestamp is checked
// before the body is read, so a stale or unsigned request costs no hashing.
func (v *Verifier) Verify(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if len(v.Secret) == 0 {
		return nil, errBadSignature
	}
	ts := r.Header.Get(headerTimestamp)
	sig := r.Header.Get(headerSignature)
	if ts == "" || len(ts) > 20 || len(sig) != len(signatureVersion)+1+sha256.Size*2 || sig[:3] != signatureVersion+"=" {
		return nil, errNoSignature
	}
	sent, err := strconv.ParseInt(ts, 10, 64)
	if err != nil || sent <= 0 {
		return nil, errNoSignature
	}
	now := time.Now
	if v.Now != nil {
		now = v.Now
	}
	if skew := now().Sub(time.Unix(sent, 0)); skew > MaxClockSkew || skew < -MaxClockSkew {
		return nil, errStale
	}
	max := v.MaxBody
	if max <= 0 {
		max = DefaultMaxBody
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, max))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return nil, errTooLarge
		}
		return nil, errNoSignature
	}
	// Compare the exact header text (lower-case hex, as Slack sends it), so
	// no other spelling of a valid signature is accepted either.
	if !hmac.Equal([]byte(Sign(v.Secret, ts, body)), []byte(sig)) {
		return nil, errBadSignature
	}
	return body, nil
}

// refuse answers a request that failed verification: a bare status and a
// fixed body, never the cause (slack-go's Ensure() error text contains the
// signature an attacker would need).
func refuse(w http.ResponseWriter, err error) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if errors.Is(err, errTooLarge) {
		w.WriteHeader(http.StatusRequestEntityTooLarge)
		io.WriteString(w, "request too large\n")
		return
	}
	w.WriteHeader(http.StatusUnauthorized)
	io.WriteString(w, "unauthorized\n")
}
