package view

// The column-mapping step (issue 3): reading a delimited text file the way
// the user says. Package format reads files with these; the UI edits them.

// MappedFormat is the format name of a table read with a Mapping, and
// MappedTitle its readable name.
const (
	MappedFormat = "csv-mapped"
	MappedTitle  = "CSV or TSV table read with your column mapping"
)

// Layouts of a Mapping.
const (
	LayoutWide = "wide" // one axis taxa, the other samples
	LayoutLong = "long" // one row per (taxon, sample, value)
)

// Orientations of a wide table.
const (
	OrientTaxaInRows    = "taxa-in-rows"
	OrientSamplesInRows = "samples-in-rows"
)

// A Mapping says which columns of delimited text hold what. Columns are
// 0-based indices into the header.
//
//   - LayoutWide, OrientTaxaInRows (the default): TaxonColumn names the
//     taxon of each row; each of ValueColumns is one sample, named by its
//     header (a single value column headed like "Percentage" or "Reads" is
//     named after the file). A consumer export is this with one column.
//   - LayoutWide, OrientSamplesInRows: SampleColumn names the sample of
//     each row; each of ValueColumns is one taxon, named by its header.
//   - LayoutLong: TaxonColumn, SampleColumn and ValueColumn.
//
// Other columns are ignored. Empty and NA cells read as 0.
type Mapping struct {
	Layout       string `json:"layout,omitempty"` // LayoutWide ("") or LayoutLong
	TaxonColumn  int    `json:"taxon_column"`
	SampleColumn int    `json:"sample_column"`
	ValueColumn  int    `json:"value_column"`
	ValueColumns []int  `json:"value_columns,omitempty"`
	Orientation  string `json:"orientation,omitempty"` // wide: OrientTaxaInRows ("") or OrientSamplesInRows
	// Unit overrides the guessed unit: "counts", "percent", "fraction",
	// "per-million" or "abundance"; "" guesses as Decode does.
	Unit string `json:"unit,omitempty"`
	// DecimalComma reads "12,5" as 12.5. A trailing "%" on a value is
	// always allowed, and read as percent.
	DecimalComma bool `json:"decimal_comma,omitempty"`
	// Thousands is the separator between groups of three digits in the
	// values: "" (none), ",", ".", " " or "'" ("1,234", "1.234,5", "1 234").
	Thousands string `json:"thousands,omitempty"`
	// HeaderLine is the 1-based line of the file that holds the header;
	// the lines above it (a title, a lab's preamble) are skipped. 0 finds
	// it as Preview does.
	HeaderLine int `json:"header_line,omitempty"`
}

// A Reading says how to read one file instead of detecting: exactly one of
// a column Mapping, a mothur .shared Label, or the Orientation of a
// generic CSV/TSV table (OrientTaxaInRows or OrientSamplesInRows).
type Reading struct {
	Mapping     *Mapping `json:"mapping,omitempty"`
	Label       string   `json:"label,omitempty"`
	Orientation string   `json:"orientation,omitempty"`
}

// A TablePreview is the start of a delimited text file, for the column-mapping
// step.
type TablePreview struct {
	Delimiter string     `json:"delimiter"` // ",", "\t" or ";"
	Header    []string   `json:"header"`
	Rows      [][]string `json:"rows"`   // the first PreviewRows data rows, as in the file
	NRows     int        `json:"n_rows"` // data rows in the file
	// Numeric says per column whether its cells (beyond the header) are
	// numbers; DecimalComma whether they are written with decimal commas.
	Numeric      []bool `json:"numeric"`
	DecimalComma bool   `json:"decimal_comma"`
	// Roles is the guessed role of each column: "taxon", "sample",
	// "value" or "" (ignored); Guess the same as a Mapping.
	Roles []string `json:"roles"`
	Guess Mapping  `json:"guess"`
	// Format is what Decode reads the file as ("" when no reader knows it);
	// Labels and DefaultLabel are set for a mothur .shared file.
	Format       string   `json:"format,omitempty"`
	Labels       []string `json:"labels,omitempty"`
	DefaultLabel string   `json:"default_label,omitempty"`

	// HeaderLine is the 1-based line the header was read from: found
	// below a title or preamble, or the line the caller chose. Preamble
	// holds the lines above it (at most 50), to show as skipped and to
	// offer as another header line.
	HeaderLine int      `json:"header_line"`
	Preamble   []string `json:"preamble,omitempty"`
	// Decimal (".", ",") and Thousands ("", ",", ".", " ", "'") say how
	// the numeric columns write numbers, decided from all their cells
	// (Guess has the same). NumberNote says why in words when it is not
	// plain "1234.5"; NumberAmbiguous is set when the cells allow several
	// readings ("1,234": 1234 or 1.234) or fit no single one: the UI should
	// show NumberNote and ask.
	Decimal         string `json:"decimal"`
	Thousands       string `json:"thousands,omitempty"`
	NumberNote      string `json:"number_note,omitempty"`
	NumberAmbiguous bool   `json:"number_ambiguous,omitempty"`
	// Units says per column what its cells say of their unit: "percent"
	// when they carry a % sign ("12,5 %"), else "". A mapped reading of
	// such values is in percent.
	Units []string `json:"units"`
	// Skipped lists the rows, among those previewed, that the guessed
	// mapping leaves out, e.g. `line 14: "Totaal" (a total row)`.
	Skipped []string `json:"skipped,omitempty"`
}
