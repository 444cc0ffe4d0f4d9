// Is there a file (or a directory) at this path? For probing kernel directories, where a missing
// or unreadable path just means "not here".
import { statSync } from 'node:fs';

export const isFile = (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
export const isDir = (p: string): boolean => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
