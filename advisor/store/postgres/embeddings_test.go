package postgres_test

import (
	"testing"

	"tradeguard/advisor/store/storetest"
)

func TestVectorCache(t *testing.T) {
	storetest.RunVectorCache(t, MustOpen(t, storetest.PostgresURL(t), nil))
}
