package main

import (
	"flag"
	"io"
	"testing"
	"time"
)

func TestSessionSettings(t *testing.T) {
	load := func(env map[string]string, args ...string) (Config, error) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		return loadConfig(fs, args, func(k string) string { return env[k] })
	}
	t.Run("DefaultsAreTwelveHoursAndFourteenDays", func(t *testing.T) {
		cfg, err := load(nil)
		if err != nil || cfg.SessionIdle != 12*time.Hour || cfg.SessionMax != 14*24*time.Hour {
			t.Errorf("got idle %s, max %s, %v; want 12h, 336h", cfg.SessionIdle, cfg.SessionMax, err)
		}
	})
	t.Run("EnvironmentAndFlagsSetThem", func(t *testing.T) {
		cfg, err := load(map[string]string{"MSPEVAL_SESSION_IDLE": "30m", "MSPEVAL_SESSION_MAX": "24h"}, "--session-max", "48h")
		if err != nil || cfg.SessionIdle != 30*time.Minute || cfg.SessionMax != 48*time.Hour {
			t.Errorf("got idle %s, max %s, %v; want 30m, 48h", cfg.SessionIdle, cfg.SessionMax, err)
		}
	})
	t.Run("IdleLongerThanMaxIsRefused", func(t *testing.T) {
		if _, err := load(map[string]string{"MSPEVAL_SESSION_IDLE": "48h", "MSPEVAL_SESSION_MAX": "24h"}); err == nil {
			t.Error("idle 48h with max 24h: accepted")
		}
	})
}
