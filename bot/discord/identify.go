package discord

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// IdentifyGuard keeps the bot's gateway logins (IDENTIFY) under a budget, so
// a crash loop, a cron job or a bug cannot make thousands of logins a day:
// Discord allows 1,000 per 24 hours and resets the bot token when that is
// exceeded. Resuming a session costs nothing and is not counted. The log of
// logins is kept in a file, so restarts of the process count too.
type IdentifyGuard struct {
	// Path is the JSON file that persists the log ("" keeps it in memory).
	Path string
	// PerDay and PerHour are the budgets (default 900 and 60: Discord's
	// 1,000 less headroom, and a crash loop stops within the hour).
	PerDay, PerHour int
	// MinGap is the least time between two logins (default 5 s, Discord's
	// max_concurrency of 1 for a small bot).
	MinGap time.Duration
	Now    func() time.Time

	mu     sync.Mutex
	loaded bool
	log    []time.Time // oldest first, only the last 24 hours
}

type identifyFile struct {
	Note       string  `json:"note"`
	IdentifyAt []int64 `json:"identify_at"` // Unix milliseconds
}

func (g *IdentifyGuard) now() time.Time {
	if g.Now != nil {
		return g.Now()
	}
	return time.Now()
}

func (g *IdentifyGuard) limits() (day, hour int, gap time.Duration) {
	day, hour, gap = g.PerDay, g.PerHour, g.MinGap
	if day <= 0 {
		day = 900
	}
	if hour <= 0 {
		hour = 60
	}
	if gap <= 0 {
		gap = 5 * time.Second
	}
	return day, hour, gap
}

// load reads the persisted log once. An unreadable file counts as a full
// budget for the next hour rather than as none: failing closed is what
// prevents a login storm.
func (g *IdentifyGuard) load(now time.Time) error {
	if g.loaded || g.Path == "" {
		g.loaded = true
		return nil
	}
	g.loaded = true
	raw, err := os.ReadFile(g.Path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	var f identifyFile
	if err == nil {
		err = json.Unmarshal(raw, &f)
	}
	if err != nil {
		_, hour, _ := g.limits()
		for i := 0; i < hour; i++ {
			g.log = append(g.log, now)
		}
		return fmt.Errorf("discord identify log %s unreadable, assuming the hourly budget is spent: %w", g.Path, err)
	}
	for _, ms := range f.IdentifyAt {
		g.log = append(g.log, time.UnixMilli(ms))
	}
	return nil
}

func (g *IdentifyGuard) save() error {
	if g.Path == "" {
		return nil
	}
	f := identifyFile{Note: "TradeGuard's Discord gateway logins (IDENTIFY) in the last 24 hours; see README, Discord set-up."}
	for _, t := range g.log {
		f.IdentifyAt = append(f.IdentifyAt, t.UnixMilli())
	}
	raw, err := json.Marshal(f)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(g.Path), 0o755); err != nil {
		return err
	}
	tmp := g.Path + ".tmp"
	if err := os.WriteFile(tmp, raw, 0o600); err != nil {
		return err
	}
	return os.Rename(tmp, g.Path)
}

// prune drops entries older than 24 hours and sorts nothing: the log is
// appended in time order.
func (g *IdentifyGuard) prune(now time.Time) {
	cutoff := now.Add(-24 * time.Hour)
	i := 0
	for i < len(g.log) && !g.log[i].After(cutoff) {
		i++
	}
	g.log = g.log[i:]
}

// wait returns how long until one more login fits every budget (0: now).
func (g *IdentifyGuard) wait(now time.Time) time.Duration {
	day, hour, gap := g.limits()
	var w time.Duration
	later := func(d time.Duration) {
		if d > w {
			w = d
		}
	}
	if n := len(g.log); n > 0 {
		later(g.log[n-1].Add(gap).Sub(now))
	}
	if len(g.log) >= day {
		later(g.log[len(g.log)-day].Add(24 * time.Hour).Sub(now))
	}
	var lastHour []time.Time
	for i := len(g.log) - 1; i >= 0 && g.log[i].After(now.Add(-time.Hour)); i-- {
		lastHour = append(lastHour, g.log[i])
	}
	if len(lastHour) >= hour {
		later(lastHour[hour-1].Add(time.Hour).Sub(now))
	}
	return w
}

// Reserve records a login about to happen and returns 0, or returns how long
// to wait before one is allowed (recording nothing). The error reports a
// log that could not be read or written; the decision is still made.
func (g *IdentifyGuard) Reserve() (time.Duration, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	lerr := g.load(now)
	g.prune(now)
	if w := g.wait(now); w > 0 {
		return w, lerr
	}
	g.log = append(g.log, now)
	return 0, errors.Join(lerr, g.save())
}

// Record counts a login that already happened (discordgo logs in again by
// itself when Discord refuses a resume) and returns how long to wait before
// the next one would be allowed.
func (g *IdentifyGuard) Record() (time.Duration, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	lerr := g.load(now)
	g.prune(now)
	g.log = append(g.log, now)
	return g.wait(now), errors.Join(lerr, g.save())
}

// Count returns the logins in the last 24 hours.
func (g *IdentifyGuard) Count() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	now := g.now()
	g.load(now)
	g.prune(now)
	return len(g.log)
}
