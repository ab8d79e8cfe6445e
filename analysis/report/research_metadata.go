package report

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"sort"

	"github.com/gutlens/gutlens/analysis/format"
)

// SampleMetadata holds the sample metadata of a file: for each field, the
// value of each sample ("" when a sample has none).
type SampleMetadata struct {
	Fields []string                     `json:"fields"` // sorted
	Values map[string]map[string]string `json:"values"` // field → sample → value
}

// MetadataMaxLevels is the most distinct values a field may have to be
// offered for colouring: one colour each.
const MetadataMaxLevels = 8

// ReadSampleMetadata returns the column (sample) metadata of a BIOM 1.0
// JSON file among files (gzip or not) with string or number values, or
// nil when there is none. (analysis.Table does not carry sample metadata;
// this reads it beside the parser.)
func ReadSampleMetadata(files []format.Input) *SampleMetadata {
	for _, f := range files {
		data := f.Data
		if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
			zr, err := gzip.NewReader(bytes.NewReader(data))
			if err != nil {
				continue
			}
			if data, err = io.ReadAll(io.LimitReader(zr, format.MaxInputBytes)); err != nil {
				continue
			}
		}
		t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n")
		if len(t) == 0 || t[0] != '{' {
			continue
		}
		var doc struct {
			Columns []struct {
				ID       string                     `json:"id"`
				Metadata map[string]json.RawMessage `json:"metadata"`
			} `json:"columns"`
		}
		if json.Unmarshal(t, &doc) != nil {
			continue
		}
		m := &SampleMetadata{Values: map[string]map[string]string{}}
		for _, c := range doc.Columns {
			for k, raw := range c.Metadata {
				var v any
				if json.Unmarshal(raw, &v) != nil {
					continue
				}
				var s string
				switch x := v.(type) {
				case string:
					s = x
				case float64, bool:
					s = string(bytes.TrimSpace(raw))
				default:
					continue
				}
				if m.Values[k] == nil {
					m.Values[k] = map[string]string{}
					m.Fields = append(m.Fields, k)
				}
				m.Values[k][c.ID] = s
			}
		}
		if len(m.Fields) == 0 {
			return nil
		}
		sort.Strings(m.Fields)
		return m
	}
	return nil
}

// Levels returns the distinct values of a field in sorted order.
func (m *SampleMetadata) Levels(field string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range m.Values[field] {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	sort.Strings(out)
	return out
}
