/** Real image bytes for upload tests, and files that only pretend to be images. */

/** A 1×1 PNG, as an image editor writes it. */
export const TINY_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A 1×1 lossless WebP. */
export const TINY_WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');

/** Larger than the 2 MB a photo may be, though it starts as a PNG. */
export const OVERSIZED_PNG = Buffer.concat([TINY_PNG, Buffer.alloc(2 * 1024 * 1024 + 1)]);
