//go:build !(js && wasm)

package site

import (
	"fmt"
	"log"
	"net/url"
	"os"
	"strings"
)

// EmbedPartnersEnv names the partner allow-list: the origins that may frame
// the /embed widget and talk to it with postMessage, separated by spaces or
// commas, such as "https://clinic.example https://shop.example:8443".
//
// It is read in two places, which must agree:
//   - by the generator (NewHandler), which passes the list to the page
//     through go-app's Handler.Env, so the widget knows whom to talk to
//     (app.Getenv in app/embed.go);
//   - by FileServer, which sends frame-ancestors 'self' and the list on
//     /embed.
//
// The Cloudflare Worker reads a variable of the same name (web/worker) for
// the edge's headers; the generated site must be built with the same list.
const EmbedPartnersEnv = "GUTLENS_EMBED_PARTNERS"

// IsEmbed reports whether path is the partner widget (/embed, /embed/…).
func IsEmbed(path string) bool {
	return path == "/embed" || strings.HasPrefix(path, "/embed/")
}

// EmbedCSP is ContentSecurityPolicy with its frame-ancestors directive
// replaced by frame-ancestors 'self' and the partners. It is the same
// policy the Worker sends on /embed (web/worker EmbedCSP).
func EmbedCSP(partners []string) string {
	var ds []string
	for _, d := range strings.Split(ContentSecurityPolicy, ";") {
		d = strings.TrimSpace(d)
		if d != "" && d != "frame-ancestors" && !strings.HasPrefix(d, "frame-ancestors ") {
			ds = append(ds, d)
		}
	}
	return strings.Join(append(ds, strings.Join(append([]string{"frame-ancestors 'self'"}, partners...), " ")), "; ")
}

// ParsePartners reads a partner allow-list: origins separated by spaces or
// commas. Each must be a bare https origin (http only for loopback hosts,
// in tests); anything else could widen or break the policy and is an
// error. The rules are those of web/worker's ParsePartners, so the local
// server and the edge accept the same lists.
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

// EmbedPartners returns the allow-list in GUTLENS_EMBED_PARTNERS. A list
// that does not parse is logged and refused as a whole: no partner may
// frame the widget until it is fixed.
func EmbedPartners() []string {
	p, err := ParsePartners(os.Getenv(EmbedPartnersEnv))
	if err != nil {
		log.Printf("site: %s ignored: %v", EmbedPartnersEnv, err)
		return nil
	}
	return p
}

// embedEnv is the Handler.Env entry that hands the allow-list in
// GUTLENS_EMBED_PARTNERS to the page; a list that does not parse stops
// the generator.
func embedEnv() (map[string]string, error) {
	p, err := ParsePartners(os.Getenv(EmbedPartnersEnv))
	if err != nil {
		return nil, fmt.Errorf("site: %s: %w", EmbedPartnersEnv, err)
	}
	return map[string]string{EmbedPartnersEnv: strings.Join(p, " ")}, nil
}
