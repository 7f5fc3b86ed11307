/** The Redis version this server reports (INFO, HELLO, LOLWUT...). */
export const REDIS_VERSION = '7.2.4';
