package format

import (
	"fmt"
	"slices"
	"strings"

	"github.com/gutlens/gutlens/analysis"
)

// The CAMI (BioBoxes) taxonomic profiling format, written by mOTUs (-C),
// MetaPhlAn (--CAMI_format_output) and the CAMI challenge tools:
//
//	# Taxonomic Profiling Output            (optional comment lines)
//	@SampleID: unnamed sample
//	@Version:0.9.3
//	@Ranks:superkingdom|phylum|class|order|family|genus|species|strain
//	@@TAXID	RANK	TAXPATH	TAXPATHSN	PERCENTAGE
//	816	genus	2|976|200643|171549|815|816	Bacteria|Bacteroidetes|…|Bacteroides	9.52
//
// PERCENTAGE sums to 100 (or less) per rank. A file may hold several
// samples, each starting with its own @SampleID header block. The species
// rows are the features (the finest rank present when there is none),
// matched across samples by TAXID; the lineage comes from TAXPATHSN, placed
// by @Ranks. TAXPATH may hold empty slots and ambiguous groups such as
// "(1239/201174)"; they are kept as written. The format has no unclassified
// row: Table.Unclassified is left unknown.

const camiName = "cami"

// camiDefaultRanks are the ranks when a sample has no @Ranks line.
var camiDefaultRanks = []string{"superkingdom", "phylum", "class", "order", "family", "genus", "species", "strain"}

func matchCAMI(data []byte) bool {
	ls := lines(data[:min(len(data), 8192)])
	for i, l := range ls {
		switch {
		case i > 40:
			return false
		case strings.HasPrefix(l, "#"), strings.TrimSpace(l) == "":
			continue
		}
		return strings.HasPrefix(l, "@SampleID") || strings.HasPrefix(l, "@@TAXID") ||
			strings.HasPrefix(l, "@Version") || strings.HasPrefix(l, "@Ranks") || strings.HasPrefix(l, "@TaxonomyID")
	}
	return false
}

// camiRankIndex maps a CAMI rank name to its index in analysis.Ranks.
func camiRankIndex(rank string) int {
	switch strings.ToLower(rank) {
	case "superkingdom", "domain", "kingdom":
		return 0
	case "strain":
		return 7
	}
	return krakenRankIndex(rank)
}

// camiRow is one data line of one sample.
type camiRow struct {
	line    int
	sample  int
	taxid   string
	rank    int // index in analysis.Ranks, -1 when none
	path    string
	ranks   []string // the sample's @Ranks
	percent float64
}

// camiSample is the header of one sample.
type camiSample struct {
	width int // fields in the @@ header
	id    string
	ranks []string
	cols  map[string]int // @@ header column name → field index
	line  int
}

func readCAMI(data []byte, o Options) (*analysis.Table, error) {
	t := &analysis.Table{Unit: analysis.UnitPercent}
	var samples []*camiSample
	var rows []camiRow
	cur := func(n int) *camiSample {
		if len(samples) == 0 { // a header before any @SampleID: one unnamed sample
			samples = append(samples, &camiSample{line: n})
		}
		return samples[len(samples)-1]
	}
	for i, l := range lines(data) {
		n := i + 1
		switch {
		case strings.TrimSpace(l) == "":
			continue
		case strings.HasPrefix(l, "#"):
			if low := strings.ToLower(l); t.Provenance.Tool == "" && strings.Contains(low, "motus version") {
				t.Provenance.Tool = "mOTUs"
			}
			continue
		case strings.HasPrefix(l, "@@"):
			s := cur(n)
			s.cols = map[string]int{}
			header := strings.Split(l[2:], "\t")
			s.width = len(header)
			for k, h := range header {
				s.cols[strings.ToUpper(strings.TrimSpace(h))] = k
			}
			for _, need := range []string{"TAXID", "RANK", "PERCENTAGE"} {
				if _, ok := s.cols[need]; !ok {
					return nil, errorf(camiName, n, 1, "expected a %s column in the @@ header", need)
				}
			}
			continue
		case strings.HasPrefix(l, "@"):
			key, value, _ := strings.Cut(l[1:], ":")
			value = strings.TrimSpace(value)
			switch strings.ToUpper(strings.TrimSpace(key)) {
			case "SAMPLEID":
				if len(samples) == 0 || samples[len(samples)-1].cols != nil || samples[len(samples)-1].id != "" {
					samples = append(samples, &camiSample{line: n})
				}
				samples[len(samples)-1].id = value
			case "VERSION":
				t.Provenance.Version = value
			case "RANKS":
				cur(n).ranks = strings.Split(value, "|")
			case "__PROGRAM__":
				t.Provenance.Tool = value
			}
			continue
		}
		if len(samples) == 0 || samples[len(samples)-1].cols == nil {
			return nil, errorf(camiName, n, 1, "expected the header @@TAXID\tRANK\tTAXPATH\tTAXPATHSN\tPERCENTAGE before the data")
		}
		s := samples[len(samples)-1]
		fields := strings.Split(l, "\t")
		if len(fields) < s.width {
			return nil, errorf(camiName, n, len(fields)+1, "expected %d tab-separated fields as in the @@ header, found %d", s.width, len(fields))
		}
		r := camiRow{line: n, sample: len(samples) - 1, taxid: strings.TrimSpace(fields[s.cols["TAXID"]]), ranks: s.ranks}
		if r.ranks == nil {
			r.ranks = camiDefaultRanks
		}
		if r.taxid == "" {
			return nil, errorf(camiName, n, s.cols["TAXID"]+1, "expected a TAXID")
		}
		r.rank = camiRankIndex(strings.TrimSpace(fields[s.cols["RANK"]]))
		if k, ok := s.cols["TAXPATHSN"]; ok {
			r.path = strings.TrimSpace(fields[k])
		}
		k := s.cols["PERCENTAGE"]
		v, err := parseValue(camiName, n, k+1, fields[k])
		if err != nil {
			return nil, err
		}
		r.percent = v
		rows = append(rows, r)
	}
	if len(samples) == 0 {
		return nil, errorf(camiName, 1, 0, "expected @SampleID and @@TAXID header lines")
	}
	for k, s := range samples {
		if s.cols == nil {
			return nil, errorf(camiName, s.line, 1, "sample %q has no @@TAXID header line", truncate(s.id))
		}
		t.Samples = append(t.Samples, camiSampleID(s.id, k, len(samples), t.Samples, o))
	}
	camiFeatures(t, rows)
	return t, nil
}

