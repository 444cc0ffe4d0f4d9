import { describe, expect, test } from 'vitest';
import { needsPythonHome, pythonArgs, pythonEnv } from '../../src/python/python-env.js';
import type { PythonLayout } from '../../src/python/python-layout.js';

const debian: PythonLayout = {
  root: '/r',
  interpreter: '/usr/bin/python3.11',
  links: [],
  version: { major: 3, minor: 11 },
  prefix: '/usr',
  stdlib: '/usr/lib/python3.11',
  libDynload: '/usr/lib/python3.11/lib-dynload',
  sitePackages: ['/usr/lib/python3/dist-packages'],
  landmark: '/usr/lib/python3.11/os.py',
  cacheTag: 'cpython-311',
};

describe('pythonEnv / pythonArgs', () => {
  test('Debian layout: no bytecode writes, no user site; each off when the user asks for it', () => {
    expect(pythonEnv(debian)).toEqual([['PYTHONDONTWRITEBYTECODE', '1'], ['PYTHONNOUSERSITE', '1']]);
    expect(pythonEnv(debian, { writeBytecode: true })).toEqual([['PYTHONNOUSERSITE', '1']]);
    expect(pythonEnv(debian, { writeBytecode: true, userSite: true })).toEqual([]);
  });

  test('HOME when the planner found one', () => {
    expect(pythonEnv(debian, { home: '/root' })).toEqual([['HOME', '/root'], ['PYTHONDONTWRITEBYTECODE', '1'], ['PYTHONNOUSERSITE', '1']]);
  });

  test('PYTHONHOME only when the stdlib is not above the interpreter', () => {
    const odd: PythonLayout = { ...debian, interpreter: '/opt/py/bin/python3.11' };
    expect(needsPythonHome(debian)).toBe(false);
    expect(pythonEnv(odd)).toEqual([['PYTHONDONTWRITEBYTECODE', '1'], ['PYTHONHOME', '/usr'], ['PYTHONNOUSERSITE', '1']]);
  });

  test('argv[0] is the interpreter\'s full guest path', () => {
    expect(pythonArgs(debian, '/app/main.py', ['--n', '3'])).toEqual(['/usr/bin/python3.11', '/app/main.py', '--n', '3']);
  });
});
