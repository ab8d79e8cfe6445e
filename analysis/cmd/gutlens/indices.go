package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"sort"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/health"
)

const indicesUsage = `usage: gutlens indices FILE [--json]

Health indices per sample; "–" (JSON null) where an index does not apply
to the file, with the reason in the notes.

  gmhi      Gut Microbiome Health Index, Gupta et al. 2020,
            doi:10.1038/s41467-020-18476-8. MetaPhlAn 2 species only:
            p = relative abundance renormalised after dropping unclassified
            and viral species, p < 1e-5 counts as absent;
            psi = (present markers / |M'|) * (-sum p ln p) over the 7
            health-prevalent (|M'| = 7) and 43 health-scarce (|M'| = 31)
            species; GMHI = log10((psi_MH + 1e-5) / (psi_MN + 1e-5)).
  gmwi2     Gut Microbiome Wellness Index 2, Chang et al. 2024,
            doi:10.1038/s41467-024-51651-9. MetaPhlAn 3.0 profiles
            (mpa_v30_CHOCOPhlAn_201901): intercept + sum of the coefficients
            of the 95 model clades present (abundance / (100 - UNKNOWN) > 1e-5).
  md_index  Microbial Dysbiosis index, Gevers et al. 2014,
            doi:10.1016/j.chom.2014.02.005, genus lists of QIIME 1.9.0:
            ln(sum of Escherichia, Fusobacterium, Haemophilus, Aggregatibacter,
            Sutterella, Veillonella / sum of Akkermansia, Faecalibacterium,
            Ruminococcus, Bacteroides, Parabacteroides); null when the
            denominator is 0 (undefined) or the numerator is 0 (-inf).
            Derived in paediatric Crohn's disease: unvalidated elsewhere.

Above 0, GMHI and GMWI2 lean towards the healthy reference group of their
training cohorts. All three are statistical associations, not a medical test.
`

// indicesOutput is the JSON document of gutlens indices.
type indicesOutput struct {
	File string `json:"file"`
	*health.Indices
}

func runIndices(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("indices", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, indicesUsage) }
	asJSON := fs.Bool("json", false, "print the indices as JSON")
	files, ok := parseArgs(fs, args)
	if !ok {
		return 2
	}
	if len(files) != 1 {
		fmt.Fprint(stderr, indicesUsage)
		return 2
	}
	t, formatName, data, err := decodeFile(files[0])
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	name := filepath.Base(files[0])
	var clades *health.Clades
	if formatName == "metaphlan" {
		// GMWI2 needs the profile's clades at every rank, which the
		// table does not keep.
		plain, err := gunzipAll(data)
		if err == nil {
			clades, err = health.ReadMetaPhlAn(plain, name)
		}
		if err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
	}
	ix := health.ComputeIndices(t, clades)
	if *asJSON {
		b, err := json.MarshalIndent(indicesOutput{File: name, Indices: ix}, "", "  ")
		if err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}
	printIndices(stdout, name, ix)
	return 0
}

// gunzipAll removes gzip layers, as format.Decode does.
func gunzipAll(data []byte) ([]byte, error) {
	for range 4 {
		if len(data) < 2 || data[0] != 0x1f || data[1] != 0x8b {
			break
		}
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return nil, err
		}
		if data, err = io.ReadAll(io.LimitReader(zr, format.MaxInputBytes)); err != nil {
			return nil, err
		}
	}
	return data, nil
}

var indexKeys = []string{health.KeyGMHI, health.KeyGMWI2, health.KeyMDIndex}

func printIndices(w io.Writer, file string, ix *health.Indices) {
	fmt.Fprintf(w, "%s\n\n%-32s %20s %20s %10s\n", file, "sample", "gmhi", "gmwi2", "md_index")
	for _, id := range ix.SampleOrder {
		fmt.Fprintf(w, "%-32s", id)
		for k, key := range indexKeys {
			width := []int{20, 20, 10}[k]
			v := "–"
			if p := ix.Samples[id][key]; p != nil {
				v = fmt.Sprintf("%.6f", *p)
			}
			fmt.Fprintf(w, " %*s", width, v)
		}
		fmt.Fprintln(w)
	}
	keys := make([]string, 0, len(ix.Notes))
	for k := range ix.Notes {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	fmt.Fprintln(w)
	for _, k := range keys {
		n := ix.Notes[k]
		fmt.Fprintf(w, "%s: %s (%s)\n", k, n.Status, n.Citation)
		if n.Reason != "" {
			fmt.Fprintf(w, "  reason: %s\n", n.Reason)
		}
		for _, warn := range n.Warnings {
			fmt.Fprintf(w, "  warning: %s\n", warn)
		}
	}
}
