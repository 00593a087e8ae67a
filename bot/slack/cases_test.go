package slack

import (
	"context"
	"fmt"
	"sync"

	"tradeguard/advisor"
)

// fakeCases is a CaseService made of function fields (STYLE.md, "Do this" 3).
type fakeCases struct {
	CreateCaseFn    func(ctx context.Context, c *advisor.Case) error
	FindCaseByRefFn func(ctx context.Context, ref string) (*advisor.Case, error)
	FindCasesFn     func(ctx context.Context, f advisor.CaseFilter) ([]*advisor.Case, error)
	AcceptCaseFn    func(ctx context.Context, ref, lawyer string) (*advisor.Case, error)
	CloseCaseFn     func(ctx context.Context, ref, lawyer, resolution string) (*advisor.Case, error)
	WithdrawCaseFn  func(ctx context.Context, ref string, by advisor.Identity) (*advisor.Case, error)
}

var _ advisor.CaseService = (*fakeCases)(nil)

func (f *fakeCases) CreateCase(ctx context.Context, c *advisor.Case) error {
	return f.CreateCaseFn(ctx, c)
}
func (f *fakeCases) FindCaseByRef(ctx context.Context, ref string) (*advisor.Case, error) {
	return f.FindCaseByRefFn(ctx, ref)
}
func (f *fakeCases) FindCases(ctx context.Context, fl advisor.CaseFilter) ([]*advisor.Case, error) {
	return f.FindCasesFn(ctx, fl)
}
func (f *fakeCases) AcceptCase(ctx context.Context, ref, lawyer string) (*advisor.Case, error) {
	return f.AcceptCaseFn(ctx, ref, lawyer)
}
func (f *fakeCases) CloseCase(ctx context.Context, ref, lawyer, resolution string) (*advisor.Case, error) {
	return f.CloseCaseFn(ctx, ref, lawyer, resolution)
}
func (f *fakeCases) WithdrawCase(ctx context.Context, ref string, by advisor.Identity) (*advisor.Case, error) {
	return f.WithdrawCaseFn(ctx, ref, by)
}

// memCases is a small in-memory case store behind fakeCases. Each change
// queues a notice the way the outbox does; relay delivers them (the
// escalation relay's job in production).
type memCases struct {
	mu      sync.Mutex
	byRef   map[string]*advisor.Case
	byKey   map[string]string
	n       int64
	notices []advisor.Notice
}

func newMemCases() (*memCases, *fakeCases) {
	m := &memCases{byRef: map[string]*advisor.Case{}, byKey: map[string]string{}}
	f := &fakeCases{
		CreateCaseFn: func(_ context.Context, c *advisor.Case) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			if c.Consent.IdempotencyKey == "" || c.Consent.At.IsZero() {
				return advisor.Errorf(advisor.EINVALID, "Consent is missing.")
			}
			if ref, ok := m.byKey[c.Consent.IdempotencyKey]; ok {
				*c = *clone(m.byRef[ref])
				return nil
			}
			m.n++
			c.Ref = advisor.Ref(2026, m.n)
			c.Status = advisor.CaseNew
			c.CreatedAt, c.UpdatedAt = c.Consent.At, c.Consent.At
			m.byRef[c.Ref] = clone(c)
			m.byKey[c.Consent.IdempotencyKey] = c.Ref
			m.queue(advisor.NoticeCaseCreated, "slack", c)
			return nil
		},
		FindCaseByRefFn: func(_ context.Context, ref string) (*advisor.Case, error) {
			m.mu.Lock()
			defer m.mu.Unlock()
			c, ok := m.byRef[ref]
			if !ok {
				return nil, advisor.Errorf(advisor.ENOTFOUND, "No case %s.", ref)
			}
			return clone(c), nil
		},
		AcceptCaseFn: func(_ context.Context, ref, lawyer string) (*advisor.Case, error) {
			return m.change(ref, func(c *advisor.Case) error {
				if c.Status != advisor.CaseNew {
					return advisor.Errorf(advisor.ECONFLICT, "Case %s is %s.", ref, c.Status)
				}
				c.Status, c.Lawyer = advisor.CaseAccepted, lawyer
				m.queue(advisor.NoticeCaseAccepted, advisor.BuyerDestination(c.Buyer.Platform), c)
				return nil
			})
		},
		CloseCaseFn: func(_ context.Context, ref, lawyer, resolution string) (*advisor.Case, error) {
			return m.change(ref, func(c *advisor.Case) error {
				if c.Status == advisor.CaseClosed || c.Status == advisor.CaseWithdrawn {
					return advisor.Errorf(advisor.ECONFLICT, "Case %s is %s.", ref, c.Status)
				}
				c.Status, c.Resolution = advisor.CaseClosed, resolution
				if lawyer != "" {
					c.Lawyer = lawyer
				}
				m.queue(advisor.NoticeCaseClosed, advisor.BuyerDestination(c.Buyer.Platform), c)
				return nil
			})
		},
		WithdrawCaseFn: func(_ context.Context, ref string, by advisor.Identity) (*advisor.Case, error) {
			return m.change(ref, func(c *advisor.Case) error {
				if c.Buyer.Platform != by.Platform || c.Buyer.UserID != by.UserID {
					return advisor.Errorf(advisor.EFORBIDDEN, "Not your case.")
				}
				if c.Status != advisor.CaseNew {
					return advisor.Errorf(advisor.ECONFLICT, "A lawyer has already accepted %s.", ref)
				}
				c.Status = advisor.CaseWithdrawn
				m.queue(advisor.NoticeCaseWithdrawn, "slack", c)
				return nil
			})
		},
	}
	return m, f
}

func clone(c *advisor.Case) *advisor.Case {
	out := *c
	return &out
}

func (m *memCases) change(ref string, fn func(c *advisor.Case) error) (*advisor.Case, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c, ok := m.byRef[ref]
	if !ok {
		return nil, advisor.Errorf(advisor.ENOTFOUND, "No case %s.", ref)
	}
	if err := fn(c); err != nil {
		return nil, err
	}
	return clone(c), nil
}

func (m *memCases) queue(kind, dest string, c *advisor.Case) {
	m.notices = append(m.notices, advisor.Notice{Key: fmt.Sprintf("%s:%s:%s", c.Ref, kind, dest), Kind: kind,
		Case: clone(c), Attempt: 1, Destination: dest})
}

// relay delivers the queued notices: lawyers' ones to lawyers, buyers'
// ones to buyers, and returns how many went out.
func (m *memCases) relay(ctx context.Context, lawyers, buyers advisor.Notifier) (int, error) {
	m.mu.Lock()
	out := m.notices
	m.notices = nil
	m.mu.Unlock()
	for _, n := range out {
		nt := lawyers
		if n.Destination != "slack" {
			nt = buyers
		}
		if err := nt.Notify(ctx, n); err != nil {
			return 0, err
		}
	}
	return len(out), nil
}

func (m *memCases) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.byRef)
}
