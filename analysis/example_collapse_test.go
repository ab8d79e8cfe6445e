package analysis_test

import (
	"fmt"

	"github.com/gutlens/gutlens/analysis"
)

func ExampleTable_Collapse() {
	t := &analysis.Table{
		Samples: []string{"S1"},
		Features: []analysis.Feature{
			{ID: "ASV1", Lineage: []string{"Bacteria", "Bacteroidota", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "", ""}},
			{ID: "ASV2", Lineage: []string{"Bacteria", "Bacteroidota", "Bacteroidia", "Bacteroidales", "Bacteroidaceae", "Bacteroides", "", ""}},
			{ID: "ASV3", Lineage: []string{"Bacteria", "Firmicutes", "Clostridia", "Lachnospirales", "Lachnospiraceae", "", "", ""}},
			{ID: "ASV4", Lineage: []string{"Unassigned", "", "", "", "", "", "", ""}, Unassigned: true},
		},
		Columns: []analysis.Vector{{Index: []int{0, 1, 2, 3}, Value: []float64{5, 3, 2, 1}}},
		Unit:    analysis.UnitCounts,
	}
	genera, err := t.Collapse(5) // analysis.Ranks[5] == "genus"
	if err != nil {
		panic(err)
	}
	for k, i := range genera.Columns[0].Index {
		fmt.Println(genera.Features[i].ID, genera.Columns[0].Value[k])
	}
	// Output:
	// Bacteroides 8
	// Lachnospiraceae (unclassified at genus) 2
	// Unassigned 1
}
