//go:build !(js && wasm)

package site

import (
	"fmt"
	"github.com/gutlens/gutlens/web/policy"
	"log"
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

// IsEmbed reports whether path is the partner widget (policy.IsEmbed).
func IsEmbed(path string) bool { return policy.IsEmbed(path) }

// EmbedCSP is the site's policy with its frame-ancestors directive
// replaced by frame-ancestors 'self' and the partners (policy.EmbedCSP).
func EmbedCSP(partners []string) string { return policy.EmbedCSP(ContentSecurityPolicy, partners) }

// ParsePartners reads a partner allow-list (policy.ParsePartners): the
// local server and the edge accept the same lists.
func ParsePartners(s string) ([]string, error) { return policy.ParsePartners(s) }

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
