// -v meant --verbose before it meant --volume: where a usage error follows a -v, say so.
export const volumeFlagHint = '-v mounts a volume (-v SRC:GUESTDIR, as in docker); verbose output is --verbose';
