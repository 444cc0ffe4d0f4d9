// The error a codec throws when its input ends early; the image reader turns it into IMAGE_INVALID.

export class TruncatedError extends RangeError {
  override name = 'TruncatedError';
}

export const truncated = (pos: number): TruncatedError => new TruncatedError(`data ends early at byte ${pos}`);
