package app

func init() {
	addMessages(map[string][2]string{
		"sun.title":    {"Sunburst: one sample, rank by rank", "Zonnediagram: één monster, niveau voor niveau"},
		"sun.open":     {"Explore a sample as a zoomable sunburst", "Bekijk een monster als zonnediagram waarin u kunt inzoomen"},
		"sun.sample":   {"Sample", "Monster"},
		"sun.loading":  {"Loading the taxa of %v…", "De taxa van %v worden geladen…"},
		"sun.error":    {"The taxa of %v could not be shown: %v", "De taxa van %v konden niet worden getoond: %v"},
		"sun.empty":    {"This sample has no content.", "Dit monster is leeg."},
		"sun.path":     {"Zoom path", "Zoompad"},
		"sun.root":     {"Whole sample", "Heel monster"},
		"sun.chart":    {"Sunburst of %v: the rings go from domain outwards to species", "Zonnediagram van %v: de ringen gaan van domein naar buiten tot soort"},
		"sun.zoomIn":   {"%v, %v: press Enter to zoom in", "%v, %v: druk op Enter om in te zoomen"},
		"sun.zoomOut":  {"Zoom out to %v", "Uitzoomen naar %v"},
		"sun.help":     {"Click a ring, or press Enter on it, to zoom in; click the centre to zoom out. The table below lists the same taxa: the arrow keys move through it, → opens a row, ← closes it, Enter zooms the chart.", "Klik op een ring, of druk er op Enter, om in te zoomen; klik op het midden om uit te zoomen. De tabel eronder toont dezelfde taxa: met de pijltjestoetsen gaat u door de tabel, → opent een rij, ← sluit hem, Enter zoomt de grafiek in."},
		"sun.table":    {"Taxa of %v as a tree", "Taxa van %v als boom"},
		"sun.colTaxon": {"Taxon", "Taxon"},
		"sun.colRank":  {"Level", "Niveau"},
		"sun.colShare": {"Share of the sample", "Aandeel in het monster"},
		"sun.unnamed":  {"%v (no %v named)", "%v (geen %v bekend)"},
		"sun.domain":   {"domain", "domein"},
		"sun.focus":    {"Zoomed in on %v", "Ingezoomd op %v"},
	})
}
