import type { Log } from '../clients/scope.js';
import { KEY_PREFIX, keyMaterial, randomEpoch } from './keys.js';
import type { StateMetrics } from './metrics.js';
import { timed, type RedisClient } from './redis.js';

/** The marker: written once (no ttl, so no volatile-* policy evicts it) by the first replica. */
export const EPOCH_KEY = `${KEY_PREFIX}epoch`;

/** The salt part of a marker (a marker without one, from an older version, is its own salt). */
function saltOf(marker: string): string {
  return marker.split('.')[1] ?? marker;
}

/** How often each replica looks at the marker while nothing else made it look. */
const CHECK_EVERY_MS = 1000;

/**
 * The epoch of the Redis data: a random value every replica reads at boot, written by the
 * first. A Redis restarted without persistence (or flushed, or failed over to a replica that
 * had not received it) has lost it: whoever notices first writes a new one, and every replica
 * adopts whatever the marker holds now. A change is a loss of every idempotency key and lock
 * written before it: logged, counted (redis_data_loss_total) and shown by /readyz, and the
 * creates and updates that had claimed a key or lock before it are treated as in doubt.
 *
 * The marker also holds a random salt, the key material of credential ids (with
 * STATE_KEY_SECRET), so every replica derives the same ids without a setting. A replica that
 * notices a loss writes the new epoch with the salt it has, so key names do not change; only
 * when none notices before another boots (that replica then writes a new salt, which all
 * adopt) do they change, and then every earlier key is lost already.
 */
export class RedisEpoch {
  private material: Buffer;
  private lastLoss: Date | null = null;
  private checking: Promise<boolean> | null = null;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly redis: RedisClient,
    private value: string,
    private readonly secret: string | null,
    private readonly metrics: StateMetrics,
    private readonly log: Log,
  ) {
    this.material = keyMaterial(saltOf(value), secret);
    this.timer = setInterval(() => { void this.check(); }, CHECK_EVERY_MS);
    this.timer.unref();
  }

  static async start(redis: RedisClient, secret: string | null, metrics: StateMetrics, log: Log): Promise<RedisEpoch> {
    return new RedisEpoch(redis, await readOrWrite(redis, randomEpoch()), secret, metrics, log);
  }

  /** The key material of this epoch (see keys.ts). */
  keyMaterial(): Buffer {
    return this.material;
  }

  /** This epoch's marker: compare before and after a claim or lock to know it held throughout. */
  get current(): string {
    return this.value;
  }

  /** When this replica last saw the data lost (for /readyz); null: never. */
  get lostAt(): Date | null {
    return this.lastLoss;
  }

  /**
   * Looks at the marker now; true when it changed (the data was lost, now or since the last
   * look). A Redis that does not answer changes nothing: its stores fail closed by themselves.
   */
  check(): Promise<boolean> {
    this.checking ??= this.look().finally(() => { this.checking = null; });
    return this.checking;
  }

  close(): void {
    clearInterval(this.timer);
  }

  private async look(): Promise<boolean> {
    let now: string;
    try {
      // A new epoch with the salt we have: key names stay the same across the loss, so the
      // creates and updates under way settle under the names they claimed.
      now = await readOrWrite(this.redis, saltOf(this.value));
    } catch {
      return false;
    }
    if (now === this.value) return false;
    this.value = now;
    this.material = keyMaterial(saltOf(now), this.secret);
    this.lastLoss = new Date();
    this.metrics.dataLosses.inc();
    this.log.error({ redisEpoch: now.slice(0, 8) }, 'Redis lost its data (its epoch marker is gone): idempotency keys and update locks '
      + 'written before are forgotten; creates and updates this replica had under way are treated as in doubt, and a retry that '
      + 'reaches a replica now cannot be recognised. Give Redis persistence (see README, Running several replicas)');
    return true;
  }
}

/**
 * The marker's value, `<epoch>.<salt>`, writing a new epoch with `salt` first if there is none.
 * Every replica adopts what the marker holds, so all derive the same key material.
 */
async function readOrWrite(redis: RedisClient, salt: string): Promise<string> {
  const found = await timed(redis.get(EPOCH_KEY));
  if (found) return found;
  await timed(redis.set(EPOCH_KEY, `${randomEpoch()}.${salt}`, 'NX'));
  const written = await timed(redis.get(EPOCH_KEY));
  if (!written) throw new Error('the epoch marker could not be written');
  return written;
}
