package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"

	"tradeguard/advisor"
)

// RedactHandler wraps a slog.Handler so logs never carry bank account
// numbers, IBANs, e-mail addresses or phone numbers in clear: the message
// and every string, error, Stringer, []byte and long integer attribute
// (inside groups and LogValuers too) pass through advisor.Redact. Other
// values (JSON-encoded first) are redacted as text. cmd wraps every logger
// it makes with it.
type RedactHandler struct {
	h slog.Handler
}

// NewRedactHandler returns h with redaction in front of it.
func NewRedactHandler(h slog.Handler) *RedactHandler { return &RedactHandler{h: h} }

// Enabled reports whether the wrapped handler handles level.
func (r *RedactHandler) Enabled(ctx context.Context, level slog.Level) bool {
	return r.h.Enabled(ctx, level)
}

// Handle redacts rec and passes it on.
func (r *RedactHandler) Handle(ctx context.Context, rec slog.Record) error {
	out := slog.NewRecord(rec.Time, rec.Level, advisor.Redact(rec.Message), rec.PC)
	rec.Attrs(func(a slog.Attr) bool {
		out.AddAttrs(RedactAttr(a))
		return true
	})
	return r.h.Handle(ctx, out)
}

// WithAttrs redacts attrs once, here.
func (r *RedactHandler) WithAttrs(attrs []slog.Attr) slog.Handler {
	red := make([]slog.Attr, len(attrs))
	for i, a := range attrs {
		red[i] = RedactAttr(a)
	}
	return &RedactHandler{h: r.h.WithAttrs(red)}
}

// WithGroup opens a group on the wrapped handler.
func (r *RedactHandler) WithGroup(name string) slog.Handler {
	return &RedactHandler{h: r.h.WithGroup(name)}
}

// RedactAttr returns a with personal data masked in its value.
func RedactAttr(a slog.Attr) slog.Attr {
	v := a.Value.Resolve()
	switch v.Kind() {
	case slog.KindString:
		return slog.String(a.Key, advisor.Redact(v.String()))
	case slog.KindGroup:
		as := v.Group()
		red := make([]slog.Attr, len(as))
		for i, x := range as {
			red[i] = RedactAttr(x)
		}
		return slog.Attr{Key: a.Key, Value: slog.GroupValue(red...)}
	case slog.KindInt64:
		return redactNumber(a.Key, strconv.FormatInt(v.Int64(), 10), v)
	case slog.KindUint64:
		return redactNumber(a.Key, strconv.FormatUint(v.Uint64(), 10), v)
	case slog.KindAny:
		switch x := v.Any().(type) {
		case nil:
			return slog.Attr{Key: a.Key, Value: v}
		case error:
			return slog.String(a.Key, advisor.Redact(x.Error()))
		case fmt.Stringer:
			return slog.String(a.Key, advisor.Redact(x.String()))
		case []byte:
			return slog.String(a.Key, advisor.Redact(string(x)))
		default:
			b, err := json.Marshal(x)
			if err != nil {
				return slog.String(a.Key, advisor.Redact(fmt.Sprintf("%+v", x)))
			}
			return slog.String(a.Key, advisor.Redact(string(b)))
		}
	}
	return slog.Attr{Key: a.Key, Value: v}
}

// redactNumber masks an integer long enough to be an account or phone
// number.
func redactNumber(key, text string, v slog.Value) slog.Attr {
	if len(text) < 9 {
		return slog.Attr{Key: key, Value: v}
	}
	if red := advisor.Redact(text); red != text {
		return slog.String(key, red)
	}
	return slog.Attr{Key: key, Value: v}
}
