package storetest

import (
	"context"
	"fmt"
	"testing"

	"tradeguard/knowledge"
)

// RunVectorCache is the knowledge.VectorCache contract every store passes:
// round trips, per-model keys, replacement, unknown keys, and a large batch.
func RunVectorCache(t *testing.T, c knowledge.VectorCache) {
	t.Helper()
	ctx := context.Background()
	if got, err := c.LoadVectors(ctx, "m", []string{"nothing"}); err != nil || len(got) != 0 {
		t.Fatalf("empty cache: %v, %v", got, err)
	}
	if err := c.SaveVectors(ctx, "m", map[string][]float32{"a": {0.5, -1, 3.25}, "b": {1}}); err != nil {
		t.Fatal(err)
	}
	if err := c.SaveVectors(ctx, "other-model", map[string][]float32{"a": {9, 9}}); err != nil {
		t.Fatal(err)
	}
	got, err := c.LoadVectors(ctx, "m", []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || len(got["a"]) != 3 || got["a"][0] != 0.5 || got["a"][1] != -1 || got["a"][2] != 3.25 || got["b"][0] != 1 {
		t.Fatalf("round trip: %v", got)
	}
	if err := c.SaveVectors(ctx, "m", map[string][]float32{"a": {7, 8}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := c.LoadVectors(ctx, "m", []string{"a"}); len(got["a"]) != 2 || got["a"][0] != 7 {
		t.Errorf("replacement: %v", got)
	}
	if got, _ := c.LoadVectors(ctx, "other-model", []string{"a"}); len(got["a"]) != 2 || got["a"][0] != 9 {
		t.Errorf("models share entries: %v", got)
	}
	big := map[string][]float32{}
	var keys []string
	for i := 0; i < 1200; i++ {
		k := fmt.Sprintf("k%04d", i)
		big[k] = []float32{float32(i), 1}
		keys = append(keys, k)
	}
	if err := c.SaveVectors(ctx, "big", big); err != nil {
		t.Fatal(err)
	}
	got, err = c.LoadVectors(ctx, "big", keys)
	if err != nil || len(got) != 1200 || got["k1199"][0] != 1199 {
		t.Errorf("large batch: %d vectors, %v", len(got), err)
	}
}
