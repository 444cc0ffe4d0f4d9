// Python run by the ROOTFS's interpreter: really import the library modules the script imports
// (never the script or the user's own modules) and report every module that got loaded, with the
// module that first imported it. Nothing but `sys` and `builtins` is imported before the
// snapshot, so a module the driver needs for itself cannot hide another's imports.
//
// A package often imports its own submodules inside functions (email.message_from_string imports
// email.parser when called). Those lazy imports are found after the snapshot, statically
// (modulefinder's opcode scan of every function of every loaded package module), and reported
// as `lazy` so that the next round imports them too. The functions of a module the script
// imports by name are the ones it calls, so their lazy imports of any module are followed
// (collections.Counter.most_common imports heapq, datetime.strptime imports _strptime). A
// third-party module's (a file under argv[3]'s directories) are followed into the stdlib (a
// SQLAlchemy dialect imports sqlite3 when an engine is made), not into other third-party packages
// (matplotlib's functions import IPython, sympy, pytest: tools around it, not what it runs on).
// Elsewhere only imports within the same top-level package count: following every lazy import of
// the stdlib is what makes a full static walk drag in half of it. Names a third-party module
// holds in strings are candidates too: a codec, a module of its own package.
//
// argv[1] is a comma-separated list of module names to import; the lazy candidates of earlier
// rounds come comma-separated on stdin (there can be thousands); argv[2] is the site-packages
// directories joined by ':'. Prints one JSON object:
//   modules: [name, file, isPackage, first importer ('__main__' = asked for directly)]
//   failed:  [name, 'ExceptionType: message'] for argv[1] imports that raised (lazy candidates
//            may fail: `from . import name` can name a function)
//   lazy:    [name, importer] new candidates found in functions, not loaded yet
//   lazyOnly: names loaded only because a lazy candidate was imported
export const TRACE_IMPORTS_DRIVER = String.raw`
import sys, builtins
_wanted = [n for n in sys.argv[1].split(',') if n]
_lazy = [n for n in sys.stdin.read().split(',') if n]
_sites = tuple(d + '/' for d in (sys.argv[2] if len(sys.argv) > 2 else '').split(':') if d)
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
_after_wanted = set(sys.modules)
for _name in _lazy:
    try:
        __import__(_name, globals())
    except BaseException:
        pass
_lazy_only = sorted(set(sys.modules) - _after_wanted)
builtins.__import__ = _orig_import
sys.stdout = _stdout
_rows = [[n, getattr(m, '__file__', None), hasattr(m, '__path__'), _importer.get(n, '__main__')]
         for n, m in sorted(sys.modules.items()) if n not in _before and m is not None]

# From here on the driver may import what it likes: the rows are taken.
import json, modulefinder, importlib.util, re
_dotted = re.compile(r'^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$')
# Codec names as the encodings package resolves them: its modules, and its aliases.
import encodings, encodings.aliases, pkgutil
_codecs = {m.name: m.name for m in pkgutil.iter_modules(encodings.__path__) if m.name not in ('aliases',)}
_codecs.update({a: m for a, m in encodings.aliases.aliases.items() if m in _codecs})
_known = _before | set(r[0] for r in _rows) | set(_lazy)
_third_party = {}
def _is_third_party(top):
    if top not in _third_party:
        try:
            spec = importlib.util.find_spec(top)
        except Exception:
            spec = None
        origin = (spec.origin or '') if spec is not None else ''
        locations = list(spec.submodule_search_locations or []) if spec is not None else []
        _third_party[top] = spec is None or any(p.startswith(_sites) for p in [origin] + locations)
    return _third_party[top]
_finder = modulefinder.ModuleFinder(path=[])
_found = {}
def _nested(co):
    for c in co.co_consts:
        if hasattr(c, 'co_code'):
            yield c
            for d in _nested(c):
                yield d
for _name, _file, _is_pkg, _ in _rows:
    if not _file or not _file.endswith('.py'):
        continue
    _crossing = _name in _wanted
    _third = bool(_sites) and _file.startswith(_sites)
    _into_stdlib = _third and not _crossing
    _top = _name.split('.')[0]
    _package = _name if _is_pkg else _name.rpartition('.')[0]
    try:
        with open(_file, 'rb') as f:
            _code = compile(f.read(), _file, 'exec', dont_inherit=True)
    except Exception:
        continue
    # Names a third-party module holds in strings: a codec (codecs load by name: werkzeug's
    # part.decode('idna')), a module of its own package (matplotlib's table of backends per file
    # format: 'matplotlib.backends.backend_svg'). The stdlib's own strings name every codec there
    # is (email's charset tables); the codecs it needs at run time are select-modules.ts's.
    for _co in ([_code] + list(_nested(_code))) if _third else ():
        for _c in _co.co_consts:
            if not isinstance(_c, str) or len(_c) > 60:
                continue
            if _third and _c.startswith(_top + '.') and _dotted.match(_c):
                _cand = _c
            else:
                _codec = _codecs.get(_c.lower().replace('-', '_').replace(' ', '_'))
                _cand = 'encodings.' + _codec if _codec else None
            if _cand and _cand not in _known and _cand not in _found:
                _found[_cand] = _name
    if not (_crossing or _into_stdlib or _is_pkg or '.' in _name):
        continue
    for _co in _nested(_code):
        for _what, _args in _finder.scan_opcodes(_co):
            if _what == 'absolute_import':
                _fromlist, _target = _args
            elif _what == 'relative_import':
                _level, _fromlist, _target = _args
                _base = _package.split('.')
                if _level > 1:
                    _base = _base[:-(_level - 1)]
                _target = '.'.join(_base + ([_target] if _target else []))
            else:
                continue
            for _cand in [_target] + [_target + '.' + x for x in (_fromlist or ()) if x != '*']:
                _other = _cand.split('.')[0]
                _follow = _crossing or _other == _top or (_into_stdlib and not _is_third_party(_other))
                if _follow and _cand not in _known and _cand not in _found:
                    _found[_cand] = _name
sys.stdout.write(json.dumps({'modules': _rows, 'failed': _failed, 'lazy': sorted(_found.items()), 'lazyOnly': _lazy_only}))
`;

export interface TraceOutput {
  readonly modules: readonly [name: string, file: string | null, isPackage: boolean, importer: string][];
  readonly failed: readonly [name: string, error: string][];
  readonly lazy: readonly [name: string, importer: string][];
  /** Modules loaded only by importing lazy candidates: needed only if that function runs. */
  readonly lazyOnly: readonly string[];
}
