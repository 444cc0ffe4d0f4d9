import { execFileSync } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { shellQuote } from '../../src/shell-quote.js';
import { testWith } from '../support/needs.js';
import { needCommand } from '../support/machine-needs.js';

const hostile = ['plain', '', 'a b', "it's", 'file=/tmp/x,y.img', '$HOME', '`id`', 'a\nb', 'tab\there', '\\back', '"q"', '*', 'é ü', "\x01'\\"];

describe('shellQuote', () => {
  test('leaves plain words alone and quotes the rest', () => {
    expect(shellQuote(['qemu-system-x86_64', '-m', '512M', '-drive', 'file=/tmp/a b.img,if=none'])).toBe("qemu-system-x86_64 -m 512M -drive 'file=/tmp/a b.img,if=none'");
    expect(shellQuote(["it's", ''])).toBe(`'it'\\''s' ''`);
    expect(shellQuote(['a\nb'])).toBe("$'a\\nb'");
  });

  testWith([needCommand('bash')], 'bash reads every quoted argument back exactly (needs bash)', () => {
    const out = execFileSync('bash', ['-c', `printf '%s\\0' ${shellQuote(hostile)}`], { encoding: 'utf8' });
    expect(out.split('\0').slice(0, -1)).toEqual(hostile);
  });
});
