package health

import (
	"io/fs"
	"os"
	"strings"
	"testing"
)

// ownData are the files in data/ that Gutlens wrote itself (texts,
// statements, the knowledge base) or that document the others.
var ownData = map[string]bool{
	"README.md": true, "NOTICE.txt": true, "LICENSE.GMWI2-MIT.txt": true,
	"knowledge.json": true, "statements.json": true,
	"enterotype/README.md": true, "enterotype/statements.json": true,
}

// TestNoticesNameEveryThirdPartyFile: every data file made from someone
// else's work is attributed in data/NOTICE.txt, so a new one cannot ship
// without its source and licence.
func TestNoticesNameEveryThirdPartyFile(t *testing.T) {
	n := Notices()
	found := 0
	err := fs.WalkDir(os.DirFS("data"), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || ownData[p] || strings.HasPrefix(p, "text/") {
			return err
		}
		found++
		if !strings.Contains(n, p) {
			t.Errorf("data/%s is not attributed in data/NOTICE.txt", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if found < 7 {
		t.Errorf("%d third-party data files, want at least the 7 this package ships", found)
	}
}

// TestNoticesCarryGMWI2Licence: the MIT licence requires its copyright and
// permission notice with every copy of the coefficients.
func TestNoticesCarryGMWI2Licence(t *testing.T) {
	n := Notices()
	for _, s := range []string{"Copyright (c) 2023 Daniel Chang", "Permission is hereby granted, free of charge",
		"The above copyright notice and this permission notice shall be included", gmwi2Licence} {
		if !strings.Contains(n, s) {
			t.Errorf("Notices() lacks %q", s)
		}
	}
}
