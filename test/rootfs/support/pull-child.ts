// Run as a child process by interrupt.test.ts: pulls an oci:DIR into a cache and says "progress"
// on stdout once 16 MiB went through, so the parent can SIGKILL it mid-extraction.
import { pullRootfs } from '../../../src/rootfs/pull-rootfs.js';

const [dir, cacheDir] = process.argv.slice(2);
let said = false;
await pullRootfs(
  { kind: 'oci', dir: dir! },
  {
    cacheDir,
    onEvent: (e) => {
      if (e.kind === 'progress' && e.done >= 16 << 20 && !said) {
        said = true;
        process.stdout.write('progress\n');
        // Give the parent time to kill us while we are still extracting.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 2000);
      }
    },
  },
);
process.stdout.write('done\n');
