package format

import (
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

// A tab-separated table with features in rows and samples in columns, as
// `biom convert --to-tsv` writes it (and QIIME 1 classic OTU tables):
//
//	# Constructed from biom file
//	#OTU ID	S1	S2	taxonomy
//	OTU1	12.0	0.0	k__Bacteria; p__Firmicutes; …
//
// Comment lines before the header start with "# ". An optional last column
// named taxonomy, Taxon or Consensus Lineage holds the lineage.

const tsvName = "tsv"

var taxonomyHeaders = map[string]bool{"taxonomy": true, "taxon": true, "consensus lineage": true, "consensuslineage": true, "lineage": true}

// tsvHeader returns the index of the header line, or -1.
func tsvHeader(ls []string) int {
	for i, l := range ls {
		if strings.HasPrefix(l, "#") && !strings.HasPrefix(l, "#OTU") && !strings.Contains(l, "\t") {
			continue // a comment line
		}
		if strings.Count(l, "\t") >= 1 {
			return i
		}
		return -1
	}
	return -1
}

// matchTSV claims only tables that say they are biom-convert or QIIME
// tables: a "# Constructed from biom file" or "# QIIME" line, an "#OTU ID"
// or "OTU ID" header, or a taxonomy last column. Any other tab-separated
// table goes to the generic reader, which decides the orientation.
func matchTSV(data []byte) bool {
	if !isText(data) {
		return false
	}
	ls := lines(data[:min(len(data), 64<<10)])
	h := tsvHeader(ls)
	if h < 0 || h+1 >= len(ls) {
		return false
	}
	for _, l := range ls[:h] {
		if strings.HasPrefix(l, "# Constructed from biom file") || strings.HasPrefix(l, "# QIIME") {
			return true
		}
	}
	header := strings.Split(ls[h], "\t")
	first := strings.TrimSpace(header[0])
	if first == "#OTU ID" || first == "OTU ID" || first == "#OTU_ID" || first == "OTU_ID" {
		return true
	}
	last := strings.ToLower(strings.TrimSpace(header[len(header)-1]))
	return len(header) >= 3 && taxonomyHeaders[last]
}

func readTSV(data []byte, o Options) (*analysis.Table, error) {
	ls := lines(data)
	h := tsvHeader(ls)
	if h < 0 {
		return nil, errorf(tsvName, 1, 1, "expected a header line with tab-separated sample names")
	}
	t := &analysis.Table{}
	for _, l := range ls[:h] {
		t.Provenance.Notes = append(t.Provenance.Notes, strings.TrimSpace(strings.TrimPrefix(l, "#")))
	}
	header := strings.Split(ls[h], "\t")
	taxCol := -1
	if last := len(header) - 1; last >= 2 && taxonomyHeaders[strings.ToLower(strings.TrimSpace(header[last]))] {
		taxCol = last
	}
	nSamples := len(header) - 1
	if taxCol >= 0 {
		nSamples--
	}
	samples, perr := headerSamples(tsvName, h+1, header, 1, nSamples+1)
	if perr != nil {
		return nil, perr
	}
	t.Samples = samples
	b := newBuilder(nSamples)
	for i := h + 1; i < len(ls); i++ {
		l := ls[i]
		if strings.TrimSpace(l) == "" {
			continue
		}
		fields := strings.Split(l, "\t")
		if len(fields) != len(header) {
			return nil, errorf(tsvName, i+1, min(len(fields), len(header))+1, "expected %d tab-separated fields as in the header, found %d", len(header), len(fields))
		}
		f := analysis.Feature{ID: strings.TrimSpace(fields[0])}
		if f.ID == "" {
			return nil, errorf(tsvName, i+1, 1, "expected a feature id")
		}
		if taxCol >= 0 {
			f.Taxonomy = strings.TrimSpace(fields[taxCol])
			f.Lineage, f.Unassigned = taxonomy.Parse(f.Taxonomy)
		}
		idx := len(t.Features)
		t.Features = append(t.Features, f)
		for k := range nSamples {
			v, err := parseValue(tsvName, i+1, k+2, fields[k+1])
			if err != nil {
				return nil, err
			}
			b.add(idx, k, v)
		}
	}
	t.Columns = b.cols
	t.Unit = guessUnit(t.Columns)
	t.UnclassifiedKnown = taxCol >= 0
	return t, nil
}
