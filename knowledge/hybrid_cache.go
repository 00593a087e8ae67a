package knowledge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sync"
)

// FileVectorCache is a VectorCache in one JSON file per model inside Dir,
// for the terminal commands, which run without a database. Writes go to a
// temporary file renamed into place, so a crash never leaves half a cache.
type FileVectorCache struct {
	Dir string
	mu  sync.Mutex
}

var _ VectorCache = (*FileVectorCache)(nil)

var unsafeName = regexp.MustCompile(`[^A-Za-z0-9._-]+`)

func (c *FileVectorCache) path(model string) string {
	return filepath.Join(c.Dir, "embeddings-"+unsafeName.ReplaceAllString(model, "_")+"-"+ContentKey(model)[:8]+".json")
}

func (c *FileVectorCache) read(model string) (map[string][]float32, error) {
	b, err := os.ReadFile(c.path(model))
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]float32{}, nil
	}
	if err != nil {
		return nil, err
	}
	m := map[string][]float32{}
	if err := json.Unmarshal(b, &m); err != nil {
		return map[string][]float32{}, nil // a corrupt cache is rebuilt
	}
	return m, nil
}

// LoadVectors implements VectorCache.
func (c *FileVectorCache) LoadVectors(_ context.Context, model string, keys []string) (map[string][]float32, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	all, err := c.read(model)
	if err != nil {
		return nil, err
	}
	out := map[string][]float32{}
	for _, k := range keys {
		if v, ok := all[k]; ok {
			out[k] = v
		}
	}
	return out, nil
}

// SaveVectors implements VectorCache.
func (c *FileVectorCache) SaveVectors(_ context.Context, model string, vecs map[string][]float32) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	all, err := c.read(model)
	if err != nil {
		return err
	}
	for k, v := range vecs {
		all[k] = v
	}
	b, err := json.Marshal(all)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(c.Dir, 0o700); err != nil {
		return fmt.Errorf("knowledge: embeddings cache: %w", err)
	}
	tmp, err := os.CreateTemp(c.Dir, ".embeddings-*")
	if err != nil {
		return fmt.Errorf("knowledge: embeddings cache: %w", err)
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(b); err != nil {
		tmp.Close()
		return fmt.Errorf("knowledge: embeddings cache: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("knowledge: embeddings cache: %w", err)
	}
	return os.Rename(tmp.Name(), c.path(model))
}
