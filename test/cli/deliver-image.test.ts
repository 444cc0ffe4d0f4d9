import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { deliverImage } from '../../src/cli/write-cached-image.js';

test('an unchanged image is not copied again; one the user changed is put back', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'minops-deliver-'));
  const cached = path.join(dir, 'cached.img');
  const out = path.join(dir, 'out image.img');
  writeFileSync(cached, 'built image bytes');
  expect(deliverImage(cached, out)).toEqual({ copied: true });
  expect(readFileSync(out, 'utf8')).toBe('built image bytes');
  expect(deliverImage(cached, out)).toEqual({ copied: false });
  writeFileSync(out, 'the guest wrote here');
  expect(deliverImage(cached, out)).toEqual({ copied: true });
  expect(readFileSync(out, 'utf8')).toBe('built image bytes');
});
