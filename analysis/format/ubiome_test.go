package format

import (
	"bytes"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"github.com/gutlens/gutlens/analysis"
)

func TestUBiomeTiny(t *testing.T) {
	for _, file := range []string{"tiny-ubiome.json", "tiny-ubiome.csv"} {
		tab, name, err := Decode(bytes.NewReader(formats2File(t, file)), Options{Name: file})
		if err != nil {
			t.Errorf("Decode(%s): %v", file, err)
			continue
		}
		// Species rows only (README): B. vulgatus 25, B. fragilis 15, M. smithii 6.
		if got := featureIDList(tab); !reflect.DeepEqual(got, []string{"821", "817", "2173"}) {
			t.Errorf("Decode(%s) features = %v, want [821 817 2173]", file, got)
		}
		if got := sampleTotals(tab); !reflect.DeepEqual(got, []float64{46}) {
			t.Errorf("Decode(%s) total = %v, want [46]", file, got)
		}
		f := tab.Features[2]
		if f.Name() != "Methanobrevibacter smithii" || f.Lineage[0] != "Archaea" || f.TaxID != "2173" {
			t.Errorf("Decode(%s) feature 3 = %+v, want M. smithii under Archaea", file, f)
		}
		if tab.Unit.String() != "counts" || !strings.HasPrefix(name, "ubiome") {
			t.Errorf("Decode(%s) = %s, unit %v", file, name, tab.Unit)
		}
		if notes := strings.Join(tab.Provenance.Notes, "\n"); !strings.Contains(notes, "54 of the 100 reads") {
			t.Errorf("Decode(%s) notes %q lack the reads above species", file, notes)
		}
	}
}

func TestUBiomeBad(t *testing.T) {
	tests := []struct {
		name, data string
		line, col  int
		field      string
	}{
		{"csv bad count", "tax_name,tax_rank,count,count_norm,taxon,parent\nroot,root,x,1,1,0\n", 2, 3, ""},
		{"json negative", `{"ubiome_bacteriacounts": [{"taxon": 1, "parent": 0, "count": -4, "tax_rank": "species"}]}`, 0, 0, "ubiome_bacteriacounts[0].count"},
		{"json truncated", `{"ubiome_bacteriacounts": [{"taxon": 1,`, 1, 39, ""},
	}
	for _, tt := range tests {
		_, _, err := Decode(bytes.NewReader([]byte(tt.data)), Options{Name: "u"})
		checkParseError(t, "Decode("+tt.name+")", err, tt.line, tt.col, tt.field, "")
	}
}

// The corpus exports. Expected: species rows and their count sum,
//
//	awk -F, '$2=="species"{n++; s+=$3} END{print n, s}' ubiome_export-74607.csv → 60 22737
//	python3 -c "import json; L=json.load(open(F))['ubiome_bacteriacounts']; s=[x['count'] for x in L if x['tax_rank']=='species']; print(len(s), sum(s))"
//	  → 60 22737 (74607, the same sample as the CSV), 52 28663 (75519)
func TestUBiomeCorpus(t *testing.T) {
	tests := []struct {
		file     string
		features int
		total    float64
	}{
		{"consumer/ubiome_2016-07-29-gut-74607.json", 60, 22737},
		{"consumer/ubiome_2016-08-05-gut-75519.json", 52, 28663},
		{"consumer/ubiome_export-74607.csv", 60, 22737},
	}
	for _, tt := range tests {
		tab, _, err := Decode(bytes.NewReader(corpusFile(t, tt.file)), Options{Name: tt.file})
		if err != nil {
			t.Errorf("Decode(%s): %v", tt.file, err)
			continue
		}
		if len(tab.Samples) != 1 || len(tab.Features) != tt.features || tableTotal(tab) != tt.total {
			t.Errorf("Decode(%s) = %d samples, %d features, total %v; want 1, %d, %v", tt.file, len(tab.Samples), len(tab.Features), tableTotal(tab), tt.features, tt.total)
		}
	}
}

func FuzzUBiome(f *testing.F) {
	fuzzFormats2(f, func(data []byte, o Options) (*analysis.Table, error) {
		if matchUBiome(data) {
			return readUBiome(data, o)
		}
		return readUBiomeCSV(data, o)
	}, []string{"tiny-ubiome.json", "tiny-ubiome.csv"}, []string{"consumer/ubiome_export-74607.csv", "consumer/ubiome_2016-08-05-gut-75519.json"})
}

// containsQuoted, the uBiome sniffer's search, agrees with bytes.Contains.
func TestContainsQuoted(t *testing.T) {
	name := []byte(`ab"`)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 20000 {
		b := make([]byte, rng.IntN(12))
		for k := range b {
			b[k] = `"ab`[rng.IntN(3)]
		}
		if got, want := containsQuoted(b, name), bytes.Contains(b, []byte(`"ab"`)); got != want {
			t.Fatalf("containsQuoted(%q) = %v, want %v", b, got, want)
		}
	}
}
