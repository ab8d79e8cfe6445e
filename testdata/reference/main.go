// Command reference derives the reference-percentile tables that
// analysis/health embeds (analysis/health/data/reference/*.json) from real
// public cohorts in the shared corpus. Only quantiles leave this program;
// no sample's profile is written.
//
//	go run ./testdata/reference -corpus ../shared/corpus -out analysis/health/data/reference -date 2026-11-25
//
// Every metric is computed with the same code the app runs on a user's
// file (diversity.Shannon, diversity.Observed, health.GMHI, health.MDIndex,
// health.MatchGuilds), so a user's value and the cohort's quantiles mean
// the same thing. See README.md beside this file.
package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/diversity"
	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/health"
)

// Probs are the quantile levels shipped for every metric (0 and 1 are the
// cohort's minimum and maximum).
var Probs = []float64{0, 0.025, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.975, 1}

const script = "testdata/reference/main.go"

func main() {
	corpus := flag.String("corpus", "../shared/corpus", "the shared corpus directory")
	out := flag.String("out", "analysis/health/data/reference", "output directory")
	date := flag.String("date", time.Now().UTC().Format("2006-01-02"), "date written into the provenance")
	flag.Parse()

	hmpPath := filepath.Join(*corpus, "metaphlan/merged_HMP_species_690samples_with-metadata-rows.txt")
	hmp, meta := readHMP(hmpPath)
	write(*out, hmpShotgun(hmp, meta, hmpPath, *date))
	write(*out, gmhiHealthy(*corpus, *date))
	write(*out, hmp16S(*corpus, meta, *date))
}

// meta holds the HMP sample metadata rows (STSite, VISNO …) by sample id.
type meta map[string]map[string]string

// readHMP reads the HMP MetaPhlAn species table: a header of sample ids,
// four metadata rows, then one row per species (bare "Genus_species"
// names, percent).
func readHMP(path string) (*analysis.Table, meta) {
	b := must(os.ReadFile(path))
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	samples := strings.Split(lines[0], "\t")[1:]
	m := meta{}
	for _, s := range samples {
		m[s] = map[string]string{}
	}
	t := &analysis.Table{Samples: samples, Unit: analysis.UnitPercent, Columns: make([]analysis.Vector, len(samples))}
	t.Provenance = analysis.Provenance{Format: "metaphlan", Tool: "MetaPhlAn 1"}
	for _, l := range lines[1:] {
		f := strings.Split(l, "\t")
		switch f[0] {
		case "VISNO", "STSite", "GENDER_C", "STArea":
			for i, v := range f[1:] {
				m[samples[i]][f[0]] = v
			}
			continue
		}
		name := f[0]
		genus, epithet, _ := strings.Cut(name, "_")
		fi := len(t.Features)
		t.Features = append(t.Features, analysis.Feature{
			ID:      "s__" + name,
			Lineage: []string{"Bacteria", "", "", "", "", genus, genus + " " + strings.ReplaceAll(epithet, "_", " "), ""},
		})
		if strings.HasPrefix(name, "Methano") {
			t.Features[fi].Lineage[0] = "Archaea"
		}
		for s, v := range f[1:] {
			x := must(strconv.ParseFloat(v, 64))
			if x > 0 {
				t.Columns[s].Index = append(t.Columns[s].Index, fi)
				t.Columns[s].Value = append(t.Columns[s].Value, x)
			}
		}
	}
	return t, m
}

func hmpFirstVisitStool(m meta, id string) bool {
	x := m[id]
	return x != nil && x["STArea"] == "Gut" && x["STSite"] == "Stool" && x["VISNO"] == "1"
}

func hmpShotgun(t *analysis.Table, m meta, path, date string) *health.Cohort {
	t = subset(t, func(id string) bool { return hmpFirstVisitStool(m, id) })
	c := &health.Cohort{
		ID:              "hmp_stool_shotgun_metaphlan1",
		Name:            "Human Microbiome Project (HMP), healthy US adults, stool, first visit",
		Population:      "healthy adults aged 18–40 screened for the absence of disease (HMP Consortium 2012, Nature 486:207, doi:10.1038/nature11234)",
		Assay:           health.AssayShotgun,
		Profiler:        "metaphlan1",
		ProfilerVersion: "MetaPhlAn 1 species profiles of the HMP 2012 data release (as distributed with MetaPhlAn's hclust2 example)",
		Licence:         "MIT (biobakery/MetaPhlAn repository); HMP data are public under the NIH HMP data release policy",
		Provenance: health.Provenance{
			SourceFile:       "metaphlan/merged_HMP_species_690samples_with-metadata-rows.txt",
			SourceRepository: "biobakery/MetaPhlAn, metaphlan/utils/hclust2/examples/HMP-MetaPhlAn/HMP.species.txt",
			SourceCommit:     "1131a4fd1d503fc97b6274de36ca220e1008b65b",
			SHA256:           sha(path),
			Filter:           "metadata rows STArea = Gut, STSite = Stool, VISNO = 1 (one sample per person)",
		},
	}
	c.Metrics = metrics(t, true, false)
	return finish(c, t, date)
}

