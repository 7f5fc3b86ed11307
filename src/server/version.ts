/** The Redis version Shoal is compatible with, as INFO and HELLO report it. */
export const REDIS_VERSION = '7.2.4';
