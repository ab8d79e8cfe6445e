package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/gutlens/gutlens/analysis"
	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/taxonomy"
)

const inspectUsage = `usage: gutlens inspect FILE... [--json]

Decodes FILE and describes it: the format detected from the content, its
version and producing tool, the unit of the values, the samples and
features, the taxonomic ranks named, the SHA-256 of the bytes and the
parser's notes. Give a feature table together with its taxonomy table
(QIIME 2 table + taxonomy.tsv, DADA2 counts + taxa, mothur .shared +
.cons.taxonomy) to have them joined.

Per sample:
  total         Σ values of the features, in the table's unit
  unclassified  (explicit unclassified amount + values of Unassigned
                features) / (total + explicit unclassified amount);
                0 when the file does not say what is unclassified

With --json it prints one JSON object with the keys format, format_title,
format_version, tool, unit, integer, n_samples, n_features,
unclassified_reported, samples [{id, total, unclassified}], ranks, sha256
(of the feature table's bytes), gzip, files [{name, sha256}] and notes;
numbers in full precision. A file that cannot be read exits with status 1
and the reason on stderr.
`

// inspection is what inspect prints with --json.
type inspection struct {
	Format               string          `json:"format"`
	FormatTitle          string          `json:"format_title"`
	FormatVersion        string          `json:"format_version"`
	Tool                 string          `json:"tool"`
	Unit                 analysis.Unit   `json:"unit"`
	Integer              bool            `json:"integer"`
	NSamples             int             `json:"n_samples"`
	NFeatures            int             `json:"n_features"`
	UnclassifiedReported bool            `json:"unclassified_reported"`
	Samples              []sampleSummary `json:"samples"`
	Ranks                []string        `json:"ranks"`
	SHA256               string          `json:"sha256"`
	Gzip                 bool            `json:"gzip"`
	Files                []fileSummary   `json:"files"`
	Notes                []string        `json:"notes"`
}

type sampleSummary struct {
	ID           string  `json:"id"`
	Total        float64 `json:"total"`
	Unclassified float64 `json:"unclassified"`
}

type fileSummary struct {
	Name   string `json:"name"`
	SHA256 string `json:"sha256"`
}

func runInspect(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("inspect", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, inspectUsage) }
	asJSON := fs.Bool("json", false, "print one JSON object")
	files, ok := parseArgs(fs, args)
	if !ok {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, inspectUsage)
		return 2
	}
	inputs := make([]format.Input, len(files))
	summaries := make([]fileSummary, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
		inputs[i] = format.Input{Name: filepath.Base(f), Data: data}
		sum := sha256.Sum256(data)
		summaries[i] = fileSummary{Name: f, SHA256: hex.EncodeToString(sum[:])}
	}
	t, name, err := format.DecodeFiles(inputs)
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	in := inspect(t, name)
	in.Files = summaries
	if *asJSON {
		b, err := json.MarshalIndent(in, "", "  ")
		if err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}
	printInspection(stdout, in)
	return 0
}

// inspect summarises a decoded table.
func inspect(t *analysis.Table, name string) *inspection {
	p := t.Provenance
	in := &inspection{
		Format: p.Format, FormatVersion: p.Version, Tool: p.Tool, Unit: t.Unit, Integer: t.Integer(),
		NSamples: len(t.Samples), NFeatures: len(t.Features), UnclassifiedReported: t.UnclassifiedKnown,
		Samples: make([]sampleSummary, len(t.Samples)), Ranks: ranksNamed(t),
		SHA256: p.SHA256, Gzip: p.Gzip, Notes: append([]string{}, p.Notes...),
	}
	if in.Format == "" {
		in.Format = name
	}
	for _, f := range format.Formats {
		if f.Name == in.Format {
			in.FormatTitle = f.Title
		}
	}
	for s, id := range t.Samples {
		total, unclassified := sampleTotals(t, s)
		in.Samples[s] = sampleSummary{ID: id, Total: total, Unclassified: unclassified}
	}
	return in
}

// sampleTotals returns the sum of the features of sample s and the
// unclassified share: (explicit unclassified + Unassigned features) over
// (features + explicit unclassified); 0 when the file has no such notion.
func sampleTotals(t *analysis.Table, s int) (total, share float64) {
	col := t.Columns[s]
	unassigned := 0.0
	for k, i := range col.Index {
		total += col.Value[k]
		if t.Features[i].Unassigned {
			unassigned += col.Value[k]
		}
	}
	explicit := 0.0
	if t.Unclassified != nil {
		explicit = t.Unclassified[s]
	}
	if all := total + explicit; t.UnclassifiedKnown && all > 0 {
		share = (explicit + unassigned) / all
	}
	return total, share
}

// ranksNamed lists the ranks at which some feature has a name (placeholders
// such as "g__" or "Lachnospiraceae_unclassified" do not count).
func ranksNamed(t *analysis.Table) []string {
	named := make([]bool, len(analysis.Ranks))
	for i := range t.Features {
		for r, n := range t.Features[i].Lineage {
			if r < len(named) && !named[r] && !taxonomy.IsPlaceholder(n) {
				named[r] = true
			}
		}
	}
	ranks := []string{}
	for r, ok := range named {
		if ok {
			ranks = append(ranks, analysis.Ranks[r])
		}
	}
	return ranks
}

func printInspection(w io.Writer, in *inspection) {
	names := make([]string, len(in.Files))
	for i, f := range in.Files {
		names[i] = f.Name
	}
	title := in.FormatTitle
	if title == "" {
		title = in.Format
	}
	fmt.Fprintf(w, "%s: %s", strings.Join(names, " + "), title)
	if in.FormatVersion != "" {
		fmt.Fprintf(w, ", version %s", in.FormatVersion)
	}
	if in.Tool != "" {
		fmt.Fprintf(w, ", tool %s", in.Tool)
	}
	fmt.Fprintf(w, "\n  %d samples × %d features, unit %s", in.NSamples, in.NFeatures, in.Unit)
	if in.Gzip {
		fmt.Fprint(w, ", gzip-compressed")
	}
	ranks := strings.Join(in.Ranks, ", ")
	if ranks == "" {
		ranks = "none (no taxonomy)"
	}
	fmt.Fprintf(w, "\n  ranks: %s\n  sha256: %s\n", ranks, in.SHA256)
	for _, n := range in.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	unclass := "unclass."
	if !in.UnclassifiedReported {
		unclass = "unclass. (not reported by the file)"
	}
	fmt.Fprintf(w, "\n%-24s %14s  %s\n", "sample", "total", unclass)
	for _, s := range in.Samples {
		fmt.Fprintf(w, "%-24s %14.6g  %.2f %%\n", s.ID, s.Total, 100*s.Unclassified)
	}
}
