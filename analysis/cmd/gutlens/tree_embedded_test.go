package main

import (
	"os"
	"path/filepath"
	"testing"
)

// A BIOM 2.1 file that carries its features' tree (observation
// group-metadata) gets Faith's PD and UniFrac without --tree, equal to
// scikit-bio's on that tree (testdata/diversity/README.md says how the
// golden was made and how its three-way root was handed to scikit-bio).
func TestDiversityEmbeddedTree(t *testing.T) {
	const rel = "biom-hdf5/rich_sparse_otu_table_hdf5_group_metadata.biom"
	in := filepath.Join("../../../../shared/corpus", rel)
	if _, err := os.Stat(in); err != nil {
		t.Skip("corpus not present:", err)
	}
	got := runDoc(t, in)
	if got.obj("input")["tree"] != "(the tree in the table's file)" {
		t.Errorf("input.tree = %v, want the embedded tree named", got.obj("input")["tree"])
	}
	compareDocs(t, got, loadDoc(t, filepath.Join("../../../testdata/diversity/corpus", filepath.Base(rel)+".diversity.json")))
}
