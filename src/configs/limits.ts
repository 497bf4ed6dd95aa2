// Size limits on what is read, in a module of its own so the small activation bundle can check
// them without pulling in the readers.

/**
 * Larger files are not read: no training config comes near it, and the editor and CLI stay
 * fast and bounded in memory on whatever a glob matches.
 */
export const MAX_CONFIG_BYTES = 8_000_000;
