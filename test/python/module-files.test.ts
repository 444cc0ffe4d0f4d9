import { describe, expect, test } from 'vitest';
import { chainOf, kindOf, moduleFiles, placeFile } from '../../src/python/module-files.js';
import { moduleName } from '../../src/python/stdlib-files.js';

const root = '/cache/rootfs';
const userDirs = [{ host: '/home/me/proj', guest: '/app' }];

describe('module-files (pure)', () => {
  test('placeFile: a guest path under a user dir comes from the user, any other from the rootfs, no path is no file', () => {
    expect(placeFile('/app/pkg/a.py', root, userDirs)).toEqual({ guest: '/app/pkg/a.py', host: '/home/me/proj/pkg/a.py', user: true });
    expect(placeFile('/usr/lib/python3.11/os.py', root, userDirs)).toEqual({ guest: '/usr/lib/python3.11/os.py', host: '/cache/rootfs/usr/lib/python3.11/os.py', user: false });
    expect(placeFile('/appx/a.py', root, userDirs)).toEqual({ guest: '/appx/a.py', host: '/cache/rootfs/appx/a.py', user: false });
    expect(placeFile('/usr/lib/python3.11/os.py', '/', [])).toEqual({ guest: '/usr/lib/python3.11/os.py', host: '/usr/lib/python3.11/os.py', user: false });
    expect(placeFile('<frozen zipimport>', root, userDirs)).toBeUndefined();
  });

  test('kindOf and moduleName', () => {
    expect(['/a/__init__.py', '/a/b.py', '/a/b.pyc', '/a/_x.cpython-311-x86_64-linux-gnu.so', '/a/data.json'].map(kindOf)).toEqual([
      'package', 'source', 'bytecode', 'extension', 'data',
    ]);
    expect(moduleName('/l/json/__init__.py', '/l')).toBe('json');
    expect(moduleName('/l/json/decoder.py', '/l')).toBe('json.decoder');
    expect(moduleName('/l/lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so', '/l/lib-dynload')).toBe('_ssl');
    expect(moduleName('/l/pydoc_data/_pydoc.css', '/l')).toBe('');
  });

  test('chainOf follows first importers back to __main__ and survives cycles', () => {
    const importer = new Map<string, string | null>([['re', 'json.decoder'], ['json.decoder', 'json'], ['json', '__main__'], ['a', 'b'], ['b', 'a']]);
    expect(chainOf('re', importer)).toEqual(['__main__', 'json', 'json.decoder', 're']);
    expect(chainOf('a', importer)).toEqual(['__main__', 'b', 'a']);
  });

  test('moduleFiles: startup wins over import for the same file; builtins are skipped; a path that is no file is warned', () => {
    const { files, warnings } = moduleFiles(
      [
        { name: 'os', file: '/usr/lib/python3.11/os.py', importer: null, startup: true },
        { name: 'posix', file: null, importer: null, startup: true },
        { name: 'os', file: '/usr/lib/python3.11/os.py', importer: '__main__', startup: false },
        { name: 'json', file: '/usr/lib/python3.11/json/__init__.py', importer: '__main__', startup: false },
        { name: 'odd', file: 'odd.py', importer: '__main__', startup: false },
      ],
      root,
      userDirs,
    );
    expect(files).toEqual([
      { guest: '/usr/lib/python3.11/json/__init__.py', host: `${root}/usr/lib/python3.11/json/__init__.py`, module: 'json', kind: 'package', reason: { kind: 'import', module: 'json', chain: ['__main__', 'json'] } },
      { guest: '/usr/lib/python3.11/os.py', host: `${root}/usr/lib/python3.11/os.py`, module: 'os', kind: 'source', reason: { kind: 'startup', module: 'os' } },
    ]);
    expect(warnings).toEqual(["module odd was found at odd.py, which is no file of the rootfs or the script's directories; not kept"]);
  });
});
