package app

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis/report/view"
)

// Lang is the language of the page: English at "/", plain Dutch (B1) at
// "/nl".
type Lang string

const (
	EN Lang = "en"
	NL Lang = "nl"
)

// Langs lists the languages with their route.
var Langs = []struct {
	Lang  Lang
	Route string
	Name  string // in its own language
}{{EN, "/", "English"}, {NL, "/nl", "Nederlands"}}

// messages holds every text the page shows, in English and Dutch. Keys
// are stable; a %v or %d takes the same argument in both languages.
var messages = map[string][2]string{
	"page.title":          {"Gutlens — your gut microbiome report, computed on your device", "Gutlens — uw darmflora-rapport, berekend op uw apparaat"},
	"page.description":    {"Analyse a gut microbiome file (BIOM, MetaPhlAn, TSV) in your browser. Your data never leaves your device.", "Analyseer een darmflora-bestand (BIOM, MetaPhlAn, TSV) in uw browser. Uw gegevens verlaten uw apparaat niet."},
	"tagline":             {"Your gut microbiome report, computed on this device. Your file never leaves it.", "Uw darmflora-rapport, berekend op dit apparaat. Uw bestand verlaat het niet."},
	"footer.notices":      {"Sources and licences of the reference data", "Bronnen en licenties van de referentiegegevens"},
	"disclaimer":          {"Gutlens is not a medical device. It describes what is in your file; it does not diagnose, treat or prevent any disease. Results show associations, not causes. Talk to your doctor or dietitian about symptoms.", "Gutlens is geen medisch hulpmiddel. Het beschrijft wat in uw bestand staat; het stelt geen diagnose en behandelt of voorkomt geen ziekte. De uitkomsten tonen verbanden, geen oorzaken. Praat met uw arts of diëtist over klachten."},
	"drop.label":          {"Choose or drop a file to analyse", "Kies of sleep een bestand om te analyseren"},
	"drop.title":          {"Drop your microbiome file here", "Sleep uw darmflora-bestand hierheen"},
	"drop.hint":           {"BIOM, QIIME 2 .qza, MetaPhlAn, Kraken/Bracken, mOTUs, sylph, ganon, kaiju, mothur, DADA2, uBiome or any CSV/TSV of taxa and samples; gzip is fine. Choose several files together to join a table with its taxonomy or tree, or to merge one profile per sample. Files are read in this browser only.", "BIOM, QIIME 2 .qza, MetaPhlAn, Kraken/Bracken, mOTUs, sylph, ganon, kaiju, mothur, DADA2, uBiome of een CSV/TSV-tabel met bacteriën en monsters; gzip mag ook. Kies meerdere bestanden tegelijk om een tabel met zijn taxonomie of stamboom te combineren, of om één profiel per monster samen te voegen. Bestanden worden alleen in deze browser gelezen."},
	"drop.choose":         {"Choose a file", "Kies een bestand"},
	"drop.sample":         {"Try the sample", "Probeer het voorbeeld"},
	"status.analysing":    {"Analysing %v: %v…", "%v wordt geanalyseerd: %v…"},
	"stage.read":          {"loading the file", "bestand laden"},
	"stage.parse":         {"reading the table", "tabel lezen"},
	"stage.metrics":       {"computing diversity", "diversiteit berekenen"},
	"stage.finish":        {"finishing", "afronden"},
	"error.title":         {"This file could not be analysed. ", "Dit bestand kon niet worden geanalyseerd. "},
	"error.nothingSent":   {"Nothing was sent anywhere. Try another file, or the sample.", "Er is niets verstuurd. Probeer een ander bestand of het voorbeeld."},
	"error.tooLarge":      {"%v: %v MiB; Gutlens reads files up to %v MiB", "%v: %v MiB; Gutlens leest bestanden tot %v MiB"},
	"error.noEngine":      {"the analysis engine did not load; reload the page", "de rekenmodule is niet geladen; laad de pagina opnieuw"},
	"report.title":        {"Report on %v", "Rapport over %v"},
	"detail.format":       {"Format", "Formaat"},
	"detail.samples":      {"Samples", "Monsters"},
	"detail.features":     {"Taxa (features)", "Taxa (kenmerken)"},
	"detail.unit":         {"Values", "Waarden"},
	"detail.sha256":       {"SHA-256", "SHA-256"},
	"detail.tool":         {"Made by", "Gemaakt met"},
	"detail.time":         {"Analysed in", "Geanalyseerd in"},
	"detail.ms":           {"%v ms on this device", "%v ms op dit apparaat"},
	"unit.counts":         {"read counts", "aantallen reads"},
	"unit.percent":        {"relative abundance, percent", "relatieve hoeveelheid, procent"},
	"unit.fraction":       {"relative abundance, fraction", "relatieve hoeveelheid, fractie"},
	"unit.per-million":    {"counts per million", "aantallen per miljoen"},
	"unit.abundance":      {"abundance (scale not stated)", "hoeveelheid (schaal niet vermeld)"},
	"explain":             {"Observed taxa counts the features with a value above zero. Shannon (natural log, in nats) rises with both the number of taxa and how evenly they are spread. Simpson (1 − Σp²) is the chance that two reads drawn at random belong to different taxa. These describe diversity; on their own they do not say whether a gut is healthy.", "Waargenomen taxa telt de bacteriegroepen met een waarde boven nul. Shannon (natuurlijke log, in nats) stijgt als er meer groepen zijn en als ze gelijkmatiger verdeeld zijn. Simpson (1 − Σp²) is de kans dat twee willekeurige reads bij verschillende groepen horen. Deze getallen beschrijven de diversiteit; alleen daarmee kunt u niet zeggen of een darm gezond is."},
	"samples":             {"Samples", "Monsters"},
	"pager.label":         {"Sample pages", "Pagina's met monsters"},
	"pager.prev":          {"← Previous", "← Vorige"},
	"pager.next":          {"Next →", "Volgende →"},
	"pager.info":          {"Samples %v–%v of %v", "Monsters %v–%v van %v"},
	"metric.observed":     {"Observed taxa", "Waargenomen taxa"},
	"metric.shannon":      {"Shannon (ln)", "Shannon (ln)"},
	"metric.simpson":      {"Simpson (1 − Σp²)", "Simpson (1 − Σp²)"},
	"metric.unclass":      {"Unclassified", "Niet ingedeeld"},
	"unclass.unknown":     {"not reported by the file", "staat niet in het bestand"},
	"top.loading":         {"Loading the top taxa…", "De belangrijkste taxa worden geladen…"},
	"top.none":            {"No classified taxa in this sample.", "Geen ingedeelde taxa in dit monster."},
	"top.caption":         {"Top %v taxa", "Top %v taxa"},
	"top.taxon":           {"Taxon", "Taxon"},
	"top.share":           {"Share", "Aandeel"},
	"comp.title":          {"Composition", "Samenstelling"},
	"comp.noTaxonomy":     {"The file has no taxonomy, so taxa cannot be grouped by rank.", "Het bestand heeft geen taxonomie, dus de taxa kunnen niet per niveau worden gegroepeerd."},
	"comp.level":          {"Level", "Niveau"},
	"comp.loading":        {"Loading the composition…", "De samenstelling wordt geladen…"},
	"comp.table":          {"Show the numbers as a table", "Toon de getallen als tabel"},
	"comp.caption":        {"Share of each %v per sample", "Aandeel van elke %v per monster"},
	"comp.other":          {"Other", "Overig"},
	"comp.unclassifiedAt": {"(unclassified at %s)", "(%s onbekend)"},
	"comp.unclassified":   {"Unclassified", "Niet ingedeeld"},
	"comp.sort":           {"Sort samples by", "Monsters sorteren op"},
	"comp.by.file":        {"Order in the file", "Volgorde in het bestand"},
	"comp.by.name":        {"Sample name", "Naam van het monster"},
	"comp.by.taxon":       {"Share of a taxon (high to low)", "Aandeel van een taxon (hoog naar laag)"},
	"comp.by.shannon":     {"Shannon diversity (high to low)", "Shannon-diversiteit (hoog naar laag)"},
	"comp.by.dominant":    {"Dominant taxon (grouped)", "Grootste taxon (gegroepeerd)"},
	"comp.sortBand":       {"Taxon", "Taxon"},
	"comp.sortAll":        {"The order applies to all %v samples: the pages and the CSV file follow it.", "De volgorde geldt voor alle %v monsters: de pagina's en het CSV-bestand volgen die."},
	"comp.svgTitle":       {"Composition: share of each %v per sample", "Samenstelling: aandeel van elke %v per monster"},
	"rank.phylum":         {"phylum", "stam"},
	"rank.class":          {"class", "klasse"},
	"rank.order":          {"order", "orde"},
	"rank.family":         {"family", "familie"},
	"rank.genus":          {"genus", "geslacht"},
	"rank.species":        {"species", "soort"},
	"lang.switch":         {"Language", "Taal"},
}

