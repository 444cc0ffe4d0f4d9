// The prerequisites tests share, as Needs (see needs.ts): each says how to get what is missing.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeSearch, listKernels, tryFindKernel } from '../../src/kernel/find-kernel.js';
import { hasCommand } from './debian-rootfs.js';
import { need, type Need } from './needs.js';
import { sharedDump, sharedPythonImage } from './shared-paths.js';

/** The kernel minops itself would find (the setup file points MINOPS_KERNEL_DIR at ../shared). */
export const kernel = tryFindKernel();
export const needKernel = need('kernel', kernel !== undefined, `no Nanos kernel; looked in:\n${describeSearch(listKernels()).join('\n')}`);
export const needQemu = need('qemu', hasCommand('qemu-system-x86_64'), 'qemu-system-x86_64 is missing (apt-get install qemu-system-x86)');
export const needGcc = need('gcc', hasCommand('gcc'), 'gcc is missing');
export const needPodman = need('podman', hasCommand('podman'), 'podman is missing (apt-get install podman)');
export const needZstd = need('zstd', hasCommand('zstd'), 'zstd is missing (apt-get install zstd)');
export const needMkfs = need('mkfs', !!process.env.MINOPS_MKFS, 'no real Nanos mkfs (../shared/nanos/tools/mkfs or MINOPS_MKFS)');
export const needDump = need('dump', sharedDump !== undefined, 'no real Nanos dump (../shared/nanos/tools/dump)');
export const needPythonImage = need('python image', sharedPythonImage !== undefined, 'no Python 3.10 image archive (../shared/images/)');

export const ovmf = { code: '/usr/share/OVMF/OVMF_CODE_4M.fd', vars: '/usr/share/OVMF/OVMF_VARS_4M.fd' };
const uefiLoader = kernel && path.join(path.dirname(kernel.bootImg), 'bootx64.efi');
export const needUefi = need(
  'uefi',
  existsSync(ovmf.code) && existsSync(ovmf.vars) && uefiLoader !== undefined && existsSync(uefiLoader),
  'UEFI needs OVMF (apt-get install ovmf) and bootx64.efi beside the kernel',
);

/** A QEMU whose nvme device boots Nanos (11.1 or later): scripts/install-test-qemu.sh unpacks
 * Debian 13's backport there, beside the machine's own QEMU (7.2 on Debian 12). */
export const nvmeQemu = path.join(process.env.MINOPS_TEST_QEMU_ROOT ?? '/var/cache/minops-tests/qemu-trixie-backports', 'bin/qemu-system-x86_64');
export const needNvmeQemu = need('qemu for nvme', existsSync(nvmeQemu), `no QEMU 11.1 or later at ${nvmeQemu} (bash scripts/install-test-qemu.sh)`);

/** A kernel, QEMU and gcc: what a boot of a static C guest needs. */
export const bootNeeds = [needKernel, needQemu, needGcc];

/** A command on PATH; `pkg` is the Debian package that brings it. */
export const needCommand = (cmd: string, pkg: string = cmd): Need => need(cmd, hasCommand(cmd), `${cmd} is missing (apt-get install ${pkg})`);
