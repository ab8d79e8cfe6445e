package app

import (
	"math"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/report/view"
	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

func init() {
	addMessages(map[string][2]string{
		"score.title": {"At a glance", "In het kort"},
		"score.help": {
			"Each bar is the reference group, from the lowest value (left) to the highest (right). The darker band holds the middle half of the people (25 to 75 of 100), the lighter band 5 to 95 of 100. The black line is this sample.",
			"Elke balk is de vergelijkingsgroep, van de laagste waarde (links) tot de hoogste (rechts). Het donkere deel is de middelste helft van de mensen (25 tot 75 van de 100). Het lichte deel loopt van 5 tot 95 van de 100. De zwarte streep is dit monster.",
		},
		"score.lower":    {"lower", "lager"},
		"score.middle":   {"middle", "midden"},
		"score.higher":   {"higher", "hoger"},
		"score.cohort":   {"Reference group: %s, %s people.", "Vergelijkingsgroep: %s, %s mensen."},
		"score.rough":    {"rough", "ruw"},
		"score.notMean":  {"What this does not mean", "Wat dit niet betekent"},
		"score.evidence": {"Evidence and sources", "Bewijs en bronnen"},
	})
}

// ScoreCards is the overview of one sample's health view: a card per key
// quantity with its value, a percentile band gauge against the named
// reference group, one plain sentence, and what the value does not mean,
// linked to the statement below that gives the evidence.
type ScoreCards struct {
	app.Compo
	Lang   Lang
	Sample string
	Cards  []view.CardView
}

func (c *ScoreCards) Render() app.UI {
	l, cards := c.Lang, c.Cards
	if len(cards) == 0 {
		return app.Div().ID("score-cards")
	}
	placed := false
	for _, k := range cards {
		placed = placed || !math.IsNaN(float64(k.Percentile))
	}
	return app.Section().ID("score-cards").Class("score-cards").Aria("labelledby", "score-cards-title").Body(
		app.H4().ID("score-cards-title").Text(l.T("score.title")),
		app.If(placed, func() app.UI { return app.P().Class("gauge-help").Text(l.T("score.help")) }),
		app.Ul().Class("score-grid").Body(app.Range(cards).Slice(func(i int) app.UI {
			return scoreCard(l, c.Sample, cards[i])
		})),
	)
}

// scoreCard is one card.
func scoreCard(l Lang, sample string, k view.CardView) app.UI {
	p := float64(k.Percentile)
	placed := !math.IsNaN(p)
	anchor := ""
	if k.StatementID != "" {
		anchor = statementAnchor(sample, k.StatementID)
	}
	return app.Li().Class("score-card").DataSet("card", k.Key).DataSet("percentile", full(p)).DataSet("statement", k.StatementID).Body(
		app.H5().Class("score-title").Text(k.Title),
		app.P().Class("score-value").Text(k.Value),
		app.If(placed, func() app.UI {
			return app.Div().Class("gauge-wrap").Body(
				gauge(k.GaugeLabel, p),
				app.Div().Class("gauge-scale").Aria("hidden", "true").Body(
					app.Span().Text(l.T("score.lower")),
					app.Span().Text(l.T("score.middle")),
					app.Span().Text(l.T("score.higher")),
				),
			)
		}),
		app.P().Class("score-sentence").Text(k.Sentence),
		app.If(placed, func() app.UI {
			return app.P().Class("score-cohort").Body(
				app.Text(l.T("score.cohort", k.Cohort, l.Int(k.N))),
				app.If(k.Rough, func() app.UI { return app.Span().Class("rough-badge").Text(l.T("score.rough")) }),
			)
		}),
		app.Details().Class("not-mean").Body(
			app.Summary().Text(l.T("score.notMean")),
			app.P().Text(k.NotMean),
			app.If(anchor != "", func() app.UI {
				return app.P().Body(app.A().Class("evidence-link").Href("#" + anchor).OnClick(jumpTo(anchor)).Text(l.T("score.evidence")))
			}),
		),
		// A closed <details> prints closed: the text is printed on its own.
		app.P().Class("print-only not-mean-print").Body(
			app.Strong().Text(l.T("score.notMean")+": "),
			app.Text(k.NotMean),
		),
	)
}

// gauge is the percentile band gauge: the reference group's 0–100 as a
// track, its middle half (25–75) as a band within a lighter one (5–95),
// ticks at 0, 50 and 100, and a line at the sample's percentile p. The
// axis is the viewBox's x, so the marker's x is p. Colours are neutral
// greys and blues (gutlens.css), never red or green; the label says the
// percentile in words.
func gauge(label string, p float64) app.UI {
	x := strconv.FormatFloat(p, 'f', -1, 64)
	rect := func(class string, x0, w float64) app.UI {
		return svgElem("rect").Class(class).Attr("x", strconv.FormatFloat(x0, 'f', -1, 64)).Attr("y", "4").
			Attr("width", strconv.FormatFloat(w, 'f', -1, 64)).Attr("height", "8")
	}
	tick := func(at string) app.UI {
		return svgElem("line").Class("gauge-tick").Attr("x1", at).Attr("x2", at).Attr("y1", "12").Attr("y2", "16")
	}
	return svgElem("svg").Class("gauge").Attr("viewBox", "-2 0 104 16").Attr("preserveAspectRatio", "none").
		Attr("role", "img").Aria("label", label).Body(
		rect("gauge-track", 0, 100),
		rect("gauge-outer", 5, 90),
		rect("gauge-middle", 25, 50),
		rect("gauge-frame", 0, 100),
		tick("0"), tick("50"), tick("100"),
		svgElem("line").Class("gauge-marker").Attr("x1", x).Attr("x2", x).Attr("y1", "0").Attr("y2", "16"),
	)
}

// statementAnchor is the id of a statement of a sample's health view: the
// page shows one sample's statements, each id once.
func statementAnchor(sample, statement string) string {
	return "st-" + idSafe(sample) + "-" + idSafe(statement)
}

// idSafe keeps letters, digits, '-', '_' and '.' of s, and writes any
// other character as '_', so that the id is also a plain URL fragment.
func idSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}

// jumpTo moves to the element with the id, and its keyboard focus with
// it, without navigating: go-app would treat the fragment link as a new
// page visit.
func jumpTo(id string) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		e.PreventDefault()
		e.Call("stopPropagation")
		ctx.PreventUpdate()
		if el := app.Window().GetElementByID(id); el.Truthy() {
			el.Call("scrollIntoView", map[string]any{"block": "start"})
			el.Call("focus", map[string]any{"preventScroll": true})
		}
	}
}