// addMessages adds a file's messages to the catalogue; each view keeps its
// texts beside its code and calls it from init. A key defined twice panics.
func addMessages(m map[string][2]string) {
	for k, v := range m {
		if _, dup := messages[k]; dup {
			panic("app: message " + k + " defined twice")
		}
		messages[k] = v
	}
}

// T returns the text of key in the language, with args filled in.
func (l Lang) T(key string, args ...any) string {
	m, ok := messages[key]
	if !ok {
		return key // a missing key shows itself; TestMessages guards the catalogue
	}
	s := m[0]
	if l == NL {
		s = m[1]
	}
	if len(args) > 0 {
		s = fmt.Sprintf(s, args...)
	}
	return s
}

// Fixed formats a number with the given decimals and the language's
// decimal mark, "–" when undefined.
func (l Lang) Fixed(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "–"
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	if l == NL {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}

// Int formats a whole number with the language's thousands separator:
// 5,452 in English, 5.452 in Dutch.
func (l Lang) Int(n int) string {
	s := strconv.Itoa(n)
	sign := ""
	if n < 0 {
		sign, s = "-", s[1:]
	}
	sep := ","
	if l == NL {
		sep = "."
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + sep + s[i:]
	}
	return sign + s
}

// Percent formats a share (0–1) as a percentage: one decimal, two below
// 1 %, "< 0.01 %" for tiny non-zero shares, "–" when undefined.
func (l Lang) Percent(v view.Float) string {
	f := float64(v)
	switch {
	case math.IsNaN(f) || math.IsInf(f, 0):
		return "–"
	case f > 0 && f < 0.0001:
		return "< " + l.Fixed(0.01, 2) + " %"
	case f < 0.01:
		return l.Fixed(100*f, 2) + " %"
	}
	return l.Fixed(100*f, 1) + " %"
}

// Rank names a rank in the language.
func (l Lang) Rank(r string) string { return l.T("rank." + r) }
