package slack

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestManifest keeps manifest.yaml in step with the code: the endpoints it
// names are the ones Register mounts, it subscribes to the events the bot
// answers, and it asks for the scopes the bot uses and no others.
func TestManifest(t *testing.T) {
	raw, err := os.ReadFile("manifest.yaml")
	if err != nil {
		t.Fatal(err)
	}
	m := string(raw)
	for _, want := range []string{
		"url: https://tradeguard.example.com/slack/commands",
		"request_url: https://tradeguard.example.com/slack/events",
		"request_url: https://tradeguard.example.com/slack/interactions",
		"- app_mention\n", "- message.im\n", "socket_mode_enabled: false", "is_enabled: true", "command: /tradeguard",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("manifest lacks %q", want)
		}
	}
	_, bot, _ := strings.Cut(m, "\n    bot:\n")
	var got []string
	for _, line := range strings.Split(bot, "\n") {
		s := regexp.MustCompile(`^      - ([a-z_.:]+)`).FindStringSubmatch(line)
		if s == nil {
			break
		}
		got = append(got, s[1])
	}
	want := "commands chat:write chat:write.public app_mentions:read im:history im:write"
	if strings.Join(got, " ") != want {
		t.Errorf("bot scopes %q, want %q", got, want)
	}
	if tabs := strings.Count(m, "\t"); tabs != 0 {
		t.Errorf("manifest has %d tabs; YAML needs spaces", tabs)
	}
}
