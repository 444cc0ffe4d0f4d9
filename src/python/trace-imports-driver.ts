// Python run by the ROOTFS's interpreter: really import the library modules the script imports
// (never the script or the user's own modules) and report every module that got loaded, with the
// module that first imported it. Nothing but `sys` and `builtins` is imported before the
// snapshot, so a module the driver needs for itself cannot hide another's imports.
//
// argv[1] is a comma-separated list of module names. Prints one JSON object:
//   modules: [name, file, isPackage, first importer ('__main__' = asked for directly)]
//   failed:  [name, 'ExceptionType: message'] for imports that raised
export const TRACE_IMPORTS_DRIVER = String.raw`
import sys, builtins
_wanted = [n for n in sys.argv[1].split(',') if n]
_before = set(sys.modules)
_importer = {}
_orig_import = builtins.__import__
def _tracing_import(name, globals=None, locals=None, fromlist=(), level=0):
    known = set(sys.modules)
    try:
        return _orig_import(name, globals, locals, fromlist, level)
    finally:
        who = (globals or {}).get('__name__')
        for n in set(sys.modules) - known:
            _importer.setdefault(n, who)
builtins.__import__ = _tracing_import
_failed = []
_stdout = sys.stdout
sys.stdout = sys.stderr  # a library printing at import time must not corrupt our JSON
del sys.path[0]          # '' (the cwd): only the rootfs's own path
for _name in _wanted:
    try:
        __import__(_name, globals())
    except BaseException as e:
        _failed.append([_name, '%s: %s' % (type(e).__name__, e)])
builtins.__import__ = _orig_import
sys.stdout = _stdout
_rows = [[n, getattr(m, '__file__', None), hasattr(m, '__path__'), _importer.get(n, '__main__')]
         for n, m in sorted(sys.modules.items()) if n not in _before and m is not None]
import json
sys.stdout.write(json.dumps({'modules': _rows, 'failed': _failed}))
`;

export interface TraceOutput {
  readonly modules: readonly [name: string, file: string | null, isPackage: boolean, importer: string][];
  readonly failed: readonly [name: string, error: string][];
}
