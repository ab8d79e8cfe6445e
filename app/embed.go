package app

import (
	"encoding/json"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// The partner widget at /embed: a compact analyser that partners frame in
// their pages with web/static/embed.js (see README, "Embedding Gutlens on
// a partner site"). The file is read and analysed inside this frame, by
// the same engine flow as the full page (actions.go); the framing page
// gets messages only, and the results only when the user shares them.
//
// The postMessage protocol, version EmbedProtocol. Every message is an
// object {type, version, …}:
//
//	to the partner   gutlens:ready    {}                  the widget is up and talks to this origin
//	                 gutlens:resize   {height}            the widget's content height in CSS pixels
//	                 gutlens:summary  {summary}           EmbedSummary, sent only when the user presses Share
//	from the partner gutlens:hello    {}                  asks for gutlens:ready (and the height) again
//
// Messages go to one exact origin, the framing page's, and only when it is
// in the allow-list GUTLENS_EMBED_PARTNERS (web/site, passed through
// Handler.Env). Messages are accepted only from the parent window, from an
// allow-listed origin; all others are ignored.

// EmbedRoute is the widget's path.
const EmbedRoute = "/embed"

// EmbedProtocol is the version of the postMessage protocol.
const EmbedProtocol = 1

// embedTop is how many taxa per sample the widget shows and shares.
const embedTop = 5

func init() {
	addMessages(map[string][2]string{
		"embed.title":      {"Gutlens: gut microbiome analyser", "Gutlens: darmflora-analyse"},
		"embed.private":    {"Your file is analysed on this device. This website does not receive it.", "Uw bestand wordt op dit apparaat geanalyseerd. Deze website krijgt het niet."},
		"embed.drop":       {"Drop your microbiome file here, or", "Sleep uw darmflora-bestand hierheen, of"},
		"embed.summary":    {"%v · %v samples · %v taxa", "%v · %v monsters · %v taxa"},
		"embed.more":       {"The first %v of %v samples are shown.", "De eerste %v van %v monsters worden getoond."},
		"embed.topTitle":   {"Top %v taxa", "Top %v taxa"},
		"embed.share":      {"Share summary with this site", "Deel de samenvatting met deze website"},
		"embed.shareWhat":  {"Shares only the numbers shown here (diversity and top taxa) with %v. Never your file.", "Deelt alleen de getallen hierboven (diversiteit en belangrijkste taxa) met %v. Nooit uw bestand."},
		"embed.shared":     {"Summary shared with %v.", "Samenvatting gedeeld met %v."},
		"embed.open":       {"Open the full report in a new tab", "Open het volledige rapport in een nieuw tabblad"},
		"embed.openNote":   {"Your file does not go with it: choose it there again. Results in this box are kept only on this website, in this browser.", "Uw bestand gaat niet mee: kies het daar opnieuw. Uitkomsten in dit vak blijven alleen op deze website, in deze browser."},
		"embed.notMedical": {"Not a medical device; it does not diagnose.", "Geen medisch hulpmiddel; het stelt geen diagnose."},
	})
}

// Embed is the /embed page.
type Embed struct {
	app.Compo
	// an runs analyses exactly as the full page does (actions.go); only
	// its state is used, never its view.
	an        Analyser
	parent    string // the framing page's origin once allow-listed, else ""
	sharedRun int    // an.state.Run of the result last shared, 0 if none
	lastH     int    // the height last posted
	onMessage app.Func
	observer  app.Value
}

// EmbedSummary is what gutlens:summary carries: the numbers the widget
// shows, nothing else. It holds no file name, file hash, raw values or
// read counts: shares (0–1) and indices only.
type EmbedSummary struct {
	Format      string        `json:"format"`       // e.g. "biom-json"
	FormatTitle string        `json:"format_title"` // e.g. "BIOM 1.0 (JSON)"
	NSamples    int           `json:"n_samples"`    // samples in the file
	NFeatures   int           `json:"n_features"`   // taxa (features) in the file
	Samples     []EmbedSample `json:"samples"`      // the shown samples, in file order
}

// EmbedSample is one sample of an EmbedSummary.
type EmbedSample struct {
	ID               string       `json:"id"`                // the sample's id in the file
	ObservedFeatures int          `json:"observed_features"` // taxa with a value above zero
	ShannonLn        view.Float   `json:"shannon_ln"`        // Shannon H', natural log; null if undefined
	Simpson          view.Float   `json:"simpson"`           // 1 − Σp²; null if undefined
	TopTaxa          []EmbedTaxon `json:"top_taxa"`          // up to 5, largest share first
}

// EmbedTaxon is a top taxon: its name and share of the sample (0–1).
type EmbedTaxon struct {
	Name  string     `json:"name"`
	Share view.Float `json:"share"`
}

// embedMessage is one message to the partner.
type embedMessage struct {
	Type    string        `json:"type"`
	Version int           `json:"version"`
	Height  int           `json:"height,omitempty"`
	Summary *EmbedSummary `json:"summary,omitempty"`
}

// NewEmbedSummary is the summary of the samples of r shown by the widget
// (the first page, whose details hold the top taxa).
func NewEmbedSummary(r *view.Report, details map[string]*view.Sample) *EmbedSummary {
	s := &EmbedSummary{Format: r.Input.Format, FormatTitle: r.Input.FormatTitle, NSamples: r.Input.NSamples, NFeatures: r.Input.NFeatures, Samples: []EmbedSample{}}
	for _, id := range r.SampleOrder[:min(pageSize, len(r.SampleOrder))] {
		x, ok := details[id]
		if !ok {
			x, ok = r.Samples[id]
		}
		if !ok {
			continue // not loaded yet
		}
		e := EmbedSample{ID: id, ObservedFeatures: x.ObservedFeatures, ShannonLn: x.ShannonLn, Simpson: x.Simpson, TopTaxa: []EmbedTaxon{}}
		for _, t := range x.Top[:min(embedTop, len(x.Top))] {
			e.TopTaxa = append(e.TopTaxa, EmbedTaxon{Name: t.Name, Share: t.Share})
		}
		s.Samples = append(s.Samples, e)
	}
	return s
}

// EmbedPartners returns the allow-listed partner origins, from
// GUTLENS_EMBED_PARTNERS in go-app's Env (web/site NewHandler).
func EmbedPartners() []string {
	return strings.Fields(app.Getenv("GUTLENS_EMBED_PARTNERS"))
}

func (e *Embed) OnMount(ctx app.Context) {
	e.an.mountCtx, e.an.mounted = ctx, true // the embedded flow dispatches to this component
	w := app.Window()
	if ctx.Page().URL().Query().Get("lang") == string(NL) {
		ctx.Dispatch(func(ctx app.Context) { e.an.Lang = NL })
		e.an.Lang = NL
	}
	if eng := w.Get("gutlensEngine"); eng.Truthy() {
		eng.Call("warm")
	}
	w.Get("document").Get("documentElement").Call("setAttribute", "lang", string(e.an.lang()))
	w.Get("document").Set("title", e.an.lang().T("embed.title"))
	partners := EmbedPartners()
	if o := framingOrigin(); o != "" && slices.Contains(partners, o) {
		e.parent = o
	}
	e.onMessage = app.FuncOf(func(this app.Value, args []app.Value) any {
		ev := args[0]
		origin := ev.Get("origin").String()
		data := ev.Get("data")
		if !slices.Contains(partners, origin) || !ev.Get("source").Equal(w.Get("parent")) ||
			data.Type() != app.TypeObject || data.Get("type").String() != "gutlens:hello" {
			w.Set("gutlensEmbedIgnored", w.Get("gutlensEmbedIgnored").Int()+1)
			return nil
		}
		ctx.Dispatch(func(ctx app.Context) {
			e.parent = origin
			e.post(embedMessage{Type: "gutlens:ready", Version: EmbedProtocol})
			e.postHeight(true)
		})
		return nil
	})
	w.Set("gutlensEmbedIgnored", 0) // test hook: messages ignored (a count, no data)
	w.Call("addEventListener", "message", e.onMessage)
	e.observer = w.Get("ResizeObserver").New(app.FuncOf(func(this app.Value, args []app.Value) any {
		e.postHeight(false)
		return nil
	}))
	e.observer.Call("observe", w.GetElementByID("gutlens-embed"))
	e.post(embedMessage{Type: "gutlens:ready", Version: EmbedProtocol})
	e.postHeight(true)
	w.Set("gutlensReady", true) // test hook, as on the full page
}

func (e *Embed) OnDismount() {
	app.Window().Call("removeEventListener", "message", e.onMessage)
	e.onMessage.Release()
	e.observer.Call("disconnect")
}

// framingOrigin is the origin of the page that frames this one: the
// browser's location.ancestorOrigins where it has it, else the origin in
// document.referrer (embed.js asks for a strict-origin referrer). It is
// only a claim until checked against the allow-list, and messages go to
// it as an exact targetOrigin, so a wrong claim reaches nobody.
func framingOrigin() string {
	w := app.Window()
	if w.Get("parent").Equal(w.Get("self")) {
		return ""
	}
	if ao := w.Get("location").Get("ancestorOrigins"); ao.Truthy() && ao.Length() > 0 {
		return ao.Index(0).String()
	}
	u, err := url.Parse(w.Get("document").Get("referrer").String())
	if err != nil || u.Scheme == "" || u.Host == "" {
		return ""
	}
	return u.Scheme + "://" + u.Host
}

// post sends m to the partner, if there is one, at its exact origin. The
// message is built from JSON, so it holds exactly the documented fields.
func (e *Embed) post(m embedMessage) {
	if e.parent == "" {
		return
	}
	b, err := json.Marshal(m)
	if err != nil {
		return
	}
	w := app.Window()
	w.Get("parent").Call("postMessage", w.Get("JSON").Call("parse", string(b)), e.parent)
}

// postHeight tells the partner the content height when it changed.
func (e *Embed) postHeight(force bool) {
	main := app.Window().GetElementByID("gutlens-embed")
	if !main.Truthy() {
		return
	}
	h := int(main.Get("offsetHeight").Float() + 0.999)
	if h == e.lastH && !force {
		return
	}
	e.lastH = h
	e.post(embedMessage{Type: "gutlens:resize", Version: EmbedProtocol, Height: h})
}

func (e *Embed) onShare(ctx app.Context, ev app.Event) {
	s := e.an.state
	if s.Status != StatusDone || s.Report == nil || e.parent == "" {
		return
	}
	e.post(embedMessage{Type: "gutlens:summary", Version: EmbedProtocol, Summary: NewEmbedSummary(s.Report, s.Details)})
	e.sharedRun = s.Run
}

func (e *Embed) Render() app.UI {
	l := e.an.lang()
	s := e.an.state
	running := s.Status == StatusRunning
	fullApp := "/"
	if l == NL {
		fullApp = "/nl"
	}
	return app.Main().ID("gutlens-embed").Class("embed").Body(
		app.Section().ID("drop").Class("drop embed-drop").
			Aria("label", l.T("drop.label")).
			OnDragOver(func(ctx app.Context, ev app.Event) { ev.PreventDefault() }).
			OnDrop(e.an.onDrop).
			Body(
				app.P().Class("embed-private").Text(l.T("embed.private")),
				app.Div().Class("actions").Body(
					app.Span().Class("drop-hint").Text(l.T("embed.drop")),
					app.Label().For("file").Class("button primary").Text(l.T("drop.choose")),
					app.Input().Type("file").ID("file").Class("visually-hidden").Multiple(true).
						Disabled(running).OnChange(e.an.onChoose),
					app.Button().ID("try-sample").Class("button").Disabled(running).
						Text(l.T("drop.sample")).OnClick(e.an.onSample),
				),
			),
		e.an.renderStatus(),
		app.If(s.Status == StatusDone && s.Report != nil, func() app.UI { return e.renderSummary() }),
		app.Div().Class("embed-open").Body(
			app.A().ID("embed-open").Href(fullApp).Target("_blank").Rel("noopener").Text(l.T("embed.open")),
			app.Small().Text(" "+l.T("embed.openNote")),
		),
		app.P().Class("embed-disclaimer").Text(l.T("embed.notMedical")),
	)
}

func (e *Embed) renderSummary() app.UI {
	l := e.an.lang()
	s := e.an.state
	sum := NewEmbedSummary(s.Report, s.Details)
	host := e.parent
	if u, err := url.Parse(e.parent); err == nil && u.Host != "" {
		host = u.Host
	}
	shared := e.sharedRun == s.Run
	return app.Section().ID("embed-summary").
		DataSet("format", sum.Format).DataSet("samples", sum.NSamples).DataSet("features", sum.NFeatures).
		Body(
			app.P().Class("embed-file").Text(l.T("embed.summary", sum.FormatTitle, sum.NSamples, sum.NFeatures)),
			app.If(sum.NSamples > len(sum.Samples), func() app.UI {
				return app.P().Class("embed-more").Text(l.T("embed.more", len(sum.Samples), sum.NSamples))
			}),
			app.Div().Class("embed-samples").Body(app.Range(sum.Samples).Slice(func(i int) app.UI {
				return embedSampleCard(l, sum.Samples[i])
			})),
			app.If(e.parent != "", func() app.UI {
				return app.Div().Class("embed-share").Body(
					app.Button().ID("embed-share").Class("button primary").Disabled(shared).
						Text(l.T("embed.share")).OnClick(e.onShare),
					app.P().ID("embed-share-note").Role("status").Text(
						map[bool]string{false: l.T("embed.shareWhat", host), true: l.T("embed.shared", host)}[shared]),
				)
			}),
		)
}

func embedSampleCard(l Lang, s EmbedSample) app.UI {
	return app.Article().Class("embed-sample").DataSet("sample", s.ID).Body(
		app.H2().Text(s.ID),
		app.Dl().Class("metrics").Body(
			metric(l.T("metric.observed"), "observed_features", strconv.Itoa(s.ObservedFeatures), float64(s.ObservedFeatures)),
			metric(l.T("metric.shannon"), "shannon_ln", l.Fixed(float64(s.ShannonLn), 3), float64(s.ShannonLn)),
			metric(l.T("metric.simpson"), "simpson", l.Fixed(float64(s.Simpson), 3), float64(s.Simpson)),
		),
		app.If(len(s.TopTaxa) == 0, func() app.UI {
			return app.P().Class("empty").Text(l.T("top.none"))
		}).Else(func() app.UI {
			return app.Ol().Class("embed-top").Aria("label", l.T("embed.topTitle", len(s.TopTaxa))).Body(
				app.Range(s.TopTaxa).Slice(func(i int) app.UI {
					t := s.TopTaxa[i]
					return app.Li().Class("top-taxon").DataSet("name", t.Name).DataSet("share", full(float64(t.Share))).Body(
						app.Span().Class("embed-taxon").Text(t.Name),
						app.Span().Class("share-text").Text(l.Percent(t.Share)),
					)
				}),
			)
		}),
	)
}
