// What a test needs from the machine, and one rule for when it is missing: on a user's clone the
// test shows as skipped with its reason; under CI=true it fails and names what is missing, so a
// CI run never passes by skipping what it was meant to prove.
import { describe, test } from 'vitest';

export const isCI = process.env.CI === 'true';

/** One prerequisite: a name for messages, and why it is not there (undefined when it is). */
export interface Need {
  readonly name: string;
  readonly missing: string | undefined;
}

export const need = (name: string, present: boolean, why = `${name} is not available`): Need => ({
  name,
  missing: present ? undefined : why,
});

const missingOf = (needs: readonly Need[]): string[] => needs.flatMap((n) => (n.missing === undefined ? [] : [n.missing]));

/** `describe`, skipped (outside CI) or failing (under CI=true) when a need is missing. */
export function describeWith(needs: readonly Need[], title: string, body: () => void): void {
  const missing = missingOf(needs);
  if (missing.length === 0) return void describe(title, body);
  if (!isCI) return void describe.skip(`${title} (skipped: ${missing.join('; ')})`, body);
  describe(title, () => {
    test(`prerequisites (CI=true never skips)`, () => {
      throw new Error(`missing under CI=true: ${missing.join('; ')}`);
    });
  });
}

/** `test`, with the same rule as describeWith. */
export function testWith(needs: readonly Need[], title: string, body: () => unknown, timeout?: number): void {
  const missing = missingOf(needs);
  if (missing.length === 0) return void test(title, body, timeout);
  if (!isCI) return void test.skip(`${title} (skipped: ${missing.join('; ')})`, body);
  test(title, () => {
    throw new Error(`missing under CI=true: ${missing.join('; ')}`);
  });
}
