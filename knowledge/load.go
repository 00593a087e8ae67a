package knowledge

import (
	"embed"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"
)

//go:embed guide
var guideFS embed.FS

// BuiltinSource is what citations of the built-in guide name when a guide
// file's front matter gives no source.
const BuiltinSource = "TradeGuard built-in guide"

var builtin = sync.OnceValues(func() ([]Section, []error) { return LoadFS(guideFS, "guide", BuiltinSource) })

// Builtin returns the sections of the built-in guide, parsed once. The slice
// is the caller's own.
func Builtin() []Section {
	s, _ := builtin()
	return slices.Clone(s)
}

// LoadBuiltin returns the built-in guide's sections and any files in it that
// could not be parsed (a test keeps that list empty).
func LoadBuiltin() ([]Section, []error) {
	s, errs := builtin()
	return slices.Clone(s), slices.Clone(errs)
}

// LoadFS reads the Markdown guide files under dir in fsys, in name order.
// Unlike operator files, each file's front matter may name the Source its
// sections cite (defaultSource when it does not); File is the path in fsys.
func LoadFS(fsys fs.FS, dir, defaultSource string) (sections []Section, errs []error) {
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			return nil
		}
		if d.IsDir() || !strings.EqualFold(path.Ext(p), ".md") {
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
			return nil
		}
		m, raws, err := parseMarkdown(data)
		if err == nil {
			src := m.source
			if src == "" {
				src = defaultSource
			}
			var secs []Section
			if secs, err = finish(p, m, raws, src); err == nil {
				sections = append(sections, secs...)
			}
		}
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", p, err))
		}
		return nil
	})
	if err != nil {
		errs = append(errs, err)
	}
	return sections, errs
}

// Extensions lists the file extensions the loaders read, lower case.
var Extensions = []string{".md", ".markdown", ".txt", ".text", ".html", ".htm"}

// Supported reports whether the loaders read files named like name.
func Supported(name string) bool {
	return slices.Contains(Extensions, strings.ToLower(filepath.Ext(name)))
}

// Files expands paths into the guide files to load: a file is taken as
// given, a directory is walked recursively for supported files (hidden files
// and directories skipped), in name order. Paths that do not exist or cannot
// be walked are reported by name.
func Files(paths ...string) (files []string, errs []error) {
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if !fi.IsDir() {
			files = append(files, p)
			continue
		}
		err = filepath.WalkDir(p, func(fp string, d fs.DirEntry, err error) error {
			if err != nil {
				errs = append(errs, err)
				return nil
			}
			if fp != p && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if !d.IsDir() && Supported(fp) {
				files = append(files, fp)
			}
			return nil
		})
		if err != nil {
			errs = append(errs, err)
		}
	}
	return files, errs
}

// LoadFile reads and parses one operator guide file (see Parse). Errors name
// the file.
func LoadFile(name string) ([]Section, error) {
	if !Supported(name) {
		return nil, fmt.Errorf("%s: %w", name, ErrUnsupported)
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxFileBytes+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	secs, err := Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return secs, nil
}

// LoadPaths reads operator guide files and directories (see Files and
// Parse). Files that cannot be read or parsed are reported, by name, in errs
// and skipped.
func LoadPaths(paths ...string) (sections []Section, errs []error) {
	files, errs := Files(paths...)
	for _, f := range files {
		secs, err := LoadFile(f)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		sections = append(sections, secs...)
	}
	return sections, errs
}
