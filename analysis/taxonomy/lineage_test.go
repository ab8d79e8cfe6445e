package taxonomy

import (
	"reflect"
	"testing"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		in         string
		want       []string
		unassigned bool
	}{
		{"k__Bacteria; p__Firmicutes; c__Clostridia; o__Clostridiales; f__Ruminococcaceae; g__Faecalibacterium; s__prausnitzii",
			[]string{"Bacteria", "Firmicutes", "Clostridia", "Clostridiales", "Ruminococcaceae", "Faecalibacterium", "prausnitzii", ""}, false},
		{"d__Bacteria;p__Bacteroidota;c__Bacteroidia;o__Bacteroidales;f__Bacteroidaceae;g__Bacteroides",
			[]string{"Bacteria", "Bacteroidota", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "", ""}, false},
		{"k__Bacteria|p__Bacteroidetes|c__Bacteroidia|o__Bacteroidales|f__Bacteroidaceae|g__Bacteroides|s__Bacteroides_vulgatus|t__SGB1814",
			[]string{"Bacteria", "Bacteroidetes", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "Bacteroides_vulgatus", "SGB1814"}, false},
		{`Root;Bacteria;Firmicutes;"Bacilli"`,
			[]string{"Bacteria", "Firmicutes", "Bacilli", "", "", "", "", ""}, false},
		{"Unassigned", []string{"Unassigned", "", "", "", "", "", "", ""}, true},
		{"k__; p__; c__", []string{"", "", "", "", "", "", "", ""}, true},
		{"k__Bacteria; g__Akkermansia", []string{"Bacteria", "", "", "", "", "Akkermansia", "", ""}, false},
	} {
		got, un := Parse(c.in)
		if !reflect.DeepEqual(got, c.want) || un != c.unassigned {
			t.Errorf("Parse(%q) = %q, %v; want %q, %v", c.in, got, un, c.want, c.unassigned)
		}
	}
}
