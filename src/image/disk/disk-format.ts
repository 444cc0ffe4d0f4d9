// Fixed sizes of the bootable layout (spec §B.1, §B.2).

export const KLOG_BYTES = 4096;
export const BOOT_FS_BYTES = 12 << 20;
export const ESP_BYTES = 33 << 20;
/** mkfs pads the root FS to a multiple of this, with at least this much free. */
export const ROOT_PAD_BYTES = 512 << 10;
/**
 * The kernel reserves two 1024-block log areas the first time the guest writes file data; mkfs
 * images have that 1 MiB as an unrecorded gap before the data. We keep it free at the end instead.
 */
export const KERNEL_LOG_RESERVE_BYTES = 1 << 20;
