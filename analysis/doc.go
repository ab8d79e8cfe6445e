// Package analysis is the pure-Go science core of Gutlens.
//
// Data flows one way:
//
//	bytes → format.Decode → Table → diversity / indices → report.Model → view or JSON
//
// Conventions, stated once:
//
//   - A Table holds features (taxa, OTUs, ASVs) × samples. Values are kept
//     exactly as the file gives them, together with their Unit; nothing is
//     rarefied, renormalised or filtered on reading.
//   - Logarithms are natural unless a name says otherwise (ShannonLog2).
//   - Zeros: 0·ln 0 = 0. A sample whose values sum to zero has no defined
//     proportions; metrics that need them return NaN, written as null in JSON.
//   - "Unclassified" is never dropped silently: an explicit unclassified row
//     (MetaPhlAn UNKNOWN/UNCLASSIFIED, Kraken U …) is stored per sample in
//     Table.Unclassified, outside the features, and features whose lineage is
//     unassigned even at domain level are flagged Feature.Unassigned.
//
// Nothing in this package tree may import syscall/js, go-app or any browser
// or server code; deps_test.go enforces the import policy.
package analysis
