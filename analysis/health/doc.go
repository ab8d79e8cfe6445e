// Package health computes published gut-health indices and the cited
// functional-group (guild) knowledge base over an analysis.Table.
//
// Every index states the input it was built for and refuses other input
// with a *NotApplicableError (never a panic, never a meaningless number):
//
//	GMHI   Gupta et al. 2020, doi:10.1038/s41467-020-18476-8
//	       MetaPhlAn 2 species relative abundances
//	GMWI2  Chang et al. 2024, doi:10.1038/s41467-024-51651-9
//	       MetaPhlAn 3.0 (mpa_v30_CHOCOPhlAn_201901) clades at every rank
//
// Input that is close to, but not exactly, what an index was built for
// (another MetaPhlAn 3 release, a species table that does not name its
// profiler) gets a value together with a warning; Exact is then false.
//
// Reference percentiles (Percentile, PercentileOf) place a value among a
// named healthy cohort of the same assay and profiler (data/reference,
// made by testdata/reference); the statement catalogue (Statement) and
// the English and Dutch texts (Text) are what the health report in
// analysis/report says, each statement with its evidence grade and
// citations.
//
// The indices are associations learned from case–control cohorts. They
// describe a sample relative to those cohorts; none of them is a medical
// test.
package health
