// Command gutlens is the native command line over the Gutlens analysis core.
//
//	gutlens report FILE [--json]
//
// prints the first report on FILE: its format, number of samples and taxa,
// and per sample the observed features, Shannon index (natural log), Gini–
// Simpson index (1 − Σp²), the unclassified share and the top 10 taxa.
// With --json it prints the report model (schema gutlens-report/1) with
// numbers in full precision, samples keyed by id. A file that cannot be
// read exits with status 1 and the reason on stderr.
package main

import (
	"flag"
	"fmt"
	"github.com/gutlens/gutlens/analysis"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// commands lists the subcommands; each lives in its own file.
var commands = map[string]func(args []string, stdout, stderr io.Writer) int{
	"report":    runReport,
	"inspect":   runInspect,
	"diversity": runDiversity,
	"indices":   runIndices,
}

const usage = `usage: gutlens COMMAND FILE... [flags]

Commands:
  report FILE... [--json]  the first report: format, samples, taxa, diversity, top taxa
  inspect FILE... [--json] what the file is: format, version, unit, samples, ranks, sha256
  indices FILE [--json]    health indices (GMHI, GMWI2) where they apply, with reasons where not
  diversity FILE [--json]  alpha, beta (Bray–Curtis, Jaccard, Aitchison), PCoA, CLR

`
const reportUsage = `usage: gutlens report FILE... [TAXONOMY] [--json]

A feature table may come with its taxonomy file (QIIME 2 taxonomy.tsv or
.qza, DADA2 taxa table, mothur .cons.taxonomy); they are joined by feature id.
Several tables of one format and unit (e.g. a MetaPhlAn or Kraken profile
per sample) are merged: their samples side by side, features matched by id.

Columns of the text report:
  observed   features with a value > 0
  shannon    H' = -Σ p ln p, natural logarithm (nats)
  simpson    Gini–Simpson index 1 - Σ p²
  unclass.   share not assigned to any domain (explicit unclassified rows
             and features labelled Unassigned), of everything in the sample
`

func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprint(stderr, usage)
		return 2
	}
	return cmd(args[1:], stdout, stderr)
}

// parseArgs parses flags given before or after the file names and returns
// the file names; ok is false after a usage error (already printed).
func parseArgs(fs *flag.FlagSet, args []string) (files []string, ok bool) {
	rest := args
	for len(rest) > 0 {
		if err := fs.Parse(rest); err != nil {
			return nil, false
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	return files, true
}

func runReport(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, reportUsage+reportHealthUsage) }
	asJSON := fs.Bool("json", false, "print the report as JSON")
	lang := fs.String("lang", "", "also print the health sections as text: en or nl")
	files, ok := parseArgs(fs, args)
	if !ok {
		return 2
	}
	if len(files) == 0 {
		fmt.Fprint(stderr, reportUsage)
		return 2
	}
	if *lang != "" && *lang != "en" && *lang != "nl" {
		fmt.Fprintf(stderr, "gutlens: --lang %q: want en or nl\n", *lang)
		return 2
	}
	inputs, err := readInputs(files)
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	r, err := report.AnalyseFiles(inputs, "native", nil)
	if err != nil {
		fmt.Fprintln(stderr, "gutlens:", err)
		return 1
	}
	if *asJSON {
		// The report's keys, plus "health" (report.WithHealth).
		b, err := report.JSONWithHealth(r)
		if err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
		fmt.Fprintf(stdout, "%s\n", b)
		return 0
	}
	printText(stdout, r)
	if *lang != "" {
		fmt.Fprintln(stdout)
		if err := report.WriteHealthText(stdout, report.Health(r), *lang); err != nil {
			fmt.Fprintln(stderr, "gutlens:", err)
			return 1
		}
	}
	return 0
}

func printText(w io.Writer, r *report.Report) {
	in := r.Input
	fmt.Fprintf(w, "%s: %s, %d samples × %d features, unit %s\n", in.File, in.FormatTitle, in.NSamples, in.NFeatures, in.Unit)
	for _, n := range in.Notes {
		fmt.Fprintf(w, "  note: %s\n", n)
	}
	fmt.Fprintf(w, "\n%-24s %9s %9s %9s %9s\n", "sample", "observed", "shannon", "simpson", "unclass.")
	for _, id := range r.SampleOrder {
		s := r.Samples[id]
		fmt.Fprintf(w, "%-24s %9d %9s %9s %9s\n", id, s.ObservedFeatures, num(s.ShannonLn, "%.4f"), num(s.Simpson, "%.4f"), pct(s.UnclassifiedShare))
	}
	for _, id := range r.SampleOrder {
		fmt.Fprintf(w, "\nTop taxa of %s:\n", id)
		for i, t := range r.Samples[id].Top {
			fmt.Fprintf(w, "  %2d. %-50s %8s\n", i+1, t.Name, pct(t.Share))
		}
	}
}

func num(f report.Float, layout string) string {
	if math.IsNaN(float64(f)) {
		return "–"
	}
	return fmt.Sprintf(layout, float64(f))
}

func pct(f report.Float) string {
	if math.IsNaN(float64(f)) {
		return "–"
	}
	return fmt.Sprintf("%.2f %%", 100*float64(f))
}

// readInputs reads the named files for format.DecodeFiles.
func readInputs(files []string) ([]format.Input, error) {
	inputs := make([]format.Input, len(files))
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		inputs[i] = format.Input{Name: filepath.Base(f), Data: data}
	}
	return inputs, nil
}

// decodeFile reads and decodes one table file, returning its bytes too.
func decodeFile(path string) (t *analysis.Table, formatName string, data []byte, err error) {
	if data, err = os.ReadFile(path); err != nil {
		return nil, "", nil, err
	}
	t, formatName, err = format.DecodeBytes(data, format.Options{Name: filepath.Base(path)})
	return t, formatName, data, err
}
