// Everything in a tree that the printer refuses to write, collected with its path so the user
// sees all of it at once.
import { formatManifestPath, type ManifestStep } from './manifest-path.js';
import { nameProblem } from './names.js';
import type { ManifestValue } from './tuple.js';
import { loneSurrogateIndex } from './utf8-scan.js';

export interface ManifestProblem {
  /** Where in the tree, as formatManifestPath renders it. */
  path: string;
  message: string;
}

/** Names that are not valid Nanos file names, and strings that have no UTF-8 form. */
export function manifestProblems(root: ManifestValue): ManifestProblem[] {
  const problems: ManifestProblem[] = [];
  const visit = (value: ManifestValue, steps: ManifestStep[]): void => {
    if (typeof value === 'string') {
      if (loneSurrogateIndex(value) >= 0) {
        problems.push({ path: formatManifestPath(steps), message: 'the value is not valid UTF-8 (it holds a lone surrogate)' });
      }
    } else if (value.kind === 'vector') {
      value.items.forEach((item, index) => visit(item, [...steps, { index }]));
    } else {
      for (const [key, child] of value.entries) {
        const problem = nameProblem(key);
        const here: ManifestStep[] = [...steps, { key }];
        if (problem) problems.push({ path: formatManifestPath(here), message: `the name ${JSON.stringify(key)} ${problem}` });
        visit(child, here);
      }
    }
  };
  visit(root, []);
  return problems;
}
