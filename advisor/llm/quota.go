package llm

import (
	"sync"
	"time"
)

// Quota limits how many LLM answers each user may get per UTC day. It is kept
// in memory, per process: with several replicas each counts on its own, so a
// user gets at most Limit × replicas answers a day. The zero Limit means no
// limit. It is safe for concurrent use; the clock is injected.
type Quota struct {
	Limit int
	Now   func() time.Time

	mu   sync.Mutex
	day  string
	used map[string]int
}

// NewQuota returns a quota of limit calls per user per UTC day.
func NewQuota(limit int, now func() time.Time) *Quota {
	if now == nil {
		now = time.Now
	}
	return &Quota{Limit: limit, Now: now, used: map[string]int{}}
}

// Take uses one call of user's allowance for today and reports whether there
// was one left. Users are keyed by the string given (callers pass a hash, so
// no user ID is kept in clear).
func (q *Quota) Take(user string) bool {
	if q == nil || q.Limit <= 0 {
		return true
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if day := q.Now().UTC().Format("2006-01-02"); day != q.day {
		q.day, q.used = day, map[string]int{} // a new day forgets yesterday's counts
	}
	if q.used[user] >= q.Limit {
		return false
	}
	q.used[user]++
	return true
}

// Remaining returns how many calls user has left today (-1 without a limit).
func (q *Quota) Remaining(user string) int {
	if q == nil || q.Limit <= 0 {
		return -1
	}
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.Now().UTC().Format("2006-01-02") != q.day {
		return q.Limit
	}
	return q.Limit - q.used[user]
}
