package policy

import (
	"strings"
	"testing"
)

func TestParsePartners(t *testing.T) {
	got, err := ParsePartners("https://Clinic.example, https://shop.example:8443\thttp://127.0.0.1:9000")
	if err != nil || strings.Join(got, " ") != "https://clinic.example https://shop.example:8443 http://127.0.0.1:9000" {
		t.Errorf("ParsePartners = %v, %v", got, err)
	}
	for _, bad := range []string{"http://clinic.example", "https://clinic.example/path", "https://*.example", "clinic.example", "https://a.example?x=1", "https://u@a.example"} {
		if _, err := ParsePartners(bad); err == nil {
			t.Errorf("ParsePartners(%q) accepted it", bad)
		}
	}
}

func TestEmbedCSP(t *testing.T) {
	got := EmbedCSP("default-src 'self'; frame-ancestors 'self'; object-src 'none'", []string{"https://a.example"})
	if got != "default-src 'self'; object-src 'none'; frame-ancestors 'self' https://a.example" {
		t.Errorf("EmbedCSP = %q", got)
	}
	if !IsEmbed("/embed") || !IsEmbed("/embed/x") || IsEmbed("/embedded") || IsEmbed("/") {
		t.Error("IsEmbed matches the wrong paths")
	}
}
