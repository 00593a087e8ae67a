package bot

import (
	"container/list"
	"sync"
	"time"

	"tradeguard/advisor"
)

// Conversation is what the engine remembers of one chat thread or DM, so a
// follow-up question is read against the earlier paste and an escalation
// carries the whole exchange.
type Conversation struct {
	Key string
	// Paste is the latest message with supplier content (the context of
	// follow-ups).
	Paste string
	// Inputs are the buyer's messages, in order.
	Inputs     []string
	Transcript []advisor.Turn
	// Last is the latest advice given.
	Last    advisor.Advice
	Buyer   advisor.Identity
	Updated time.Time
}

// conversations is a bounded, expiring in-memory map of conversations.
type conversations struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	order *list.List // front = most recent; values are *Conversation
	byKey map[string]*list.Element
}

func newConversations(max int, ttl time.Duration) *conversations {
	return &conversations{max: max, ttl: ttl, order: list.New(), byKey: map[string]*list.Element{}}
}

// get returns a copy of the conversation for key, or false when unknown or
// expired.
func (c *conversations) get(key string, now time.Time) (Conversation, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if !ok {
		return Conversation{}, false
	}
	conv := el.Value.(*Conversation)
	if now.Sub(conv.Updated) > c.ttl {
		c.order.Remove(el)
		delete(c.byKey, key)
		return Conversation{}, false
	}
	return clone(conv), true
}

// update applies fn to the conversation for key (creating it) and stores it.
func (c *conversations) update(key string, now time.Time, fn func(*Conversation)) Conversation {
	c.mu.Lock()
	defer c.mu.Unlock()
	el, ok := c.byKey[key]
	if ok && now.Sub(el.Value.(*Conversation).Updated) > c.ttl {
		c.order.Remove(el)
		delete(c.byKey, key)
		ok = false
	}
	if !ok {
		el = c.order.PushFront(&Conversation{Key: key})
		c.byKey[key] = el
	}
	conv := el.Value.(*Conversation)
	fn(conv)
	conv.Updated = now
	c.order.MoveToFront(el)
	for c.order.Len() > c.max {
		old := c.order.Back()
		c.order.Remove(old)
		delete(c.byKey, old.Value.(*Conversation).Key)
	}
	return clone(conv)
}

func (c *conversations) delete(key string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if el, ok := c.byKey[key]; ok {
		c.order.Remove(el)
		delete(c.byKey, key)
	}
}

func clone(c *Conversation) Conversation {
	out := *c
	out.Inputs = append([]string(nil), c.Inputs...)
	out.Transcript = append([]advisor.Turn(nil), c.Transcript...)
	return out
}

// ConversationKey identifies the conversation a request belongs to: the
// thread when there is one, else the user in that channel.
func ConversationKey(req advisor.Request) string {
	if req.Thread != "" {
		return req.Platform + ":" + req.Channel + ":" + req.Thread
	}
	return req.Platform + ":" + req.Channel + ":u:" + req.User
}
