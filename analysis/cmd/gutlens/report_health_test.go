package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestReportLang(t *testing.T) {
	for lang, want := range map[string]string{"en": "Not a medical device", "nl": "geen medisch hulpmiddel"} {
		var out, errb bytes.Buffer
		if code := run([]string{"report", "../../../testdata/tiny-mpa3.txt", "--lang", lang}, &out, &errb); code != 0 {
			t.Fatalf("report --lang %s: exit %d: %s", lang, code, errb.String())
		}
		s := out.String()
		if !strings.Contains(s, "Top taxa of") || !strings.Contains(s, want) || strings.ContainsAny(s, "{}") {
			t.Errorf("report --lang %s:\n%s", lang, s)
		}
	}
	var out, errb bytes.Buffer
	if code := run([]string{"report", "../../../testdata/tiny-mpa3.txt", "--lang", "fr"}, &out, &errb); code != 2 {
		t.Errorf("--lang fr: exit %d, want 2", code)
	}
}

func TestReportJSONHealth(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"report", "../../../testdata/tiny-mpa3.txt", "--json"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var doc struct {
		Schema string `json:"schema"`
		Health struct {
			Schema  string `json:"schema"`
			Samples map[string]struct {
				Sections []struct {
					ID string `json:"id"`
				} `json:"sections"`
			} `json:"samples"`
		} `json:"health"`
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Schema != "gutlens-report/1" || doc.Health.Schema != "gutlens-health/1" || len(doc.Health.Samples) != 1 {
		t.Errorf("report --json: schema %q, health %q, %d samples", doc.Schema, doc.Health.Schema, len(doc.Health.Samples))
	}
}
