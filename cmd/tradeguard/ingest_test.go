package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedGuide is the seed article as an operator would load it.
const seedGuide = "../../knowledge/testdata/trade-assurance-guide.txt"

func TestIngest(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "sub"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "sub", "policy.md"), []byte("# Refunds\n\nWe refund deposits within 14 days when the factory misses the shipment date.\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "bad.txt"), []byte("\x00\x01binary"), 0o644))

	t.Run("text", func(t *testing.T) {
		code, out, errs := run(t, "", nil, "ingest", dir, seedGuide)
		if code != exitOK {
			t.Fatalf("exit %d, stderr %s", code, errs)
		}
		for _, want := range []string{
			"bad.txt: skipped: not a text file",
			"policy.md: 1 section (cited as \"policy.md\")",
			"trade-assurance-guide.txt: 28 sections (cited as \"trade-assurance-guide.txt\")",
			"Initiating a Dispute", "Steps for Resolution", "Warning Signs to Watch For",
			"29 sections loaded from 2 files; 1 skipped.",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("output lacks %q:\n%s", want, out)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		code, out, _ := run(t, "", nil, "ingest", "--json", seedGuide)
		if code != exitOK {
			t.Fatalf("exit %d", code)
		}
		var rep ingestReport
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("%v\n%s", err, out)
		}
		if rep.Sections != 28 || len(rep.Files) != 1 || rep.Files[0].Sections[13].Title != "Initiating a Dispute" {
			t.Errorf("report %+v", rep)
		}
		if s := rep.Files[0].Sections[13]; s.Words < 50 || s.Chars < 300 {
			t.Errorf("Initiating a Dispute: %d words, %d chars", s.Words, s.Chars)
		}
	})
	t.Run("KNOWLEDGE_DIR is the default", func(t *testing.T) {
		code, out, _ := run(t, "", map[string]string{"KNOWLEDGE_DIR": filepath.Join(dir, "sub")}, "ingest")
		if code != exitOK || !strings.Contains(out, "Refunds") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
	t.Run("nothing loads", func(t *testing.T) {
		code, out, _ := run(t, "", nil, "ingest", filepath.Join(dir, "bad.txt"), filepath.Join(dir, "missing.md"))
		if code != exitError || !strings.Contains(out, "missing.md") || !strings.Contains(out, "0 sections loaded") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
	t.Run("builtin", func(t *testing.T) {
		code, out, _ := run(t, "", nil, "ingest", "--builtin")
		if code != exitOK || !strings.Contains(out, "Dispute Deadlines: 30 Days or 15?") || strings.Contains(out, "problem:") {
			t.Errorf("exit %d:\n%s", code, out)
		}
	})
	t.Run("usage", func(t *testing.T) {
		if code, _, errs := run(t, "", nil, "ingest"); code != exitUsage || !strings.Contains(errs, "Usage: tradeguard ingest") {
			t.Errorf("no paths: exit %d, stderr %s", code, errs)
		}
		if code, out, _ := run(t, "", nil, "ingest", "--help"); code != exitOK || !strings.Contains(out, "KNOWLEDGE_DIR") {
			t.Errorf("--help: exit %d:\n%s", code, out)
		}
		if code, _, _ := run(t, "", nil, "ingest", "--bogus"); code != exitUsage {
			t.Errorf("bad flag: exit %d", code)
		}
	})
}

// TestAdviseAnswersFromTheGuide is the acceptance check: a question
// gets a cited answer from the built-in guide, and with --guide the seed
// article's own sections are cited.
func TestAdviseAnswersFromTheGuide(t *testing.T) {
	code, out, errs := run(t, "", nil, "advise", "--json", "how many days do I have to open a dispute?")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	adv := decodeAdvice(t, out)
	if !strings.Contains(adv.Answer, "30") || len(adv.Citations) == 0 {
		t.Errorf("answer %q with %d citations, want the 30-day deadline, cited", adv.Answer, len(adv.Citations))
	}
	cited := false
	for _, c := range adv.Citations {
		if c.Title == "Dispute Deadlines: 30 Days or 15?" && c.Source != "" && c.Excerpt != "" && c.Updated != "" {
			cited = true
		}
	}
	if !cited {
		t.Errorf("citations %+v lack the deadline section", adv.Citations)
	}

	code, out, errs = run(t, "", nil, "advise", "--json", "--guide", seedGuide,
		"what are the steps for resolution after initiating a dispute?")
	if code != exitOK {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	adv = decodeAdvice(t, out)
	fromSeed := map[string]bool{}
	for _, c := range adv.Citations {
		if c.Source == "trade-assurance-guide.txt" {
			fromSeed[c.Title] = true
		}
	}
	if !fromSeed["Steps for Resolution"] && !fromSeed["Initiating a Dispute"] {
		t.Errorf("citations %+v do not cite the seed article's dispute sections", adv.Citations)
	}
}
