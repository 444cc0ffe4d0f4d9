// A readable address for a value inside a manifest tree, for error messages: a chain of
// `children` reads as a guest path ("/usr/bin/python3"), other keys as ".key", vector items "[i]".

export type ManifestStep = { key: string } | { index: number };

export function formatManifestPath(steps: readonly ManifestStep[]): string {
  let out = '';
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    const next = steps[i + 1];
    if ('index' in step) out += `[${step.index}]`;
    else if (step.key === 'children' && next && 'key' in next) {
      out += `/${next.key}`;
      i++;
    } else out += `.${step.key}`;
  }
  return out === '' ? '/' : out.startsWith('.') ? out.slice(1) : out;
}
