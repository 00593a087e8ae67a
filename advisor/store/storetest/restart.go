package storetest

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Test binaries of several packages share the test server, and a fault test
// restarts it. Each process holds a shared flock on one file while any of
// its tests uses a database from PostgresURL; RestartPostgres converts it to
// an exclusive lock, so a restart waits for other packages' tests and they
// wait for the restart.
var pgLock struct {
	sync.Mutex
	f    *os.File
	refs int
}

func lockFile() (*os.File, error) {
	if pgLock.f == nil {
		f, err := os.OpenFile(filepath.Join(os.TempDir(), "tradeguard-test-postgres.lock"), os.O_RDWR|os.O_CREATE, 0o666)
		if err != nil {
			return nil, err
		}
		pgLock.f = f
	}
	return pgLock.f, nil
}

// sharePostgres takes the shared lock for tb's lifetime.
func sharePostgres(tb testing.TB) {
	pgLock.Lock()
	defer pgLock.Unlock()
	f, err := lockFile()
	if err != nil {
		tb.Logf("postgres test lock: %v", err)
		return
	}
	if pgLock.refs == 0 {
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH); err != nil {
			tb.Logf("postgres test lock: %v", err)
			return
		}
	}
	pgLock.refs++
	tb.Cleanup(func() {
		pgLock.Lock()
		defer pgLock.Unlock()
		pgLock.refs--
		if pgLock.refs == 0 {
			_ = syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		}
	})
}

// RestartCommand returns the command that restarts the test server:
// TRADEGUARD_TEST_PG_RESTART_CMD, else pg_ctlcluster for the one local
// cluster; nil when there is none.
func RestartCommand() []string {
	if c := strings.TrimSpace(os.Getenv("TRADEGUARD_TEST_PG_RESTART_CMD")); c != "" {
		return []string{"sh", "-c", c}
	}
	if _, err := exec.LookPath("pg_ctlcluster"); err != nil {
		return nil
	}
	vers, err := os.ReadDir("/etc/postgresql")
	if err != nil || len(vers) != 1 {
		return nil
	}
	return []string{"pg_ctlcluster", "--skip-systemctl-redirect", vers[0].Name(), "main", "restart"}
}

// CanRestartPostgres skips tb (fails it under CI=true) when the test server
// cannot be restarted from here.
func CanRestartPostgres(tb testing.TB) {
	tb.Helper()
	admin := os.Getenv("TRADEGUARD_TEST_DATABASE_URL")
	local := admin == "" || strings.Contains(admin, "127.0.0.1") || strings.Contains(admin, "localhost")
	if RestartCommand() == nil || !local {
		if os.Getenv("CI") == "true" {
			tb.Fatal("cannot restart the test PostgreSQL: set TRADEGUARD_TEST_PG_RESTART_CMD")
		}
		tb.Skip("cannot restart the test PostgreSQL (set TRADEGUARD_TEST_PG_RESTART_CMD)")
	}
}

// RestartPostgres restarts the test server once no other package's test is
// using it, and returns when it accepts connections again, with how long it
// was down.
func RestartPostgres(tb testing.TB) time.Duration {
	tb.Helper()
	pgLock.Lock()
	defer pgLock.Unlock()
	f, err := lockFile()
	if err != nil {
		tb.Fatal(err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		tb.Fatal(err)
	}
	defer func() {
		how := syscall.LOCK_UN
		if pgLock.refs > 0 {
			how = syscall.LOCK_SH
		}
		_ = syscall.Flock(int(f.Fd()), how)
	}()
	start := time.Now()
	args := RestartCommand()
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		tb.Fatalf("restart PostgreSQL: %v\n%s", err, out)
	}
	admin := os.Getenv("TRADEGUARD_TEST_DATABASE_URL")
	if admin == "" {
		admin = DefaultPostgresURL
	}
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		c, err := pgx.Connect(ctx, admin)
		if err == nil {
			c.Close(ctx)
			cancel()
			return time.Since(start)
		}
		cancel()
		if time.Since(start) > 60*time.Second {
			tb.Fatalf("PostgreSQL did not come back: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
