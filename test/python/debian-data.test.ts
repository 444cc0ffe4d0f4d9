// Data a Debian-packaged module reads by a path in its code, found through the rootfs's dpkg
// database: Debian's matplotlib reads /usr/share/matplotlib/mpl-data and /etc/matplotlibrc, which
// its python-matplotlib-data dependency installs; and it imports its SVG and PDF backends by names
// held in a table of strings. Proved by running the slim tree.
import { describe, expect, test } from 'vitest';
import { parseDpkgStatus, readableData } from '../../src/python/debian-data.js';
import { materialisePlan, runTree } from '../bundle/materialise-plan.js';
import { planSlimScript } from './plan-slim-script.js';
import { debianMatplotlibRootfs } from '../support/debian-rootfs.js';
import { needCommand } from '../support/machine-needs.js';
import { describeWith } from '../support/needs.js';

describe('the dpkg database, read', () => {
  test('status: each package with the first of each set of alternatives it depends on', () => {
    const status = [
      'Package: python3-matplotlib',
      'Version: 3.6.3-1+b1',
      'Depends: python-matplotlib-data (>= 3.6.3), python3-numpy (>= 1:1.22.0) | python3-numpy-abi9,',
      ' python3:any, libc6 (>= 2.34)',
      'Pre-Depends: dpkg',
      'Status: install ok installed',
      '',
      'Package: python-matplotlib-data',
      'Status: install ok installed',
      '',
    ].join('\n');
    const packages = parseDpkgStatus(status);
    expect(packages.get('python3-matplotlib')?.depends).toEqual(['python-matplotlib-data', 'python3-numpy', 'python3', 'libc6', 'dpkg']);
    expect(packages.get('python-matplotlib-data')?.depends).toEqual([]);
  });

  test('what a program may read: /usr/share and /etc, not documentation, manuals or build helpers', () => {
    expect(readableData(['/.', '/etc', '/etc/matplotlibrc', '/usr/share/matplotlib/mpl-data/matplotlibrc', '/usr/share/doc/x/copyright', '/usr/share/man/man1/x.1.gz', '/usr/share/perl5/Debian/Debhelper/Sequence/numpy3.pm', '/usr/lib/x.so'])).toEqual([
      '/etc/matplotlibrc',
      '/usr/share/matplotlib/mpl-data/matplotlibrc',
    ]);
  });
});

describeWith([needCommand('apt-get', 'apt'), needCommand('bwrap', 'bubblewrap')], 'Debian\'s matplotlib (--slim imports)', () => {
  test('draws PNG, SVG and PDF from the slim tree: mpl-data and matplotlibrc come from python-matplotlib-data', async () => {
    const root = debianMatplotlibRootfs();
    const plan = await planSlimScript(root, 'plot.py', [
      'import io, matplotlib',
      'matplotlib.use("Agg")',
      'import matplotlib.pyplot as plt',
      'fig, ax = plt.subplots(); ax.plot([1, 2, 3], [1, 4, 9]); ax.set_title("t")',
      // SVG and PDF: backends matplotlib imports by a name in its table of formats.
      'for fmt in ("png", "svg", "pdf"):',
      '    b = io.BytesIO(); fig.savefig(b, format=fmt); print(fmt, b.getvalue()[:5])',
    ]);
    const rc = plan.entries.find((e) => e.guest === '/usr/share/matplotlib/mpl-data/matplotlibrc');
    expect(rc?.reason).toMatchObject({ kind: 'import', module: 'matplotlib' });
    expect(plan.entries.some((e) => e.guest.startsWith('/usr/share/doc/'))).toBe(false);
    const run = runTree(plan, materialisePlan(plan));
    expect(run.stdout).toBe("png b'\\x89PNG\\r'\nsvg b'<?xml'\npdf b'%PDF-'\n");
  }, 300_000);
});
