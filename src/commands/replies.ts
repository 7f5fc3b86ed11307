/** Error texts shared by many commands, worded exactly as Redis words them. */
export const ERR_SYNTAX = 'ERR syntax error';
export const ERR_NOT_INTEGER = 'ERR value is not an integer or out of range';
export const ERR_NOT_FLOAT = 'ERR value is not a valid float';
export const ERR_OVERFLOW = 'ERR increment or decrement would overflow';
export { WRONGTYPE } from '../store/value';
/** getRangeLongFromObjectOrReply's error for counts outside ±LONG_MAX (HRANDFIELD, SRANDMEMBER...). */
export const ERR_LONG_RANGE = 'ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807';
