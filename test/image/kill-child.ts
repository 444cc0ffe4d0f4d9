// Child process for the SIGKILL test: writes images of two versions to OUT, alternating, forever,
// until it is killed. Usage: node --import tsx kill-child.ts OUT DATA_A DATA_B
import { writeImage } from '../../src/image/write-image.js';
import { tuple } from '../../src/manifest/tuple.js';

const [out, dataA, dataB] = process.argv.slice(2) as [string, string, string];
const manifest = (version: 'A' | 'B') =>
  tuple([
    ['children', tuple([['data', tuple([['contents', tuple([['host', version === 'A' ? dataA : dataB]])]])]])],
    ['version', version],
  ]);

process.stdout.write('ready\n');
for (let i = 0; ; i++) await writeImage({ root: manifest(i % 2 === 0 ? 'B' : 'A'), out });
