package format

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// uBiome exports (FORMATS.md §3.13), JSON and CSV, one sample each:
//
//	{"sequencing_revision": "74607", "site": "gut", …,
//	 "ubiome_bacteriacounts": [{"taxon": 2, "parent": 131567, "count": 75109,
//	   "count_norm": 1000000, "tax_name": "Bacteria", "tax_rank": "superkingdom"}, …]}
//
//	tax_name,tax_rank,count,count_norm,taxon,parent
//
// Every rank is in one list and counts are cumulative (a genus counts the
// reads of its species), so the table keeps one rank, as the MetaPhlAn
// reader does: the species rows, or the finest rank present when there
// is none. Values are the read counts (count); count_norm is per million
// Bacteria reads and is not used. Feature ids are the NCBI taxids; the
// lineage is rebuilt from the parent links.

const (
	ubiomeName    = "ubiome"
	ubiomeCSVName = "ubiome-csv"
)

var ubiomeCSVHeader = []string{"tax_name", "tax_rank", "count", "count_norm", "taxon", "parent"}

// matchUBiome looks for a JSON object naming "ubiome_bacteriacounts" in
// its first MiB.
func matchUBiome(data []byte) bool {
	t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
	return len(t) > 0 && t[0] == '{' && containsQuoted(data[:min(len(data), 1<<20)], ubiomeKey)
}

// ubiomeKey is the member that marks a uBiome export, without its opening
// quote.
var ubiomeKey = []byte(`ubiome_bacteriacounts"`)

// containsQuoted is bytes.Contains(b, `"`+name) for a name that ends in a
// quote. It searches for the name: its first letter is far rarer in JSON
// than the quote, so the search skips most of b at memchr speed.
func containsQuoted(b, name []byte) bool {
	for i := 1; i < len(b); {
		k := bytes.Index(b[i:], name)
		if k < 0 {
			return false
		}
		if b[i+k-1] == '"' {
			return true
		}
		i += k + 1
	}
	return false
}

func matchUBiomeCSV(data []byte) bool {
	ls := headLines(data, 1)
	if len(ls) == 0 {
		return false
	}
	cells := splitCells(ls[0], ',')
	if len(cells) < 5 {
		return false
	}
	have := map[string]bool{}
	for _, c := range cells {
		have[strings.ToLower(c)] = true
	}
	return have["tax_name"] && have["tax_rank"] && have["count"] && have["taxon"] && have["parent"]
}

// ubiomeNode is one entry of the list.
type ubiomeNode struct {
	taxon, parent string
	count         float64
	name, rank    string
	line          int
}

type ubiomeJSONEntry struct {
	Taxon     json.Number `json:"taxon"`
	Parent    json.Number `json:"parent"`
	Count     json.Number `json:"count"`
	CountNorm json.Number `json:"count_norm"`
	TaxName   string      `json:"tax_name"`
	TaxRank   string      `json:"tax_rank"`
}

type ubiomeJSON struct {
	SequencingRevision json.RawMessage    `json:"sequencing_revision"`
	Site               string             `json:"site"`
	SamplingTime       string             `json:"sampling_time"`
	Counts             *[]ubiomeJSONEntry `json:"ubiome_bacteriacounts"`
}

func readUBiome(data []byte, o Options) (*analysis.Table, error) {
	var doc ubiomeJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&doc); err != nil {
		err = jsonError(data, err)
		if pe, ok := err.(*ParseError); ok {
			pe.Format = ubiomeName
		}
		return nil, err
	}
	if doc.Counts == nil {
		return nil, &ParseError{Format: ubiomeName, Field: "ubiome_bacteriacounts", Err: fmt.Errorf("missing")}
	}
	nodes := make([]ubiomeNode, 0, len(*doc.Counts))
	for i, e := range *doc.Counts {
		field := fmt.Sprintf("ubiome_bacteriacounts[%d]", i)
		c, err := strconv.ParseFloat(string(e.Count), 64)
		if err != nil || c < 0 || c > maxValue || c != c {
			return nil, &ParseError{Format: ubiomeName, Field: field + ".count", Err: fmt.Errorf("expected a non-negative count, found %q", truncate(string(e.Count)))}
		}
		if e.Taxon == "" {
			return nil, &ParseError{Format: ubiomeName, Field: field + ".taxon", Err: fmt.Errorf("expected an NCBI taxid")}
		}
		nodes = append(nodes, ubiomeNode{taxon: string(e.Taxon), parent: string(e.Parent), count: c, name: e.TaxName, rank: e.TaxRank})
	}
	sample := ""
	if o.Name != "" {
		sample = sampleName(o.Name)
	} else if rev := strings.Trim(string(doc.SequencingRevision), `" `); rev != "" && rev != "null" {
		sample = "ubiome-" + rev
	}
	t, err := ubiomeTable(ubiomeName, nodes, sample)
	if err != nil {
		return nil, err
	}
	note := []string{}
	if rev := strings.Trim(string(doc.SequencingRevision), `" `); rev != "" && rev != "null" {
		note = append(note, "sequencing revision "+rev)
	}
	if doc.Site != "" {
		note = append(note, "site "+doc.Site)
	}
	if doc.SamplingTime != "" {
		note = append(note, "sampled "+doc.SamplingTime)
	}
	if len(note) > 0 {
		t.Provenance.Notes = append([]string{"uBiome " + strings.Join(note, ", ")}, t.Provenance.Notes...)
	}
	return t, nil
}

