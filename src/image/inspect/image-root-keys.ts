// The root tuple of an image without `children`: what the kernel reads to run the program
// (program, arguments, environment, …), as a manifest tuple. Integers (which the kernel writes)
// become decimal strings, as the manifest text has no other number form.
import { tuple, vector, type ManifestTuple, type ManifestValue } from '../../manifest/tuple.js';
import { tfsText, type TfsTuple, type TfsValue } from '../tfs/value.js';

const toManifest = (v: TfsValue): ManifestValue => {
  if (typeof v === 'string') return v;
  switch (v.kind) {
    case 'int':
      return v.value.toString();
    case 'buffer':
      return tfsText(v)!;
    case 'vector':
      return vector(v.items.map(toManifest));
    case 'tuple':
      return tuple([...v.entries].map(([k, x]) => [k, toManifest(x)]));
  }
};

export function imageRootKeys(root: TfsTuple): ManifestTuple {
  return tuple([...root.entries].filter(([k]) => k !== 'children').map(([k, v]) => [k, toManifest(v)]));
}