// gmhiHealthy: the Healthy samples of the GMHI validation cohort.
func gmhiHealthy(corpus, date string) *health.Cohort {
	abPath := filepath.Join(corpus, "gmhi/validation_abundance.csv")
	mdPath := filepath.Join(corpus, "gmhi/validation_metadata.csv")
	t := readSpeciesCSV(abPath)
	healthy := map[string]bool{}
	for _, r := range readCSV(mdPath)[1:] {
		healthy[r[0]] = r[3] == "Healthy"
	}
	t = subset(t, func(id string) bool { return healthy[id] })
	c := &health.Cohort{
		ID:              "gmhi_validation_healthy_metaphlan2",
		Name:            "GMHI validation cohort, healthy controls (Gupta et al. 2020)",
		Population:      "the 118 samples labelled Healthy in the validation set of Gupta et al. 2020 (Nat Commun 11:4635, doi:10.1038/s41467-020-18476-8), from a few studies",
		Assay:           health.AssayShotgun,
		Profiler:        "metaphlan2",
		ProfilerVersion: "MetaPhlAn 2 species relative abundances (GMHI_2020 repository)",
		Licence:         "none stated (jaeyunsung/GMHI_2020 has no licence file; paper CC BY 4.0). Only derived quantiles are shipped; ask the project owner before a product build",
		Provenance: health.Provenance{
			SourceFile:       "gmhi/validation_abundance.csv + gmhi/validation_metadata.csv",
			SourceRepository: "jaeyunsung/GMHI_2020, validation_abundance.csv and validation_metadata.csv",
			SourceCommit:     "87fe9f6eb96b154683c454067456be48a96bbd9c",
			SHA256:           sha(abPath) + " " + sha(mdPath),
			Filter:           "validation_metadata.csv column Phenotype = Healthy",
		},
		Caveats: []string{"In this cohort species richness and Shannon diversity are lower in the healthy group than in the non-healthy group, because the healthy controls come from a few studies: diversity depends on study and batch."},
	}
	c.Metrics = metrics(t, true, false)
	return finish(c, t, date)
}

// hmp16S: HMP 16S (V3–V5) stool samples of the first visit, labelled by
// the SRS sample accessions they share with the shotgun table.
func hmp16S(corpus string, m meta, date string) *health.Cohort {
	path := filepath.Join(corpus, "biom-json/HMPv35_100nt_even1k.json.biom.gz")
	b := must(os.ReadFile(path))
	t, _, err := format.Decode(bytes.NewReader(b), format.Options{Name: filepath.Base(path)})
	if err != nil {
		log.Fatal(err)
	}
	t = subset(t, func(id string) bool { srs, _, _ := strings.Cut(id, "."); return hmpFirstVisitStool(m, srs) })
	c := &health.Cohort{
		ID:              "hmp_stool_16s_v35_qiime1",
		Name:            "Human Microbiome Project (HMP), healthy US adults, stool, first visit, 16S V3–V5",
		Population:      "HMP healthy adults (HMP Consortium 2012, Nature 486:207, doi:10.1038/nature11234); the stool samples whose SRS accession also has a shotgun profile labelled stool, first visit",
		Assay:           health.Assay16S,
		Profiler:        "qiime1-greengenes-otu",
		ProfilerVersion: "QIIME 1 (American Gut pipeline) Greengenes OTUs from 100-nt V3–V5 reads, rarefied to 1,000 reads per sample",
		Licence:         "BSD-3 (biocore/American-Gut repository); HMP data are public under the NIH HMP data release policy",
		Provenance: health.Provenance{
			SourceFile:       "biom-json/HMPv35_100nt_even1k.json.biom.gz (biom-format 2.1.12 JSON conversion of the HDF5 table; + stool labels from metaphlan/merged_HMP_species_690samples_with-metadata-rows.txt)",
			SourceRepository: "biocore/American-Gut, data/HMP/HMPv35_100nt_even1k.biom",
			SourceCommit:     "68fd6d4b2fa6aeb5b4f5272c6f1006defe5b160e",
			SHA256:           sha(path),
			Filter:           "sample id prefix (SRS accession) labelled STArea = Gut, STSite = Stool, VISNO = 1 in the HMP MetaPhlAn table",
		},
		Caveats: []string{"Richness (observed OTUs) and Shannon are for 1,000 reads per sample and Greengenes OTUs; a table at another depth or of ASVs (DADA2) is not comparable for richness."},
	}
	c.Metrics = metrics(t, false, true)
	return finish(c, t, date)
}

