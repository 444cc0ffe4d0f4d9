// What minops knows about a pulled rootfs; stored as record.json beside the tree in the cache.

export interface PythonInfo {
  /** Guest path of the real interpreter, symlinks resolved: "/usr/local/bin/python3.10". */
  path: string;
  /** "3.10", or "3.11.7" when the interpreter itself was asked (host). */
  version: string;
}

export interface RootfsRecord {
  /** Cache key: the image ID's hex digits for images; "host" or "dir-<hash>" for trees used in place. */
  id: string;
  /** The source as the user wrote it ("dockerfile:Dockerfile.rootfs", "host"). */
  source: string;
  /** The image ID ("sha256:…"), for engine and archive sources. */
  imageId?: string;
  /** The manifest digest, when the source has one (OCI archives). */
  digest?: string;
  /** The interpreter found in the tree (guest path) and its version. */
  python?: PythonInfo;
  /** Bytes of regular files (hard links counted once); 0 when not measured (host, and a dir:
   * tree used for a build, whose record has no python either). */
  sizeBytes: number;
  /** Entries other than directories; 0 when not measured. */
  files: number;
  /** ISO 8601 time the tree was made. */
  createdAt: string;
}

export interface PulledRootfs {
  /** The directory to treat as '/' ('/' for host). */
  root: string;
  record: RootfsRecord;
  /** True when the tree came from the cache without extracting anything. */
  cached: boolean;
}
