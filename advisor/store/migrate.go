package store

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"path"
	"time"

	"github.com/pressly/goose/v3"
)

// Migration is one schema migration and whether it is applied.
type Migration struct {
	Version   int64
	Name      string // file name, such as 00001_cases.sql
	Applied   bool
	AppliedAt time.Time
}

// Migrator applies embedded migrations with goose: each file in its own
// transaction, recorded in goose_db_version by the version its name starts
// with, under Options' lock (PostgreSQL's session advisory lock) when given.
type Migrator struct {
	provider *goose.Provider
}

// NewMigrator returns a Migrator of fsys (a migrations/ folder) on db.
func NewMigrator(db *sql.DB, dialect goose.Dialect, fsys fs.FS, opts ...goose.ProviderOption) (*Migrator, error) {
	opts = append([]goose.ProviderOption{goose.WithDisableGlobalRegistry(true)}, opts...)
	p, err := goose.NewProvider(dialect, db, fsys, opts...)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	return &Migrator{provider: p}, nil
}

// Up applies the pending migrations and returns them.
func (m *Migrator) Up(ctx context.Context) ([]Migration, error) {
	res, err := m.provider.Up(ctx)
	var out []Migration
	for _, r := range res {
		if r.Error == nil {
			out = append(out, Migration{Version: r.Source.Version, Name: path.Base(r.Source.Path), Applied: true})
		}
	}
	if err != nil {
		return out, fmt.Errorf("migrations: %w", err)
	}
	return out, nil
}

// Status lists every migration, applied or not, oldest first.
func (m *Migrator) Status(ctx context.Context) ([]Migration, error) {
	st, err := m.provider.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrations: %w", err)
	}
	out := make([]Migration, len(st))
	for i, s := range st {
		out[i] = Migration{Version: s.Source.Version, Name: path.Base(s.Source.Path),
			Applied: s.State == goose.StateApplied, AppliedAt: s.AppliedAt.UTC()}
	}
	return out, nil
}
