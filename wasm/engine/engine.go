package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/gutlens/gutlens/analysis/format"
	"github.com/gutlens/gutlens/analysis/report"
)

// analyseFunc is the analysis the engine runs; tests replace it.
var analyseFunc = report.AnalyseFiles

// result is what the engine hands back to the worker script.
type result struct {
	JSON  string
	Error string
	MS    float64
}

// engine holds the last analysed file, so the page can ask for parts of
// it (a page of samples …) without the whole report crossing to the UI.
type engine struct {
	report       *report.Report
	compositions map[string]*report.Composition // by rank, computed once
	files        []format.Input                 // the last analysed files, read or not: mapping.go reads them again
}

// analyse runs one job and answers with the report's summary. A panic
// anywhere in the analysis is recovered and returned as an error, so a bad
// file can never kill the engine.
func (e *engine) analyse(files []format.Input, progress report.Progress) (out result) {
	start := time.Now()
	names := make([]string, len(files))
	for i, f := range files {
		names[i] = f.Name
	}
	defer recoverInto(&out, strings.Join(names, " + "))
	e.files = files
	e.report, e.compositions = nil, map[string]*report.Composition{}
	r, err := analyseFunc(files, "wasm", progress)
	if err != nil {
		return result{Error: err.Error()}
	}
	e.report = r
	out = marshal(r.Summary())
	out.MS = float64(time.Since(start).Microseconds()) / 1000
	return out
}

// Query is a request for part of the current report.
type Query struct {
	Kind    string   `json:"kind"`    // "samples", "composition", or a kind in queries
	Samples []string `json:"samples"` // ids
	Rank    string   `json:"rank"`    // for "composition": "phylum" … "species"
	// Params holds the parameters of the other kinds.
	Params json.RawMessage `json:"params,omitempty"`
}

// queries holds the query kinds that other files of this package add from
// init (research views, exports …), by kind.
var queries = map[string]func(e *engine, q Query) result{}

// query answers a Query about the current report.
func (e *engine) query(req string) (out result) {
	defer recoverInto(&out, "query")
	var q Query
	if err := json.Unmarshal([]byte(req), &q); err != nil {
		return result{Error: fmt.Sprintf("engine: bad query %q: %v", req, err)}
	}
	if e.report == nil && !withoutReport[q.Kind] {
		return result{Error: "engine: no file is loaded (the engine may have restarted); analyse the file again"}
	}
	switch q.Kind {
	case "samples":
		return marshal(map[string]any{"samples": e.report.Subset(q.Samples)})
	case "composition":
		c, err := e.composition(q.Rank)
		if err != nil {
			return result{Error: err.Error()}
		}
		return marshal(c.Subset(q.Samples))
	}
	if q.Kind == "health" {
		var p struct {
			Lang string `json:"lang"`
		}
		if len(q.Params) > 0 {
			if err := json.Unmarshal(q.Params, &p); err != nil {
				return result{Error: fmt.Sprintf("engine: bad health params: %v", err)}
			}
		}
		if p.Lang != "nl" {
			p.Lang = "en"
		}
		return marshal(struct {
			Health      *report.HealthView     `json:"health"`
			Enterotypes *report.EnterotypeView `json:"enterotypes"`
		}{report.RenderHealth(e.report.Health, p.Lang, q.Samples), report.RenderEnterotypes(e.report.Enterotypes, p.Lang, q.Samples)})
	}
	if f, ok := queries[q.Kind]; ok {
		return f(e, q)
	}
	return result{Error: fmt.Sprintf("engine: unknown query kind %q", q.Kind)}
}

func marshal(v any) result {
	b, err := json.Marshal(v)
	if err != nil {
		return result{Error: err.Error()}
	}
	return result{JSON: string(b)}
}

func recoverInto(out *result, what string) {
	if p := recover(); p != nil {
		*out = result{Error: fmt.Sprintf("%s: internal error in the analysis engine (please report it): %v", what, p)}
	}
}
