package main

import (
	"os"

	"github.com/gutlens/gutlens/analysis/format"
)

// scigolib/hdf5 opens files only by name, so natively BIOM 2.x bytes are
// handed to it as a temporary file, removed when the reader is done (see
// format.HDF5Opener; in the browser the engine serves them from memory).
func init() { format.HDF5Opener = tempHDF5 }

func tempHDF5(data []byte) (name string, release func(), err error) {
	f, err := os.CreateTemp("", "gutlens-*.h5")
	if err != nil {
		return "", nil, err
	}
	name = f.Name()
	release = func() { os.Remove(name) }
	if _, err := f.Write(data); err != nil {
		f.Close()
		release()
		return "", nil, err
	}
	if err := f.Close(); err != nil {
		release()
		return "", nil, err
	}
	return name, release, nil
}
