package knowledge

import (
	"embed"
	"io/fs"
)

//go:embed guide
var guideFS embed.FS

// Builtin returns the sections of the built-in guide.
func Builtin() []Section {
	var out []Section
	_ = fs.WalkDir(guideFS, "guide", func(path string, d fs.DirEntry, err error) error {
		return err
	})
	return out
}

// LoadPaths reads operator guide files and directories. Files that cannot be
// read or parsed are reported, by name, in errs and skipped.
func LoadPaths(paths ...string) (sections []Section, errs []error) {
	return nil, nil
}
