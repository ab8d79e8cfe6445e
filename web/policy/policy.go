// Package policy holds the rules that the local server (web/site) and the
// Cloudflare Worker (web/worker) must apply alike: which partner origins
// may frame the widget, and the widget's Content-Security-Policy. It is
// pure Go with no go-app import, so the Worker stays small.
package policy

import (
	"fmt"
	"net/url"
	"strings"
)

// IsEmbed reports whether path is the partner widget (/embed, /embed/…).
func IsEmbed(path string) bool {
	return path == "/embed" || strings.HasPrefix(path, "/embed/")
}

// EmbedCSP is the policy csp with its frame-ancestors directive replaced by
// frame-ancestors 'self' and the partners.
func EmbedCSP(csp string, partners []string) string {
	var ds []string
	for _, d := range strings.Split(csp, ";") {
		d = strings.TrimSpace(d)
		if d != "" && d != "frame-ancestors" && !strings.HasPrefix(d, "frame-ancestors ") {
			ds = append(ds, d)
		}
	}
	return strings.Join(append(ds, strings.Join(append([]string{"frame-ancestors 'self'"}, partners...), " ")), "; ")
}

// ParsePartners reads a partner allow-list: origins separated by spaces or
// commas, such as "https://clinic.example https://shop.example:8443". Each
// must be a bare https origin (http only for loopback hosts, in tests):
// anything else could widen or break the policy, and is an error.
func ParsePartners(s string) ([]string, error) {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '\n' || r == '\t' }) {
		u, err := url.Parse(f)
		if err != nil {
			return nil, fmt.Errorf("partner %q: %w", f, err)
		}
		loopback := u.Hostname() == "127.0.0.1" || u.Hostname() == "localhost" || u.Hostname() == "::1"
		switch {
		case u.Scheme != "https" && !(u.Scheme == "http" && loopback):
			return nil, fmt.Errorf("partner %q: not an https origin", f)
		case u.Host == "" || u.User != nil || u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(u.Host, "*;'\""):
			return nil, fmt.Errorf("partner %q: not a bare origin (scheme://host[:port])", f)
		}
		out = append(out, u.Scheme+"://"+strings.ToLower(u.Host))
	}
	return out, nil
}
