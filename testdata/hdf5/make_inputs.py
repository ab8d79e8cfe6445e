#!/usr/bin/python3
"""Makes the small HDF5 and .qza test inputs of this folder from ../tiny.biom.
Run from testdata/hdf5 with Debian's python3-biom-format 2.1.12 and python3-h5py 3.7:

    biom convert -i ../tiny.biom -o tiny.biom --to-hdf5 --table-type="OTU table"
    /usr/bin/python3 make_inputs.py
"""
import shutil
import zipfile

import biom
import h5py

t = biom.load_table('tiny.biom')
# FeatureTable[RelativeFrequency]: each sample divided by its total.
r = t.norm(axis='sample', inplace=False)
with h5py.File('tiny-relfreq.biom', 'w') as h:
    r.to_hdf5(h, 'test')


def qza(name, uuid, typ, fmt, files):
    """A minimal QIIME 2 archive (no provenance, no checksums)."""
    with zipfile.ZipFile(name, 'w', zipfile.ZIP_DEFLATED) as z:
        z.writestr(uuid + '/metadata.yaml', 'uuid: %s\ntype: %s\nformat: %s\n' % (uuid, typ, fmt))
        z.writestr(uuid + '/VERSION', 'QIIME 2\narchive: 5\nframework: 2022.8.3\n')
        for k, v in files.items():
            z.writestr(uuid + '/' + k, v)


qza('tiny-table.qza', '0d1a4d3e-5c1e-4c36-9e3a-6d2b3c4f5a61', 'FeatureTable[Frequency]', 'BIOMV210DirFmt',
    {'data/feature-table.biom': open('tiny.biom', 'rb').read()})
qza('tiny-relfreq.qza', '1e2b5e4f-6d2f-4d47-8f4b-7e3c4d5f6b72', 'FeatureTable[RelativeFrequency]', 'BIOMV210DirFmt',
    {'data/feature-table.biom': open('tiny-relfreq.biom', 'rb').read()})
tax = 'Feature ID\tTaxon\tConfidence\n'
for oid, md in zip(t.ids('observation'), t.metadata(axis='observation')):
    tax += '%s\t%s\t0.99\n' % (oid, '; '.join(md['taxonomy']))
qza('tiny-taxonomy.qza', '2f3c6f5a-7e3a-4e58-9a5c-8f4d5e6a7c83', 'FeatureData[Taxonomy]', 'TSVTaxonomyDirectoryFormat',
    {'data/taxonomy.tsv': tax})

# A group that hard-links back to the root: a cycle in the HDF5 object graph.
shutil.copy('tiny.biom', 'cycle.biom')
with h5py.File('cycle.biom', 'a') as h:
    h['observation/loop'] = h['/']


# Files that declare more than they hold; each breaks one thing of tiny.biom.
def bad(name, change):
    shutil.copy('tiny.biom', name)
    with h5py.File(name, 'a') as h:
        change(h)


def replace(h, path, values, dtype):
    del h[path]
    h.create_dataset(path, data=values, dtype=dtype)


def bad_shape(h):
    h.attrs['shape'] = [10**9, 10**9]


def bad_indptr(h):
    p = h['sample/matrix/indptr'][:]
    p[2] = 10**6
    replace(h, 'sample/matrix/indptr', p, 'int32')


def bad_indices(h):
    i = h['sample/matrix/indices'][:]
    i[0] = 8
    replace(h, 'sample/matrix/indices', i, 'int32')


def bad_nnz(h):
    h.attrs['nnz'] = 17


def bad_ids(h):
    replace(h, 'sample/ids', [b'S1', b'S2', b'S3'], h5py.string_dtype())


def bad_negative(h):
    d = h['sample/matrix/data'][:]
    d[3] = -1
    replace(h, 'sample/matrix/data', d, 'float64')


bad('bad-shape.biom', bad_shape)
bad('bad-indptr.biom', bad_indptr)
bad('bad-indices.biom', bad_indices)
bad('bad-nnz.biom', bad_nnz)
bad('bad-ids.biom', bad_ids)
bad('bad-negative.biom', bad_negative)

# The same cycle in a file written with the newest object-header format.
with h5py.File('tiny.biom', 'r') as src, h5py.File('cycle-v2.biom', 'w', libver='latest') as dst:
    for k, v in src.attrs.items():
        dst.attrs[k] = v
    for k in src:
        src.copy(src[k], dst, name=k)
    dst['observation/loop'] = dst['/']

# A small seed for the fuzzer: 3 features x 2 samples, contiguous
# uncompressed datasets, newest object headers (about 2 KiB).
with h5py.File('small.biom', 'w', libver='latest') as h:
    h.attrs['format-version'] = [2, 1]
    h.attrs['shape'] = [3, 2]
    h.attrs['nnz'] = 3
    h.attrs['generated-by'] = 'make_inputs.py'
    h.attrs['id'] = 'small'
    h.attrs['type'] = 'OTU table'
    s = h5py.string_dtype()
    h.create_dataset('observation/ids', data=['a', 'b', 'c'], dtype=s)
    h.create_dataset('sample/ids', data=['S1', 'S2'], dtype=s)
    h.create_dataset('observation/metadata/taxonomy', data=[['k__B', 'g__x'], ['k__B', 'g__y'], ['Unassigned', '']], dtype=s)
    # [[1, 0], [0, 2], [3.5, 0]]
    h.create_dataset('observation/matrix/data', data=[1.0, 2.0, 3.5])
    h.create_dataset('observation/matrix/indices', data=[0, 1, 0], dtype='int32')
    h.create_dataset('observation/matrix/indptr', data=[0, 1, 2, 3], dtype='int32')
    h.create_dataset('sample/matrix/data', data=[1.0, 3.5, 2.0])
    h.create_dataset('sample/matrix/indices', data=[0, 2, 1], dtype='int32')
    h.create_dataset('sample/matrix/indptr', data=[0, 2, 3], dtype='int32')

# A global heap collection (where variable-length strings live) that
# declares 3 GiB: scigolib/hdf5 would allocate it before reading.
d = bytearray(open('tiny.biom', 'rb').read())
i = d.find(b'GCOL\x01')
d[i + 8:i + 16] = (3 << 30).to_bytes(8, 'little')
open('bad-heap.biom', 'wb').write(d)
