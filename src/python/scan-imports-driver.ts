// Python run by the ROOTFS's interpreter (never the host's): a static import-graph walk of the
// user's script with the rootfs stdlib's own modulefinder. The script is never executed.
// Works on Python 3.6+ (modulefinder, json, sys only).
//
// argv[1] is JSON {script, path, userDirs}. `path` replaces sys.path[0]. When `userDirs` is a
// list, only modules under those dirs (and the script) have their imports walked: library modules
// are then found but not entered (their own imports are traced by really importing them). When it
// is null, everything is walked (the conservative 'graph' method).
// Prints one JSON object:
//   startup: sys.modules before the driver imported anything (the start-up set), [name, file, isPackage]
//   frozen:  modules frozen into the interpreter (_imp._frozen_module_names, Python >= 3.11)
//   modules: what was found, [name, file, isPackage, first importer]
//   missing: names modulefinder could not find, [name, [importers]]; "from pkg import attr"
//            names that may be attributes of pkg are left out
// or, when the script does not compile, only syntaxError: [file, line, column, message].
export const SCAN_IMPORTS_DRIVER = String.raw`
import sys
_startup = [(n, getattr(m, '__file__', None), hasattr(m, '__path__')) for n, m in sorted(sys.modules.items())]
import json, modulefinder, os

params = json.loads(sys.argv[1])
user_dirs = params['userDirs']
if user_dirs is not None:
    user_dirs = [os.path.join(d, '') for d in user_dirs]

class Finder(modulefinder.ModuleFinder):
    def __init__(self, *a, **k):
        modulefinder.ModuleFinder.__init__(self, *a, **k)
        self.callers = []
        self.importer = {}
    def import_hook(self, name, caller=None, fromlist=None, level=-1):
        self.callers.append(caller.__name__ if caller is not None else None)
        try:
            return modulefinder.ModuleFinder.import_hook(self, name, caller, fromlist, level)
        finally:
            self.callers.pop()
    def load_module(self, fqname, fp, pathname, file_info):
        if fqname not in self.importer:
            self.importer[fqname] = self.callers[-1] if self.callers else None
        return modulefinder.ModuleFinder.load_module(self, fqname, fp, pathname, file_info)
    def scan_code(self, co, m):
        if user_dirs is None or m.__name__ == '__main__' or (m.__file__ and any(m.__file__.startswith(d) for d in user_dirs)):
            return modulefinder.ModuleFinder.scan_code(self, co, m)

finder = Finder(path=params['path'] + sys.path[1:])
try:
    finder.run_script(params['script'])
except SyntaxError as e:
    sys.stdout.write(json.dumps({'syntaxError': [e.filename, e.lineno, e.offset, e.msg]}))
    sys.exit(0)
modules = [[n, m.__file__, m.__path__ is not None, finder.importer.get(n)]
           for n, m in sorted(finder.modules.items()) if n != '__main__']
# "from pkg import name" where name is an attribute, not a submodule, is only "maybe" missing.
_missing, _maybe = finder.any_missing_maybe()
missing = [[n, sorted(k for k in finder.badmodules[n] if k != '-')] for n in sorted(_missing)]
import _imp
frozen = sorted(getattr(_imp, '_frozen_module_names', lambda: [])())
sys.stdout.write(json.dumps({'startup': _startup, 'sysPath': sys.path, 'modules': modules, 'missing': missing, 'frozen': frozen}))
`;

export type ModuleRow = [name: string, file: string | null, isPackage: boolean, importer: string | null];

export interface ScanOutput {
  readonly syntaxError?: [file: string, line: number | null, column: number | null, message: string];
  readonly startup: readonly [name: string, file: string | null, isPackage: boolean][];
  readonly sysPath: readonly string[];
  readonly modules: readonly ModuleRow[];
  readonly missing: readonly [name: string, importers: string[]][];
  /** Modules frozen into the interpreter binary (Python ≥ 3.11), so their files are never read. */
  readonly frozen?: readonly string[];
}
