package knowledge

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
)

// writeFiles creates files under dir.
func writeFiles(tb testing.TB, dir string, files map[string]string) {
	tb.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

func TestLoadPaths(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"policy.md":             "# Refunds\n\nWe refund within 14 days.\n",
		"sub/notes.txt":         "Payment Terms\n\nWe pay 30% deposit and 70% after inspection.\n",
		"sub/deeper/page.HTML":  "<h1>Samples</h1><p>Samples are paid by the buyer.</p>",
		"sub/.hidden.md":        "# Hidden\n\nNot loaded.\n",
		".git/config.md":        "# Git\n\nNot loaded.\n",
		"manual.pdf":            "%PDF-1.4 not loaded",
		"broken.txt":            "\x00\x01\x02binary",
		"empty.md":              "\n\n",
		"sub/deeper/README.txt": "Notes\n\nFine text here, with a full sentence.\n",
	})
	single := filepath.Join(t.TempDir(), "single.md")
	writeFiles(t, filepath.Dir(single), map[string]string{"single.md": "# Single\n\nOne file given by path.\n"})
	missing := filepath.Join(dir, "missing.md")

	secs, errs := LoadPaths(dir, single, missing)
	var got []string
	for _, s := range secs {
		got = append(got, s.Source+": "+s.Title)
	}
	sort.Strings(got)
	want := []string{"README.txt: Notes", "notes.txt: Payment Terms", "page.HTML: Samples", "policy.md: Refunds", "single.md: Single"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("sections (-want +got):\n%s", diff)
	}
	var msgs []string
	for _, err := range errs {
		msgs = append(msgs, err.Error())
	}
	joined := strings.Join(msgs, "\n")
	for _, name := range []string{"broken.txt", "empty.md", "missing.md"} {
		if !strings.Contains(joined, name) {
			t.Errorf("errors do not name %s:\n%s", name, joined)
		}
	}
	if len(errs) != 3 {
		t.Errorf("%d errors, want 3:\n%s", len(errs), joined)
	}
	if !containsErr(errs, ErrNotText) || !containsErr(errs, ErrNoSections) || !containsErr(errs, fs.ErrNotExist) {
		t.Errorf("errors do not wrap their causes: %v", errs)
	}
}

func containsErr(errs []error, target error) bool {
	for _, err := range errs {
		if errors.Is(err, target) {
			return true
		}
	}
	return false
}

func TestLoadFileUnsupported(t *testing.T) {
	p := filepath.Join(t.TempDir(), "guide.docx")
	writeFiles(t, filepath.Dir(p), map[string]string{"guide.docx": "PK"})
	if _, err := LoadFile(p); !errors.Is(err, ErrUnsupported) || !strings.Contains(err.Error(), "guide.docx") {
		t.Errorf("LoadFile(.docx) = %v", err)
	}
}

func TestLoadFileTooLarge(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(p, []byte(strings.Repeat("Big file line.\n", MaxFileBytes/15+10)), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadFile(p); err == nil || !strings.Contains(err.Error(), "big.txt") {
		t.Errorf("LoadFile(big) = %v, want an error naming the file", err)
	}
}

func TestLoadFS(t *testing.T) {
	fsys := fstest.MapFS{
		"g/01-a.md": {Data: []byte("---\nsource: Handbook 2026\nupdated: 2026-02-01\n---\n# A\n\nText a.\n")},
		"g/02-b.md": {Data: []byte("# B\n\nText b.\n")},
		"g/03-c.md": {Data: []byte("")},
		"g/x.txt":   {Data: []byte("ignored")},
	}
	secs, errs := LoadFS(fsys, "g", "Default")
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "g/03-c.md") {
		t.Errorf("errs = %v, want one naming g/03-c.md", errs)
	}
	want := []Section{
		{Title: "A", Source: "Handbook 2026", Updated: "2026-02-01", Body: "Text a.", File: "g/01-a.md"},
		{Title: "B", Source: "Default", Body: "Text b.", File: "g/02-b.md"},
	}
	if diff := cmp.Diff(want, secs); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
