package view

// TaxonTree is one sample as a taxonomic tree, as a sunburst (Krona) shows
// it: the whole sample at the root, then the taxa at each rank the table
// names, from its broadest rank down to species at most. Every node's
// children add up to the node: what has no name at a child rank is an
// explicit "unclassified" child, and at the top level the features the
// file marks Unassigned, those without any lineage and the amount the file
// reports as unclassified outside any feature are one "Unclassified" node.
type TaxonTree struct {
	Sample string `json:"sample"`
	// Ranks are the levels below the root, broadest first: a node at depth
	// d (the root is at 0) is at rank Ranks[d-1].
	Ranks []string `json:"ranks"`
	// Nodes in preorder, children by share (largest first, ties by name),
	// an unclassified child last. Nodes[0] is the root.
	Nodes []TaxonNode `json:"nodes"`
}

// TaxonNode is one node of a TaxonTree.
type TaxonNode struct {
	// ID names the node by its path: the names from the top level down,
	// joined by "|", with "?" for an unclassified node ("" for the root).
	// It is the same for the same taxon in every sample of a file.
	ID   string `json:"id"`
	Name string `json:"name"`           // taxon name; for unclassified nodes see Kind
	Rank string `json:"rank,omitempty"` // "" for the root
	// Kind is "root", "taxon" or "unclassified".
	Kind string `json:"kind"`
	// Share is the node's part of everything in the sample (classified or
	// not), 0–1; the root's is 1 (0 for an empty sample).
	Share    Float `json:"share"`
	Depth    int   `json:"depth"`
	Parent   int   `json:"parent"` // index in Nodes; -1 for the root
	Children []int `json:"children,omitempty"`
	// Phylum is the phylum the node lies in, "" above phylum or outside a
	// named phylum: charts colour a subtree by it.
	Phylum string `json:"phylum,omitempty"`
}