func readUBiomeCSV(data []byte, o Options) (*analysis.Table, error) {
	d, err := readDelimited(ubiomeCSVName, data)
	if err != nil {
		return nil, err
	}
	col := map[string]int{}
	for j, c := range d.recs[0] {
		col[strings.ToLower(c)] = j
	}
	for _, c := range ubiomeCSVHeader {
		if _, ok := col[c]; !ok && c != "count_norm" {
			return nil, errorf(ubiomeCSVName, d.line[0], 0, "expected a column %q", c)
		}
	}
	nodes := make([]ubiomeNode, 0, len(d.recs)-1)
	for r := 1; r < len(d.recs); r++ {
		rec, line := d.recs[r], d.line[r]
		if len(rec) != len(d.recs[0]) {
			return nil, errorf(ubiomeCSVName, line, min(len(rec), len(d.recs[0]))+1, "expected %d fields as in the header, found %d", len(d.recs[0]), len(rec))
		}
		c, perr := parseValue(ubiomeCSVName, line, col["count"]+1, rec[col["count"]])
		if perr != nil {
			return nil, perr
		}
		n := ubiomeNode{taxon: rec[col["taxon"]], parent: rec[col["parent"]], count: c,
			name: rec[col["tax_name"]], rank: rec[col["tax_rank"]], line: line}
		if n.taxon == "" {
			return nil, errorf(ubiomeCSVName, line, col["taxon"]+1, "expected an NCBI taxid")
		}
		nodes = append(nodes, n)
	}
	return ubiomeTable(ubiomeCSVName, nodes, sampleName(o.Name))
}

// maxTaxonDepth bounds a walk up the parent links.
const maxTaxonDepth = 100

// ubiomeRanks maps uBiome's rank names to analysis.Ranks indices.
var ubiomeRanks = map[string]int{"superkingdom": 0, "kingdom": 0, "domain": 0, "phylum": 1, "class": 2, "order": 3, "family": 4, "genus": 5, "species": 6}

// ubiomeTable keeps one rank of the cumulative list (see the top of the file).
func ubiomeTable(format string, nodes []ubiomeNode, sample string) (*analysis.Table, error) {
	if sample == "" {
		sample = "sample"
	}
	byID := make(map[string]int, len(nodes))
	for i, n := range nodes {
		if prev, dup := byID[n.taxon]; dup {
			return nil, ubiomeError(format, n, i, fmt.Sprintf("taxon %s listed twice (also entry %d)", truncate(n.taxon), prev+1))
		}
		byID[n.taxon] = i
	}
	// The rank to keep: species, else the finest rank present.
	keep := -1
	for _, n := range nodes {
		if r, ok := ubiomeRanks[n.rank]; ok && r > keep {
			keep = r
		}
	}
	t := &analysis.Table{Unit: analysis.UnitCounts, Samples: []string{sample}}
	b := newBuilder(1)
	root, kept := 0.0, 0.0
	for _, n := range nodes {
		if n.rank == "root" {
			root = max(root, n.count)
		}
		if r, ok := ubiomeRanks[n.rank]; !ok || r != keep {
			continue
		}
		f := analysis.Feature{ID: n.taxon, TaxID: n.taxon, Lineage: make([]string, taxonomy.NRanks)}
		path := []string{}
		// Walk up the parent links; a missing parent ends the walk, and a
		// cycle ends at maxTaxonDepth (NCBI lineages are under 50 deep).
		for cur, steps := byID[n.taxon], 0; steps < maxTaxonDepth; steps++ {
			c := nodes[cur]
			if r, ok := ubiomeRanks[c.rank]; ok && f.Lineage[r] == "" {
				f.Lineage[r] = c.name
			}
			if c.rank != "root" && c.name != "cellular organisms" {
				path = append(path, c.name)
			}
			next, ok := byID[c.parent]
			if !ok || next == cur {
				break
			}
			cur = next
		}
		for i, j := 0, len(path)-1; i < j; i, j = i+1, j-1 {
			path[i], path[j] = path[j], path[i]
		}
		f.Taxonomy = strings.Join(path, "; ")
		f.Unassigned = taxonomy.IsUnassigned(f.Lineage[0])
		b.add(len(t.Features), 0, n.count)
		t.Features = append(t.Features, f)
		kept += n.count
	}
	t.Columns = b.cols
	if keep < 0 {
		return nil, &ParseError{Format: format, Field: "tax_rank", Err: fmt.Errorf("no entry at a rank from superkingdom to species")}
	}
	t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
		"uBiome counts are cumulative over the ranks: the %d %s-rank taxa are the features, so no read is counted twice; values are the read counts (count), not count_norm (per million Bacteria reads)", len(t.Features), analysis.Ranks[keep]))
	if root > 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"%.0f of the %.0f reads (%.2f %%) were assigned above %s level and are in no feature", root-kept, root, 100*(root-kept)/root, analysis.Ranks[keep]))
	}
	return t, nil
}

func ubiomeError(format string, n ubiomeNode, i int, msg string) *ParseError {
	if n.line > 0 {
		return errorf(format, n.line, 0, "%s", msg)
	}
	return &ParseError{Format: format, Field: fmt.Sprintf("ubiome_bacteriacounts[%d]", i), Err: fmt.Errorf("%s", msg)}
}