func finish(c *health.Cohort, t *analysis.Table, date string) *health.Cohort {
	c.Schema = health.ReferenceSchema
	c.N = len(t.Samples)
	c.Probs = Probs
	c.Provenance.Script = script
	c.Provenance.Command = "go run ./testdata/reference -corpus ../shared/corpus -out analysis/health/data/reference -date " + date
	c.Provenance.Generated = date
	c.Provenance.Version = 1
	return c
}

// metrics computes every reference metric per sample and returns the
// quantiles of each.
func metrics(t *analysis.Table, gmhi, md bool) map[string]*health.MetricQuantiles {
	values := map[string][]float64{}
	for _, col := range t.Columns {
		values[health.MetricShannon] = append(values[health.MetricShannon], diversity.Shannon(col.Value))
		values[health.MetricObserved] = append(values[health.MetricObserved], float64(diversity.Observed(col.Value)))
	}
	if gmhi {
		g, err := health.GMHI(t)
		if err != nil {
			log.Fatal(err)
		}
		for _, s := range g.Samples {
			values[health.MetricGMHI] = append(values[health.MetricGMHI], s.GMHI)
		}
	}
	if md {
		r, err := health.MDIndex(t)
		if err != nil {
			log.Fatal(err)
		}
		values[health.MetricMD] = r.Values
	}
	for _, g := range health.MatchGuilds(t) {
		if g.Found == 0 || !health.ReferenceGuild(g.ID) {
			continue
		}
		values[health.GuildMetric(g.ID)] = g.Share
	}
	for _, tx := range health.ReferenceTaxa {
		if share, ok := health.TaxonShare(t, tx); ok {
			values[health.TaxonMetric(tx.Name)] = share
		}
	}
	out := map[string]*health.MetricQuantiles{}
	for k, v := range values {
		var ok []float64
		for _, x := range v {
			if !math.IsNaN(x) && !math.IsInf(x, 0) {
				ok = append(ok, x)
			}
		}
		if len(ok) < 20 {
			continue
		}
		sort.Float64s(ok)
		q := make([]float64, len(Probs))
		for i, p := range Probs {
			q[i] = round(quantile7(ok, p))
		}
		out[k] = &health.MetricQuantiles{N: len(ok), Quantiles: q}
	}
	return out
}

// quantile7 is R's default quantile (type 7) of sorted x:
// h = (n−1)p, Q = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]).
func quantile7(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

// round keeps 6 significant digits: the quantiles of a cohort of tens to
// hundreds of people carry no more.
func round(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 6, 64), 64)
	return v
}

func subset(t *analysis.Table, keep func(string) bool) *analysis.Table {
	c := *t
	c.Samples, c.Columns, c.Unclassified = nil, nil, nil
	for s, id := range t.Samples {
		if keep(id) {
			c.Samples = append(c.Samples, id)
			c.Columns = append(c.Columns, t.Columns[s])
			if t.Unclassified != nil {
				c.Unclassified = append(c.Unclassified, t.Unclassified[s])
			}
		}
	}
	if len(c.Samples) == 0 {
		log.Fatal("reference: the filter kept no samples")
	}
	return &c
}

func readCSV(path string) [][]string {
	b := bytes.TrimPrefix(must(os.ReadFile(path)), []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(b))
	r.FieldsPerRecord = -1
	return must(r.ReadAll())
}

// readSpeciesCSV reads a GMHI-style table: s__ species names in the first
// column, one column per sample, percent.
func readSpeciesCSV(path string) *analysis.Table {
	recs := readCSV(path)
	t := &analysis.Table{Samples: recs[0][1:], Unit: analysis.UnitPercent, Columns: make([]analysis.Vector, len(recs[0])-1)}
	t.Provenance = analysis.Provenance{Format: "metaphlan", Tool: "MetaPhlAn 2"}
	for _, r := range recs[1:] {
		fi := len(t.Features)
		name := strings.TrimPrefix(r[0], "s__")
		genus, epithet, _ := strings.Cut(name, "_")
		t.Features = append(t.Features, analysis.Feature{ID: r[0],
			Lineage: []string{"", "", "", "", "", genus, genus + " " + strings.ReplaceAll(epithet, "_", " "), ""}})
		for s, v := range r[1:] {
			x := must(strconv.ParseFloat(strings.TrimSpace(v), 64))
			if x > 0 {
				t.Columns[s].Index = append(t.Columns[s].Index, fi)
				t.Columns[s].Value = append(t.Columns[s].Value, x)
			}
		}
	}
	return t
}

func sha(path string) string {
	s := sha256.Sum256(must(os.ReadFile(path)))
	return hex.EncodeToString(s[:])
}

func write(dir string, c *health.Cohort) {
	b := must(json.MarshalIndent(c, "", " "))
	p := filepath.Join(dir, c.ID+".json")
	if err := os.WriteFile(p, append(b, '\n'), 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s: n = %d, %d metrics\n", p, c.N, len(c.Metrics))
}

func must[T any](v T, err error) T {
	if err != nil {
		log.Fatal(err)
	}
	return v
}
