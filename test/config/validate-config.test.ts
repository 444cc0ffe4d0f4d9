import { describe, expect, test } from 'vitest';
import { parseJson } from '../../src/config/parse-json.js';
import { validateConfig } from '../../src/config/validate-config.js';

const validate = (text: string) => validateConfig(parseJson(text));
const messages = (problems: readonly { message: string }[]) => problems.map((p) => p.message);

describe('validateConfig', () => {
  test('a real ops config is read with ops meaning', () => {
    const { config, errors, warnings } = validate(`{
      "Args": ["--port", "8080"],
      "Env": {"DEBUG": "1", "OPTS": "a=b"},
      "Files": ["data.csv"],
      "Dirs": ["static"],
      "MapDirs": {"/etc/ssl/certs/*": "/etc/ssl/certs"},
      "ManifestPassthrough": {"exec_protection": "t", "consoles": ["+net", "-vga"], "ltrace": {}},
      "BaseVolumeSz": "100m",
      "Kernel": "kernels/kernel.img",
      "Boot": "kernels/boot.img",
      "KlibDir": "kernels/klibs",
      "Klibs": ["ntp"],
      "NanosVersion": "0.1.52",
      "TargetRoot": "rootfs",
      "RunConfig": {"Memory": "2G", "CPUs": 2, "Ports": ["8080", "9000-9002"], "UDPPorts": ["53"], "Accel": false, "Verbose": true}
    }`);
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      Args: ['--port', '8080'],
      Env: { DEBUG: '1', OPTS: 'a=b' },
      Files: ['data.csv'],
      Dirs: ['static'],
      MapDirs: { '/etc/ssl/certs/*': '/etc/ssl/certs' },
      ManifestPassthrough: { exec_protection: 't', consoles: ['+net', '-vga'], ltrace: {} },
      BaseVolumeSz: '100m',
      Kernel: 'kernels/kernel.img',
      Boot: 'kernels/boot.img',
      KlibDir: 'kernels/klibs',
      Klibs: ['ntp'],
      NanosVersion: '0.1.52',
      TargetRoot: 'rootfs',
      RunConfig: { Memory: '2G', CPUs: 2, Ports: ['8080', '9000-9002'], UDPPorts: ['53'], Accel: false, Verbose: true },
    });
  });

  test('the Minops section', () => {
    const { config, errors } = validate(`{
      "$schema": "./config.schema.json",
      "Minops": {"Rootfs": "podman:python:3.12-slim", "Slim": "stdlib", "Include": ["/usr/lib/**/json/**"],
                 "Exclude": ["**/test/**"], "Python": {"WriteBytecode": false, "Interpreter": "/usr/bin/python3"},
                 "Accel": "tcg", "Machine": "microvm", "Timeout": 30, "Mkfs": "/opt/mkfs", "Label": "app",
                 "Uuid": "01234567-89ab-cdef-0123-456789abcdef", "KernelDir": "k"}
    }`);
    expect(errors).toEqual([]);
    expect(config.Minops?.Rootfs).toBe('podman:python:3.12-slim');
    expect(config.Minops?.Python).toEqual({ WriteBytecode: false, Interpreter: '/usr/bin/python3' });
  });

  test('a typo in a key names the key, its JSON path, its line:col and the closest known key', () => {
    const { errors } = validate('{\n  "MapsDirs": {},\n  "RunConfig": {\n    "Memroy": "1G"\n  }\n}');
    expect(errors).toEqual([
      { path: 'MapsDirs', pos: { line: 2, column: 3 }, message: 'MapsDirs: unknown key; did you mean "MapDirs"?' },
      { path: 'RunConfig.Memroy', pos: { line: 4, column: 5 }, message: 'RunConfig.Memroy: unknown key; did you mean "RunConfig.Memory"?' },
    ]);
  });

  test('an unknown key with nothing close lists the known keys of its section', () => {
    const { errors } = validate('{"Minops": {"Python": {"Zzzzzzzzzzzz": 1}}}');
    expect(messages(errors)).toEqual(['Minops.Python.Zzzzzzzzzzzz: unknown key; known keys here: WriteBytecode, Interpreter']);
  });

  test('every error is collected, each with its path', () => {
    const { errors } = validate(`{
      "Args": "python app.py",
      "Env": {"PORT": 8080, "OK": "yes"},
      "Files": ["a", 3],
      "RunConfig": {"Memory": "lots", "CPUs": 0, "Ports": ["80", "http"], "Accel": "yes"},
      "Minops": {"Rootfs": "docker:python", "Slim": "imprts", "Timeout": 1.5}
    }`);
    expect(messages(errors)).toEqual([
      'Args: must be an array of strings, not a string',
      'Env.PORT: must be a string, not a number (write "8080")',
      'Files[1]: must be a string, not a number',
      'RunConfig.Memory: "lots" is not a memory size; write a number of MiB (512) or use M or G (512M, 2G)',
      'RunConfig.CPUs: 0 is less than 1',
      'RunConfig.Ports[1]: "http" is not a port; write PORT, FIRST-LAST or HOST:GUEST (ports 1-65535)',
      'RunConfig.Accel: must be true or false, not a string',
      'Minops.Rootfs: unknown rootfs source "docker:python"; did you mean "docker-daemon:python"? write TRANSPORT:VALUE with TRANSPORT one of dockerfile, docker-daemon, podman, docker-archive, oci-archive, oci, dir, or just "host"',
      'Minops.Slim: "imprts" is not one of none, stdlib, imports, probe; did you mean "imports"?',
      'Minops.Timeout: must be a whole number, not a number',
    ]);
  });

  test('keys that differ only in case are read as ops reads them, with a warning', () => {
    const { config, errors, warnings } = validate('{"args": ["x"], "runconfig": {"memory": "1G"}}');
    expect(errors).toEqual([]);
    expect(config).toEqual({ Args: ['x'], RunConfig: { Memory: '1G' } });
    expect(messages(warnings)).toEqual([
      'args: read as "Args" (ops ignores case in keys); write "Args"',
      'runconfig: read as "RunConfig" (ops ignores case in keys); write "RunConfig"',
      'RunConfig.memory: read as "Memory" (ops ignores case in keys); write "Memory"',
    ]);
  });

  test('ops keys minops does not use are accepted with a warning', () => {
    const { errors, warnings } = validate('{"CloudConfig": {"Platform": "gcp", "Anything": 1}, "RunConfig": {"Bridged": true}, "NameServers": ["1.1.1.1"]}');
    expect(errors).toEqual([]);
    expect(messages(warnings)).toEqual([
      'CloudConfig: is an ops setting that minops does not use; ignored',
      'RunConfig.Bridged: is an ops setting that minops does not use; ignored',
      'NameServers: is an ops setting that minops does not use; ignored',
    ]);
  });

  test('null means "not set", as in Go', () => {
    expect(validate('{"Args": null, "RunConfig": {"Memory": null}}')).toEqual({ config: { RunConfig: {} }, errors: [], warnings: [] });
  });

  test('a duplicate key warns and the last value wins', () => {
    const { config, warnings } = validate('{"Args": ["a"], "Args": ["b"]}');
    expect(config.Args).toEqual(['b']);
    expect(messages(warnings)).toEqual(['Args: given more than once; the last one wins']);
  });

  test('the top level must be an object', () => {
    expect(messages(validate('[1]').errors)).toEqual(['must be an object, not an array']);
  });

  test('$schema must be a string when present', () => {
    expect(messages(validate('{"$schema": 1}').errors)).toEqual(['$schema: must be a string, not a number']);
  });
});
