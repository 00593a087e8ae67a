package sqlstore

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// timeScan scans a TIMESTAMPTZ (time.Time), unix microseconds (int64), text
// or NULL (the zero time) into *t, in UTC.
type timeScan struct{ t *time.Time }

func (ts timeScan) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		*ts.t = time.Time{}
	case time.Time:
		*ts.t = x.UTC()
	case int64:
		*ts.t = time.UnixMicro(x).UTC()
	case []byte:
		return ts.parse(string(x))
	case string:
		return ts.parse(x)
	default:
		return fmt.Errorf("cannot scan %T into a time", v)
	}
	return nil
}

func (ts timeScan) parse(s string) error {
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999-07:00", "2006-01-02 15:04:05.999999999Z07", "2006-01-02 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			*ts.t = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot parse time %q", s)
}

// TimeArg encodes t for PostgreSQL (TIMESTAMPTZ).
func TimeArg(t time.Time) any { return t.UTC() }

// MicrosArg encodes t for SQLite (unix microseconds).
func MicrosArg(t time.Time) any { return t.UTC().UnixMicro() }

// marshalJSON encodes v for a JSON column. JSON "\u0000" escapes are
// replaced with U+FFFD because PostgreSQL's JSONB cannot hold NUL.
func marshalJSON(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	if !bytes.Contains(b, []byte(`\u0000`)) {
		return b, nil
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' || i+1 >= len(b) {
			out = append(out, b[i])
			continue
		}
		if b[i+1] == 'u' && i+6 <= len(b) && string(b[i+2:i+6]) == "0000" {
			out = append(out, `\ufffd`...)
			i += 5
			continue
		}
		out = append(out, b[i], b[i+1])
		i++
	}
	return out, nil
}
