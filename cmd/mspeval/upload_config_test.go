package main

import (
	"flag"
	"io"
	"testing"

	"mspeval/app"
)

func TestUploadSlotsSetting(t *testing.T) {
	load := func(env map[string]string, args ...string) (Config, error) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		fs.SetOutput(io.Discard)
		return loadConfig(fs, args, func(k string) string { return env[k] })
	}
	t.Run("DefaultIsTheAppsDefault", func(t *testing.T) {
		if cfg, err := load(nil); err != nil || cfg.UploadSlots != app.DefaultUploadSlots {
			t.Errorf("got %d, %v; want %d", cfg.UploadSlots, err, app.DefaultUploadSlots)
		}
	})
	t.Run("EnvironmentAndFlagSetIt", func(t *testing.T) {
		if cfg, err := load(map[string]string{"MSPEVAL_UPLOAD_SLOTS": "8"}, "--upload-slots", "2"); err != nil || cfg.UploadSlots != 2 {
			t.Errorf("got %d, %v; want 2", cfg.UploadSlots, err)
		}
	})
	t.Run("BelowOneIsRefused", func(t *testing.T) {
		if _, err := load(map[string]string{"MSPEVAL_UPLOAD_SLOTS": "0"}); err == nil {
			t.Error("0 upload slots: accepted")
		}
	})
}
