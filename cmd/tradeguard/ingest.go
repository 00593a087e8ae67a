package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"unicode/utf8"

	"tradeguard/knowledge"
)

// Section sizes ingest warns about: a tiny section is usually a heading
// misread in plain text, a huge one a file whose headings were not found.
const (
	ingestFewWords  = 12
	ingestManyWords = 1500
)

// ingestReport is what `tradeguard ingest --json` prints.
type ingestReport struct {
	Files    []ingestFile `json:"files"`
	Sections int          `json:"sections"`
	Skipped  int          `json:"skipped"`
	Problems []string     `json:"problems"`
}

// ingestFile is one guide file: its sections, or why it was skipped.
type ingestFile struct {
	Path     string          `json:"path"`
	Sections []ingestSection `json:"sections"`
	Error    string          `json:"error,omitempty"`
	Warnings []string        `json:"warnings,omitempty"`
}

// ingestSection is one section as it will be searched and cited.
type ingestSection struct {
	Title   string `json:"title"`
	Source  string `json:"source"`
	Updated string `json:"updated,omitempty"`
	Words   int    `json:"words"`
	Chars   int    `json:"chars"`
}

func runIngest(_ context.Context, m *Main, args []string) int {
	fs := m.newFlagSet("ingest", "[PATH...]",
		"Reads guide files (.md, .markdown, .txt, .html, .htm) and directories the way KNOWLEDGE_DIR and --guide do,\n"+
			"and prints the sections found (title, words, characters) and the files that would be skipped, so a guide\n"+
			"can be checked before it is deployed. With no PATH it reads KNOWLEDGE_DIR. Markdown is split at headings,\n"+
			"plain text at heading-like lines, HTML at <h1>–<h6>. Exit status 0 when at least one section loads.")
	asJSON := fs.Bool("json", false, "print one JSON object")
	withBuiltin := fs.Bool("builtin", false, "also list the built-in guide")
	if code, ok := m.parseFlags(fs, args); !ok {
		return code
	}
	paths := fs.Args()
	if len(paths) == 0 {
		cfg, ok := m.config()
		if !ok {
			return exitUsage
		}
		if cfg.KnowledgeDir != "" {
			paths = []string{cfg.KnowledgeDir}
		}
	}
	if len(paths) == 0 && !*withBuiltin {
		fmt.Fprintln(m.Stderr, "tradeguard ingest: name a guide file or directory (or set KNOWLEDGE_DIR)")
		fs.Usage()
		return exitUsage
	}

	rep := ingestReport{Files: []ingestFile{}, Problems: []string{}}
	if *withBuiltin {
		secs, errs := knowledge.LoadBuiltin()
		rep.addSections(secs)
		for _, err := range errs {
			rep.Problems = append(rep.Problems, "built-in guide: "+err.Error())
		}
	}
	files, errs := knowledge.Files(paths...)
	for _, err := range errs {
		rep.Problems = append(rep.Problems, err.Error())
		rep.Skipped++
	}
	for _, f := range files {
		secs, err := knowledge.LoadFile(f)
		if err != nil {
			rep.Files = append(rep.Files, ingestFile{Path: f, Sections: []ingestSection{}, Error: err.Error()})
			rep.Skipped++
			continue
		}
		rep.addSections(secs)
	}
	rep.warn()

	if *asJSON {
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintf(m.Stderr, "tradeguard ingest: %v\n", err)
			return exitError
		}
	} else {
		rep.print(m)
	}
	if rep.Sections == 0 {
		return exitError
	}
	return exitOK
}

// addSections files sections under the file each came from.
func (r *ingestReport) addSections(secs []knowledge.Section) {
	for _, s := range secs {
		if len(r.Files) == 0 || r.Files[len(r.Files)-1].Path != s.File || r.Files[len(r.Files)-1].Error != "" {
			r.Files = append(r.Files, ingestFile{Path: s.File, Sections: []ingestSection{}})
		}
		f := &r.Files[len(r.Files)-1]
		f.Sections = append(f.Sections, ingestSection{Title: s.Title, Source: s.Source, Updated: s.Updated,
			Words: len(strings.Fields(s.Body)), Chars: utf8.RuneCountInString(s.Body)})
		r.Sections++
	}
}

// warn notes sections that are suspiciously small or large, and titles
// that several sections share (a citation would not say which one).
func (r *ingestReport) warn() {
	seen := map[string]string{}
	for i := range r.Files {
		f := &r.Files[i]
		for _, s := range f.Sections {
			switch {
			case s.Words < ingestFewWords:
				f.Warnings = append(f.Warnings, fmt.Sprintf("%q has only %d words: is it really a section?", s.Title, s.Words))
			case s.Words > ingestManyWords && len(f.Sections) == 1:
				f.Warnings = append(f.Warnings, fmt.Sprintf("%q has %d words and is the only section: no headings found?", s.Title, s.Words))
			case s.Words > ingestManyWords:
				f.Warnings = append(f.Warnings, fmt.Sprintf("%q has %d words: excerpts work best under %d", s.Title, s.Words, ingestManyWords))
			}
			key := strings.ToLower(s.Title)
			if other, ok := seen[key]; ok {
				f.Warnings = append(f.Warnings, fmt.Sprintf("%q is also a section of %s", s.Title, other))
			} else {
				seen[key] = f.Path
			}
		}
	}
}

func (r *ingestReport) print(m *Main) {
	for _, f := range r.Files {
		if f.Error != "" {
			fmt.Fprintf(m.Stdout, "%s: skipped: %s\n", f.Path, strings.TrimPrefix(f.Error, f.Path+": "))
			continue
		}
		fmt.Fprintf(m.Stdout, "%s: %d %s (cited as %q)\n", f.Path, len(f.Sections), plural(len(f.Sections), "section"), f.Sections[0].Source)
		width := 0
		for _, s := range f.Sections {
			width = max(width, min(utf8.RuneCountInString(s.Title), 60))
		}
		for _, s := range f.Sections {
			fmt.Fprintf(m.Stdout, "  %-*s %6d words %7d chars\n", width, s.Title, s.Words, s.Chars)
		}
		for _, w := range f.Warnings {
			fmt.Fprintf(m.Stdout, "  warning: %s\n", w)
		}
	}
	for _, p := range r.Problems {
		fmt.Fprintf(m.Stdout, "problem: %s\n", p)
	}
	files := 0
	for _, f := range r.Files {
		if f.Error == "" {
			files++
		}
	}
	fmt.Fprintf(m.Stdout, "%d %s loaded from %d %s; %d skipped.\n", r.Sections, plural(r.Sections, "section"),
		files, plural(files, "file"), r.Skipped)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
