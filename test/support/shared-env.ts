// Vitest setup file: when ../shared is beside the clone (CI, and the developers' machines), point
// minops at its real Nanos kernel and real mkfs, the way a user would with MINOPS_KERNEL_DIR and
// MINOPS_MKFS. A user's clone without ../shared is left as it is.
import { sharedKernelDir, sharedMkfs } from './shared-paths.js';

process.env.MINOPS_KERNEL_DIR ??= sharedKernelDir;
process.env.MINOPS_MKFS ??= sharedMkfs;
