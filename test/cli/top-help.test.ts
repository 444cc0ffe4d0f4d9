import { describe, expect, test } from 'vitest';
import { main } from '../../src/cli/main.js';
import { topHelp, topHelpWidth } from '../../src/cli/top-help.js';
import { renderTopHelp } from './write-top-help.js';

describe('the pre-rendered `minops --help`', () => {
  test('is exactly what yargs renders (if not: node --import tsx test/cli/write-top-help.ts)', async () => {
    expect(topHelp).toBe(await renderTopHelp());
  });

  test('is what main prints for --help and -h on a wide enough terminal', async () => {
    for (const flag of ['--help', '-h']) {
      let out = '';
      const status = await main([flag], { stdout: Object.assign({ write: (s: string) => (out += s) }, { columns: topHelpWidth }), stderr: { write: () => true }, cwd: '/' });
      expect({ status, out }).toEqual({ status: 0, out: topHelp });
    }
  });

  test('a narrower terminal gets help wrapped by yargs to its width', async () => {
    let out = '';
    await main(['--help'], { stdout: Object.assign({ write: (s: string) => (out += s) }, { columns: 60 }), stderr: { write: () => true }, cwd: '/' });
    expect(out).not.toBe(topHelp);
    expect(Math.max(...out.split('\n').map((l) => l.length))).toBeLessThanOrEqual(60);
  });
});
