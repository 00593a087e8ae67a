package discord

import (
	"container/list"
	"context"
	"sync"
	"time"
)

// onceCache remembers recent keys (interaction and message IDs) so a
// delivery seen twice is handled once; a later caller gets the first
// caller's result, waiting for it if it is still being made.
type onceCache struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	order *list.List // front = newest; values are *onceEntry
	m     map[string]*list.Element
}

type onceEntry struct {
	key  string
	at   time.Time
	done chan struct{}
	val  []byte
}

func newOnceCache(max int, ttl time.Duration) *onceCache {
	return &onceCache{max: max, ttl: ttl, now: time.Now, order: list.New(), m: map[string]*list.Element{}}
}

// do runs fn for the first caller with key; others wait for its value. first
// says whether this caller ran fn.
func (c *onceCache) do(ctx context.Context, key string, fn func() []byte) (val []byte, first bool, err error) {
	c.mu.Lock()
	now := c.now()
	for el := c.order.Back(); el != nil; el = c.order.Back() {
		e := el.Value.(*onceEntry)
		if c.order.Len() < c.max && now.Sub(e.at) < c.ttl {
			break
		}
		c.order.Remove(el)
		delete(c.m, e.key)
	}
	if el, ok := c.m[key]; ok {
		e := el.Value.(*onceEntry)
		c.mu.Unlock()
		select {
		case <-e.done:
			return e.val, false, nil
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	e := &onceEntry{key: key, at: now, done: make(chan struct{})}
	c.m[key] = c.order.PushFront(e)
	c.mu.Unlock()
	defer close(e.done)
	e.val = fn()
	return e.val, true, nil
}

// seen reports whether key was seen recently, remembering it if not.
func (c *onceCache) seen(key string) bool {
	_, first, _ := c.do(context.Background(), key, func() []byte { return nil })
	return !first
}

// has reports whether key was seen recently, without remembering it.
func (c *onceCache) has(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.m[key]
	return ok && c.now().Sub(el.Value.(*onceEntry).at) < c.ttl
}
