// `minops image manifest`: print the root tuple of a TFS image (program, arguments, environment
// and every other key but `children`) as manifest text, or as JSON with --json.
import { imageRootKeys } from '../../image/inspect/image-root-keys.js';
import { withImage } from '../../image/inspect/with-image.js';
import { printManifest } from '../../manifest/print.js';
import { manifestToJson } from '../../manifest/to-json.js';
import type { Command } from '../io.js';

export interface ImageManifestOptions {
  image: string;
}

export const imageManifestCommand: Command<ImageManifestOptions> = async (options, io) =>
  withImage(options.image, async (image) => {
    const keys = imageRootKeys(image.root.root);
    if (io.json) {
      const fs = (f: typeof image.root) => ({ offset: f.offset, label: f.label, uuid: f.uuid });
      const json = { kind: image.kind, root: fs(image.root), boot: image.boot && fs(image.boot), manifest: manifestToJson(keys) };
      io.out(`${JSON.stringify(json, null, 2)}\n`);
    } else {
      const head = `# ${image.kind} image, root filesystem label "${image.root.label}", UUID ${image.root.uuid}\n`;
      io.out(head + printManifest(keys, { file: image.file, pretty: true }));
    }
    return 0;
  });