// camiSampleID names sample k of n: its @SampleID, or the file's name for
// a lone unnamed sample; repeated ids get a " (2)" … suffix.
func camiSampleID(id string, k, n int, taken []string, o Options) string {
	switch {
	case (id == "" || id == "unnamed sample") && n == 1:
		id = sampleName(o.Name)
	case id == "":
		id = fmt.Sprintf("sample %d", k+1)
	}
	base := id
	for c := 2; slices.Contains(taken, id); c++ {
		id = fmt.Sprintf("%s (%d)", base, c)
	}
	return id
}

func camiFeatures(t *analysis.Table, rows []camiRow) {
	level := -1
	for _, r := range rows {
		if r.rank <= 6 {
			level = max(level, r.rank)
		}
	}
	index := map[string]int{}
	perSample := make([]map[int]float64, len(t.Samples))
	for k := range perSample {
		perSample[k] = map[int]float64{}
	}
	for _, r := range rows {
		if level < 0 || r.rank != level {
			continue
		}
		idx, ok := index[r.taxid]
		if !ok {
			idx = len(t.Features)
			index[r.taxid] = idx
			t.Features = append(t.Features, camiFeature(r))
		}
		perSample[r.sample][idx] += r.percent
	}
	b := newBuilder(len(t.Samples))
	for s, m := range perSample {
		keys := make([]int, 0, len(m))
		for k := range m {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			b.add(k, s, m[k])
		}
	}
	t.Columns = b.cols
	if level >= 0 {
		t.Provenance.Notes = append(t.Provenance.Notes, fmt.Sprintf(
			"features are the %d %s-rank rows (PERCENTAGE, per rank); higher ranks are their sums", len(t.Features), analysis.Ranks[level]))
	}
	t.Provenance.Notes = append(t.Provenance.Notes, "CAMI profiles have no unclassified row: percentages are of what the profiler assigned")
}

// camiFeature builds a feature from its row: name and lineage from
// TAXPATHSN, placed by the sample's @Ranks.
func camiFeature(r camiRow) analysis.Feature {
	f := analysis.Feature{ID: r.taxid, Taxonomy: r.path}
	if krakenIsDigits(r.taxid) {
		f.TaxID = r.taxid
	}
	if r.path == "" {
		return f
	}
	f.Lineage = make([]string, len(analysis.Ranks))
	names := strings.Split(r.path, "|")
	for k, name := range names {
		if k >= len(r.ranks) {
			break
		}
		if idx := camiRankIndex(r.ranks[k]); idx >= 0 && f.Lineage[idx] == "" {
			f.Lineage[idx] = strings.TrimSpace(name)
		}
	}
	if name := strings.TrimSpace(names[len(names)-1]); name != "" {
		f.ID = name
		if r.rank >= 0 {
			f.Lineage[r.rank] = name
		}
	}
	return f
}
