package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"math"
	"os"
	"reflect"
	"strings"
	"testing"
)

// inspectJSON runs "gutlens inspect FILES --json" and decodes its output.
func inspectJSON(t *testing.T, files ...string) (*inspection, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if code := run(append(append([]string{"inspect"}, files...), "--json"), &out, &errb); code != 0 {
		t.Fatalf("inspect %v: exit %d: %s", files, code, errb.String())
	}
	var in inspection
	dec := json.NewDecoder(bytes.NewReader(out.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		t.Fatalf("output is not the inspect JSON: %v\n%s", err, out.String())
	}
	return &in, out.String()
}

func fileSHA256(t *testing.T, file string) string {
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func TestInspectJSON(t *testing.T) {
	const file = "../../../testdata/tiny.biom"
	in, raw := inspectJSON(t, file)
	if in.Format != "biom-json" || in.FormatTitle == "" || in.Unit.String() != "counts" || !in.Integer ||
		in.NSamples != 4 || in.NFeatures != 8 || !in.UnclassifiedReported || in.Gzip {
		t.Errorf("inspect tiny.biom = %+v", in)
	}
	if sum := fileSHA256(t, file); in.SHA256 != sum || len(in.Files) != 1 || in.Files[0].SHA256 != sum {
		t.Errorf("sha256 %q, files %+v; want %s", in.SHA256, in.Files, sum)
	}
	if want := []string{"domain", "phylum", "class", "order", "family", "genus", "species"}; !reflect.DeepEqual(in.Ranks, want) {
		t.Errorf("ranks = %q, want %q", in.Ranks, want)
	}
	// testdata/tiny.biom: S1 = 120+340+15+60+5+8 = 548 reads, of which OTU8
	// ("Unassigned") has 8; S4 is empty.
	want := []sampleSummary{{"S1", 548, 8.0 / 548}, {"S2", 302, 2.0 / 302}, {"S3", 600, 0}, {"S4", 0, 0}}
	if !reflect.DeepEqual(in.Samples, want) {
		t.Errorf("samples = %+v, want %+v", in.Samples, want)
	}
	if !strings.Contains(raw, `"unclassified": 0.014598540145985401`) { // 8/548 to 17 significant digits
		t.Errorf("unclassified share not in full precision:\n%s", raw)
	}
	if in.Notes == nil || strings.Contains(raw, `"notes": null`) {
		t.Errorf("notes should be a list, even when empty")
	}
}

func TestInspectMetaPhlAn(t *testing.T) {
	// testdata/tiny-mpa3.txt: UNKNOWN 12.5 %, species rows summing to 87.5 %.
	in, _ := inspectJSON(t, "../../../testdata/tiny-mpa3.txt")
	if in.Format != "metaphlan" || in.Unit.String() != "percent" || in.FormatVersion == "" || in.Tool == "" {
		t.Errorf("inspect tiny-mpa3.txt = %+v", in)
	}
	// Within 1e-12: the species percentages are decimals, so their sum is rounded.
	if len(in.Samples) != 1 || math.Abs(in.Samples[0].Total-87.5) > 1e-12 || math.Abs(in.Samples[0].Unclassified-0.125) > 1e-12 {
		t.Errorf("samples = %+v, want total 87.5, unclassified 0.125", in.Samples)
	}
}

func TestInspectTableWithTaxonomy(t *testing.T) {
	// testdata/formats2: a DADA2 count table and its taxa table, given together.
	const counts, taxa = "../../../testdata/formats2/tiny-asv-counts.tsv", "../../../testdata/formats2/tiny-asv-taxa.tsv"
	alone, _ := inspectJSON(t, counts)
	if len(alone.Ranks) != 0 || alone.UnclassifiedReported {
		t.Errorf("counts alone: ranks %q, unclassified_reported %v; want none, false", alone.Ranks, alone.UnclassifiedReported)
	}
	for _, s := range alone.Samples {
		if s.Unclassified != 0 {
			t.Errorf("counts alone: sample %s unclassified %v, want 0 (no notion of it)", s.ID, s.Unclassified)
		}
	}
	both, _ := inspectJSON(t, counts, taxa)
	if len(both.Files) != 2 || both.Files[1].SHA256 != fileSHA256(t, taxa) || both.SHA256 != fileSHA256(t, counts) {
		t.Errorf("files %+v, sha256 %s", both.Files, both.SHA256)
	}
	if len(both.Ranks) < 6 || both.Ranks[5] != "genus" || both.NFeatures != alone.NFeatures {
		t.Errorf("joined: ranks %q, %d features", both.Ranks, both.NFeatures)
	}
}

func TestInspectText(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"inspect", "../../../testdata/tiny-mpa3.txt"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, want := range []string{"MetaPhlAn profile", "unit percent", "ranks: domain, phylum", "sha256: ", "87.5", "12.50 %"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q:\n%s", want, out.String())
		}
	}
}

func TestInspectBadFile(t *testing.T) {
	var out, errb bytes.Buffer
	code := run([]string{"inspect", "--json", "../../../testdata/bad/bad-cell.tsv"}, &out, &errb)
	if code != 1 || out.Len() != 0 {
		t.Errorf("bad file: exit %d, stdout %q; want 1 and nothing", code, out.String())
	}
	for _, want := range []string{"bad-cell.tsv", "line 5", "column 3"} {
		if !strings.Contains(errb.String(), want) {
			t.Errorf("stderr %q lacks %q", errb.String(), want)
		}
	}
	for _, args := range [][]string{{"inspect", "no-such-file"}, {"inspect", "../../../testdata/bad/empty.txt"}} {
		errb.Reset()
		if code := run(args, &out, &errb); code != 1 || errb.Len() == 0 {
			t.Errorf("%v: exit %d, stderr %q; want 1 and a reason", args, code, errb.String())
		}
	}
	if code := run([]string{"inspect"}, &out, &errb); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}
