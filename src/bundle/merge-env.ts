// The guest environment: what minops recommends, then the user's, the user winning.

/** Recommended variables first, minus any the user sets, then the user's in their order. */
export function mergeEnv(recommended: readonly (readonly [string, string])[], user: readonly (readonly [string, string])[]): [string, string][] {
  const userKeys = new Set(user.map(([k]) => k));
  return [...recommended.filter(([k]) => !userKeys.has(k)), ...user].map(([k, v]) => [k, v]);
}
