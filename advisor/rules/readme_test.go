package rules_test

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"tradeguard/advisor/rules"
)

// rulesTable renders the README table of the rules, generated from
// rules.Default() so the documentation cannot drift from the code.
func rulesTable() string {
	cell := func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") }
	var b strings.Builder
	b.WriteString("| ID | Severity | What triggers it | Why it matters | Guide section |\n")
	b.WriteString("|---|---|---|---|---|\n")
	for _, r := range rules.Default().Rules {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s |\n", r.ID, r.Severity, cell(r.Trigger), cell(r.Why), cell(r.Source))
	}
	return b.String()
}

// readmeBlock returns the lines of README.md's section that starts with the
// given marker, up to the next "## " heading.
func readmeBlock(t *testing.T, marker string) string {
	t.Helper()
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	i := strings.Index(s, marker)
	if i < 0 {
		t.Fatalf("README.md has no %s section", marker)
	}
	s = s[i+len(marker):]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	return s
}

// TestReadmeRulesTable fails when the README's rule table and the rules
// disagree. go test ./advisor/rules -run TestReadmeRulesTable -update writes
// the table to testdata/readme_rules.md, to paste into the <!-- rules -->
// section.
func TestReadmeRulesTable(t *testing.T) {
	want := rulesTable()
	if *update {
		if err := os.WriteFile("testdata/readme_rules.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var got strings.Builder
	for _, line := range strings.Split(readmeBlock(t, "<!-- rules -->"), "\n") {
		if strings.HasPrefix(line, "|") {
			got.WriteString(line + "\n")
		}
	}
	if got.String() != want {
		t.Errorf("README.md's rule table differs from rules.Default(); regenerate it with\n"+
			"  go test ./advisor/rules -run TestReadmeRulesTable -update\nand paste testdata/readme_rules.md into the <!-- rules --> section.\nwant:\n%s", want)
	}
}
