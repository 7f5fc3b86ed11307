/**
 * The encoding thresholds of collections (`*-max-listpack-*`,
 * `set-max-intset-entries`), kept as plain numbers that follow CONFIG SET.
 * Commands check them on every write and RDB loading needs them without a
 * client at hand, so they live here, as Redis keeps them in `server.*`.
 */
import type { Config } from '../server/config';

export const limits = {
  hashEntries: 512,
  hashValue: 64,
  setIntsetEntries: 512,
  setEntries: 128,
  setValue: 64,
  zsetEntries: 128,
  zsetValue: 64,
  listSize: -2,
  streamNodeBytes: 4096,
  streamNodeEntries: 100,
};

const PARAMS: [string, keyof typeof limits][] = [
  ['hash-max-listpack-entries', 'hashEntries'],
  ['hash-max-listpack-value', 'hashValue'],
  ['set-max-intset-entries', 'setIntsetEntries'],
  ['set-max-listpack-entries', 'setEntries'],
  ['set-max-listpack-value', 'setValue'],
  ['zset-max-listpack-entries', 'zsetEntries'],
  ['zset-max-listpack-value', 'zsetValue'],
  ['list-max-listpack-size', 'listSize'],
  ['stream-node-max-bytes', 'streamNodeBytes'],
  ['stream-node-max-entries', 'streamNodeEntries'],
];

/** Reads the thresholds from config now and after every change. */
export function followEncodingLimits(config: Config): void {
  for (const [name, field] of PARAMS) {
    const apply = (): void => {
      limits[field] = config.num(name);
    };
    apply();
    config.onChange.set(name, apply);
  }
}
