// QEMU's `key=value,key=value` option lists. A comma inside a value must be doubled, or QEMU reads
// the rest as another option; every list in argv/ goes through here so none is missed.

export type OptValue = string | number | boolean | undefined;

/** Renders entries in the given order; `true` renders the bare key, false/undefined are dropped. */
export function optList(entries: readonly (readonly [string, OptValue])[]): string {
  return entries
    .filter(([, v]) => v !== undefined && v !== false)
    .map(([k, v]) => (v === true ? k : `${k}=${String(v).replaceAll(',', ',,')}`))
    .join(',');
}

/** A leading type (`virtio-scsi-pci`, `user`) followed by its options. */
export function typedOptList(type: string, entries: readonly (readonly [string, OptValue])[]): string {
  const rest = optList(entries);
  return rest ? `${type},${rest}` : type;
}
