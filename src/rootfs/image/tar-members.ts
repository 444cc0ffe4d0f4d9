// Reads the member list of an image archive (docker-archive, oci-archive) without extracting it,
// so members can be read later by offset: docker-archive puts manifest.json last. Member names in
// manifests are resolved here, inside the archive only: symlinks are followed only to other
// members, never to a host path.
import fs from 'node:fs';
import path from 'node:path';
import { MinopsError } from '../../errors.js';
import { decodeName } from '../tar/entry-path.js';
import { TarParser } from '../tar/tar-parser.js';

export interface TarMember {
  name: string;
  type: 'file' | 'dir' | 'symlink' | 'other';
  linkname: string;
  offset: number;
  size: number;
}

const normalize = (name: string): string => name.replace(/^(\.\/)+/, '').replace(/\/+$/, '');

/** Every member of a tar file by normalised name (no './' prefix, no trailing '/'). */
export async function indexTarFile(file: string): Promise<Map<string, TarMember>> {
  const members = new Map<string, TarMember>();
  const parser = new TarParser({
    onEntry: (entry) => {
      const name = decodeName(entry.name);
      const linkname = decodeName(entry.linkname) ?? '';
      if (name === null) return null;
      const type = entry.type === '0' || entry.type === '7' ? 'file' : entry.type === '5' ? 'dir' : entry.type === '2' ? 'symlink' : 'other';
      members.set(normalize(name), { name: normalize(name), type, linkname, offset: entry.dataOffset, size: entry.size });
      return null;
    },
  });
  try {
    for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) parser.push(chunk as Buffer);
    parser.end();
  } catch (e) {
    if (e instanceof MinopsError) throw new MinopsError(e.code, `${file}: ${e.message}`, { where: { file }, cause: e });
    throw e;
  }
  return members;
}

/** The regular-file member a manifest names, following in-archive symlinks (podman's layer.tar). */
export function resolveMember(members: ReadonlyMap<string, TarMember>, name: string, file: string): TarMember {
  let current = name;
  for (let hop = 0; hop < 8; hop++) {
    const unsafe = (why: string): MinopsError =>
      new MinopsError('ARCHIVE_UNSAFE', `${file}: the member "${name}" ${why}`, { where: { file, entry: name } });
    if (current.startsWith('/')) throw unsafe(`leads to the absolute path "${current}"; only members of the archive may be named`);
    const normal = path.posix.normalize(current);
    if (normal === '..' || normal.startsWith('../')) throw unsafe(`leads outside the archive ("${current}")`);
    const member = members.get(normalize(normal));
    if (!member) {
      throw new MinopsError('ARCHIVE_INVALID', `${file}: the manifest names "${name}", which is not in the archive`, { where: { file, entry: name } });
    }
    if (member.type === 'file') return member;
    if (member.type !== 'symlink') throw unsafe('is not a regular file');
    current = member.linkname.startsWith('/') ? member.linkname : path.posix.join(path.posix.dirname(member.name), member.linkname);
  }
  throw new MinopsError('ARCHIVE_UNSAFE', `${file}: the member "${name}" is a chain of too many symlinks`, { where: { file, entry: name } });
}
