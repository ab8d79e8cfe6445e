package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
)

// Reading the last file again the way the user says (issue 3): the page's
// column-mapping step, the mothur label and the orientation of a generic
// table. The engine keeps the last analysed files (engine.files), read or
// not, so that
//
//	{"kind": "preview"}                                   → previewAnswer
//	{"kind": "preview", "params": {"header_line": 3}}     → the same, header read from line 3
//	{"kind": "reanalyse", "params": format.Reading}       → the new report's summary, as analyse answers
//
// work on the file the user just dropped.

// withoutReport lists the query kinds that need the last files but no
// report: they must also answer after a file could not be read.
var withoutReport = map[string]bool{"preview": true, "reanalyse": true}

func init() {
	queries["preview"] = func(e *engine, q Query) result { return e.preview(q) }
	queries["reanalyse"] = func(e *engine, q Query) result { return e.reanalyse(q) }
}

// previewAnswer is the answer to a "preview" query.
type previewAnswer struct {
	File    string               `json:"file"`
	Preview *format.TablePreview `json:"preview"`
}

// tableFile picks the file a reading applies to: the only one, or the one
// that is not a taxonomy table (which reanalyse joins again).
func (e *engine) tableFile() (int, error) {
	switch len(e.files) {
	case 0:
		return 0, errors.New("engine: no file is loaded (the engine may have restarted); analyse the file again")
	case 1:
		return 0, nil
	}
	table := -1
	for i, f := range e.files {
		if format.IsTaxonomy(f.Data) {
			continue
		}
		if table >= 0 {
			return 0, errors.New("engine: choosing how to read several tables at once is not supported; drop them one by one")
		}
		table = i
	}
	if table < 0 {
		return 0, errors.New("engine: the files are all taxonomy tables; add the feature table they describe")
	}
	return table, nil
}

// previewParams are the optional params of a "preview" query: the 1-based
// line that holds the header, when the user chose another than the one
// found (0: find it).
type previewParams struct {
	HeaderLine int `json:"header_line"`
}

func (e *engine) preview(q Query) result {
	var pp previewParams
	if len(q.Params) > 0 {
		if err := json.Unmarshal(q.Params, &pp); err != nil || pp.HeaderLine < 0 {
			return result{Error: fmt.Sprintf("engine: bad preview params %s: expected {\"header_line\": N}", q.Params)}
		}
	}
	i, err := e.tableFile()
	if err != nil {
		return result{Error: err.Error()}
	}
	p, err := format.PreviewHeader(e.files[i].Data, pp.HeaderLine)
	if err != nil {
		return result{Error: fmt.Sprintf("%s: %v", e.files[i].Name, err)}
	}
	return marshal(previewAnswer{File: e.files[i].Name, Preview: p})
}

// reanalyse reads the last file as the params say, builds its report and
// answers with the summary, exactly as analyse does; the new report
// replaces the current one. When the file cannot be read so, the current
// report stays.
func (e *engine) reanalyse(q Query) (out result) {
	start := time.Now()
	var how format.Reading
	if len(q.Params) == 0 || json.Unmarshal(q.Params, &how) != nil {
		return result{Error: fmt.Sprintf("engine: bad reanalyse params %s: expected a mapping, a label or an orientation", q.Params)}
	}
	i, err := e.tableFile()
	if err != nil {
		return result{Error: err.Error()}
	}
	f := e.files[i]
	t, name, err := format.DecodeFilesAs(e.files, how)
	if err != nil {
		return result{Error: err.Error()}
	}
	names := make([]string, len(e.files))
	for k, in := range e.files {
		names[k] = in.Name
	}
	r := report.Build(t, strings.Join(names, " + "))
	r.Generator.Engine = "wasm"
	r.Input.Format = name
	r.Input.FormatTitle = format.Title(name)
	if name == format.MappedFormat {
		r.Input.FormatTitle = format.MappedTitle
	}
	e.report, e.compositions = r, map[string]*report.Composition{}
	// Research mode reads sample metadata from the files of the report.
	research = researchData{}
	metaSource.rep, metaSource.files = nil, nil
	if len(f.Data) <= metaMaxBytes {
		metaSource.rep, metaSource.files = r, e.files
	}
	out = marshal(r.Summary())
	out.MS = float64(time.Since(start).Microseconds()) / 1000
	return out
}
