// SHA-256 of official release tarballs we have verified ourselves. A download whose digest
// differs from its pinned value is refused. Versions not listed are accepted and their digest is
// recorded next to the kernel (minops-release.json) so later runs can be compared.
// Nanos publishes only an MD5 beside each tarball (release.sh), so these come from us, not upstream.
// None is listed yet: the machine this was written on had no access to the release server.

export const PINNED_RELEASE_SHA256: Readonly<Record<string, string>> = {};
