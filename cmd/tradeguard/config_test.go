package main

import (
	"strings"
	"testing"
	"time"
)

func TestConfigDefaults(t *testing.T) {
	c, err := ConfigFromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != ":8080" || c.DataDir != "data" || c.MaxInputBytes != 64<<10 || c.DisputeWindowDays != 30 ||
		c.OpenAITimeout != 20*time.Second || !c.DiscordGateway || c.SlackCommand != "/tradeguard" || c.DatabaseURL != "" {
		t.Errorf("defaults: %+v", c)
	}
}

func TestConfigValues(t *testing.T) {
	env := map[string]string{
		"ESCALATION_THRESHOLD_USD": "10,000",
		"OPENAI_TIMEOUT":           "5",
		"DISCORD_GATEWAY":          "off",
		"SLACK_LAWYER_USER_IDS":    " U1, U2 ,,",
		"DISPUTE_WINDOW_DAYS":      "15",
	}
	c, err := ConfigFromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.EscalationThresholdUSD != 10000 || c.OpenAITimeout != 5*time.Second || c.DiscordGateway ||
		strings.Join(c.SlackLawyerUserIDs, "|") != "U1|U2" || c.DisputeWindowDays != 15 {
		t.Errorf("parsed: %+v", c)
	}
}

func TestConfigErrorsNameTheVariable(t *testing.T) {
	tests := map[string]map[string]string{
		"MAX_INPUT_BYTES":          {"MAX_INPUT_BYTES": "lots"},
		"ESCALATION_THRESHOLD_USD": {"ESCALATION_THRESHOLD_USD": "-5"},
		"OPENAI_TIMEOUT":           {"OPENAI_TIMEOUT": "soon"},
		"DISCORD_GATEWAY":          {"DISCORD_GATEWAY": "maybe"},
		"SLACK_APP_TOKEN":          {"SLACK_APP_TOKEN": "xoxb-wrong", "SLACK_BOT_TOKEN": "xoxb-1"},
		"DISCORD_PUBLIC_KEY":       {"DISCORD_PUBLIC_KEY": "abc"},
		"ESCALATION_WEBHOOK_URL":   {"ESCALATION_WEBHOOK_URL": "ftp://x"},
	}
	for name, env := range tests {
		_, err := ConfigFromEnv(func(k string) string { return env[k] })
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: error %v does not name the variable", name, err)
		}
	}
}
