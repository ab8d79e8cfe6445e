package format

import (
	"fmt"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// kaiju2table output: one row per taxon and input file, at the one rank
// kaiju2table was asked for (-r), with reads (counts) and their percentage
// of all reads of that file:
//
//	file	percent	reads	taxon_id	taxon_name
//	s1.kaiju.out	2.98	841	28901	Salmonella enterica
//	s1.kaiju.out	14.29	4023	NA	cannot be assigned to a (non-viral) species
//	s1.kaiju.out	0.54	154	10239	Viruses
//	s1.kaiju.out	59.48	16739	NA	unclassified
//
// Each file is a sample. taxon_name is a name, "taxonid:N" when kaiju had no
// names file, or a ";"-joined lineage (-p, or -l with a list of ranks). The
// "unclassified" row is Table.Unclassified; the "cannot be assigned to a
// (non-viral) <rank>" row holds reads classified above that rank, which
// belong to no feature (a note gives their share), as in Kraken reports;
// "Viruses" sums the viral reads unless kaiju2table ran with -e.

const kaijuName = "kaiju"

var kaijuHeader = []string{"file", "percent", "reads", "taxon_id", "taxon_name"}

func matchKaiju(data []byte) bool {
	for _, l := range lines(data[:min(len(data), 4096)]) {
		if strings.TrimSpace(l) == "" {
			continue
		}
		f := strings.Split(strings.TrimSpace(l), "\t")
		return len(f) == len(kaijuHeader) && strings.Join(f, "\t") == strings.Join(kaijuHeader, "\t")
	}
	return false
}

func readKaiju(data []byte, o Options) (*analysis.Table, error) {
	t := &analysis.Table{Unit: analysis.UnitCounts, Provenance: analysis.Provenance{Tool: "kaiju2table"}}
	ls := lines(data)
	sampleIdx := map[string]int{}
	type entry struct {
		sample int
		reads  float64
	}
	listed := map[[2]int]int{} // (feature, sample) → line
	featureIdx := map[string]int{}
	var perFeature [][]entry
	var unclassified, above []float64
	rank := -1
	rankWord := ""
	headerSeen := false
	for i, l := range ls {
		n := i + 1
		if strings.TrimSpace(l) == "" {
			continue
		}
		if !headerSeen {
			headerSeen = true
			continue // matchKaiju checked it
		}
		f := strings.Split(l, "\t")
		if len(f) != len(kaijuHeader) {
			return nil, errorf(kaijuName, n, min(len(f), len(kaijuHeader))+1, "expected 5 tab-separated fields (file, percent, reads, taxon_id, taxon_name), found %d", len(f))
		}
		file := strings.TrimSpace(f[0])
		if file == "" {
			return nil, errorf(kaijuName, n, 1, "expected the input file name")
		}
		if _, err := parseValue(kaijuName, n, 2, f[1]); err != nil {
			return nil, err
		}
		reads, err := parseValue(kaijuName, n, 3, f[2])
		if err != nil {
			return nil, err
		}
		s, ok := sampleIdx[file]
		if !ok {
			s = len(t.Samples)
			sampleIdx[file] = s
			t.Samples = append(t.Samples, file)
			unclassified = append(unclassified, 0)
			above = append(above, 0)
		}
		taxid, name := strings.TrimSpace(f[3]), strings.TrimSpace(f[4])
		switch {
		case name == "unclassified":
			unclassified[s] += reads
			continue
		case strings.HasPrefix(name, "cannot be assigned to a "):
			w := name[strings.LastIndexByte(name, ' ')+1:]
			if r := krakenRankIndex(w); r >= 0 {
				if rank >= 0 && r != rank {
					return nil, errorf(kaijuName, n, 5, "rank %q differs from the rank %q of an earlier row", w, rankWord)
				}
				rank, rankWord = r, w
			}
			above[s] += reads
			continue
		}
		if taxid != "NA" && !krakenIsDigits(taxid) {
			return nil, errorf(kaijuName, n, 4, "expected a numeric taxon id or NA, found %q", truncate(taxid))
		}
		if name == "" {
			return nil, errorf(kaijuName, n, 5, "expected a taxon name")
		}
		key := taxid + "\t" + name
		k, ok := featureIdx[key]
		if !ok {
			k = len(perFeature)
			featureIdx[key] = k
			perFeature = append(perFeature, nil)
			t.Features = append(t.Features, analysis.Feature{ID: name, TaxID: strings.TrimPrefix(taxid, "NA")})
		}
		if first, dup := listed[[2]int{k, s}]; dup {
			return nil, errorf(kaijuName, n, 5, "taxon %q listed twice for %q (first on line %d)", truncate(name), truncate(file), first)
		}
		listed[[2]int{k, s}] = n
		perFeature[k] = append(perFeature[k], entry{s, reads})
	}
	if len(t.Samples) == 0 {
		return nil, errorf(kaijuName, len(ls), 1, "expected rows after the header")
	}
	if rank < 0 {
		rank = 6
		t.Provenance.Notes = append(t.Provenance.Notes, "the file does not say which rank kaiju2table summarised (no \"cannot be assigned to a …\" row): taken as species")
	}
	// Names: a lineage "a;b;…;x;" or one name; the last element is the
	// taxon at the table's rank. An id-only name ("taxonid:N") has no name.
	seen := map[string]bool{}
	for k := range t.Features {
		f := &t.Features[k]
		parts := strings.Split(strings.TrimSuffix(f.ID, ";"), ";")
		for j := range parts {
			parts[j] = strings.TrimSpace(parts[j])
		}
		last := parts[len(parts)-1]
		f.Lineage = make([]string, len(analysis.Ranks))
		switch {
		case last == "Viruses" && len(parts) == 1:
			f.Lineage[0] = "Viruses"
		case strings.HasPrefix(last, "taxonid:"):
			// no name: matched by TaxID only
		case len(parts) == rank+1:
			// -l with the standard ranks down to the table's rank
			for j, p := range parts {
				if p != "NA" && p != "" {
					f.Lineage[j] = p
				}
			}
		default:
			f.Lineage[rank] = last
		}
		var tax []string
		for j, name := range f.Lineage {
			if name != "" {
				tax = append(tax, krakenRankPrefix[j]+name)
			}
		}
		f.Taxonomy = strings.Join(tax, "|")
		id := last
		if seen[id] {
			id = fmt.Sprintf("%s [taxid %s]", last, f.TaxID)
		}
		seen[id] = true
		f.ID = id
	}
	b := newBuilder(len(t.Samples))
	for k, es := range perFeature {
		for _, e := range es {
			b.add(k, e.sample, e.reads)
		}
	}
	t.Columns = b.cols
	t.Unclassified, t.UnclassifiedKnown = unclassified, true
	for s := range t.Samples {
		classified := t.Columns[s].Sum() + above[s]
		if above[s] > 0 && classified > 0 {
			t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
				"%s: %.0f of the %.0f classified reads (%.2f %%) could not be assigned to a %s and are in no feature",
				t.Samples[s], above[s], classified, 100*above[s]/classified, analysis.Ranks[rank]))
		}
	}
	for s, name := range t.Samples {
		t.Samples[s] = sampleName(name)
	}
	if err := uniqueSamples(kaijuName, t.Samples); err != nil {
		return nil, err
	}
	t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
		"features are the %d taxa at %s level, valued by their read counts; each input file is a sample", len(t.Features), analysis.Ranks[rank]))
	return t, nil
}

// uniqueSamples refuses two samples with the same name.
func uniqueSamples(format string, samples []string) error {
	seen := map[string]bool{}
	for _, s := range samples {
		if seen[s] {
			return &ParseError{Format: format, Err: fmt.Errorf("two input files give the sample name %q", s)}
		}
		seen[s] = true
	}
	return nil
}
