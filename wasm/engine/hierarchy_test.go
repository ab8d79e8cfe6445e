package main

import (
	"reflect"
	"testing"

	"github.com/gutlens/gutlens/analysis/report"
)

// The hierarchy query answers report.Hierarchy of the same table.
func TestHierarchyQuery(t *testing.T) {
	e := loadEngine(t, "../../testdata/tiny.biom")
	got := ask[report.TaxonTree](t, e, `{"kind":"hierarchy","samples":["S2"]}`)
	want, err := report.Hierarchy(e.report.Table(), "S2")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(&got, want) {
		t.Errorf("query answered %+v\nwant %+v", got, *want)
	}
	for _, req := range []string{`{"kind":"hierarchy","samples":["nope"]}`, `{"kind":"hierarchy","samples":[]}`, `{"kind":"hierarchy","samples":["S1","S2"]}`} {
		if out := e.query(req); out.Error == "" {
			t.Errorf("%s: no error", req)
		}
	}
}
