import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { defineRedisScript, pipelineWithScripts, queueRedisScript, runRedisScript } from '../../../src/redis-script.js';
import { commandsSentBy } from '../../support/count-redis-commands.js';

/* Every Redis script of the product is declared once by name and run through src/redis-script.ts. */

const suffix = crypto.randomBytes(3).toString('hex');
const INCREMENT_BY = defineRedisScript(`testIncrementBy${suffix}`, "return redis.call('INCRBY', KEYS[1], ARGV[1])");
let redis: Redis;
const key = (name: string) => `test:redis-script:${suffix}:${name}`;

beforeAll(() => {
  redis = new Redis(inject('redisUrl'));
});

afterAll(() => {
  redis?.disconnect();
});

describe('Redis scripts', () => {
  it('run by name with their keys and arguments', async () => {
    expect(await runRedisScript(redis, INCREMENT_BY, [key('run')], [5])).toBe(5);
    expect(await runRedisScript(redis, INCREMENT_BY, [key('run')], ['2'])).toBe(7);
  });

  it('are sent by hash once Redis holds them', async () => {
    await runRedisScript(redis, INCREMENT_BY, [key('hash')], [1]);
    const { commands } = await commandsSentBy(redis, () => runRedisScript(redis, INCREMENT_BY, [key('hash')], [1]));
    expect(commands.map(([name]) => name)).toEqual(['evalsha']);
  });

  it('still run after Redis lost its script cache (a restart)', async () => {
    await runRedisScript(redis, INCREMENT_BY, [key('flush')], [1]);
    await redis.script('FLUSH');
    expect(await runRedisScript(redis, INCREMENT_BY, [key('flush')], [1])).toBe(2);
  });

  it('queue on a pipeline', async () => {
    const pipeline = pipelineWithScripts(redis, [INCREMENT_BY]);
    queueRedisScript(pipeline, INCREMENT_BY, [key('pipe')], [3]);
    queueRedisScript(pipeline, INCREMENT_BY, [key('pipe')], [4]);
    expect(await pipeline.exec()).toEqual([
      [null, 3],
      [null, 7],
    ]);
  });

  it('cannot be declared twice under one name with different sources', () => {
    expect(() => defineRedisScript(INCREMENT_BY.name, "return redis.call('DECRBY', KEYS[1], ARGV[1])")).toThrow(/already defined/);
    expect(defineRedisScript(INCREMENT_BY.name, INCREMENT_BY.source)).toEqual(INCREMENT_BY);
  });

  it('cannot take the name of a Redis command', async () => {
    const shadow = defineRedisScript('incrby', 'return 0');
    await expect(async () => runRedisScript(redis, shadow, [key('x')], [])).rejects.toThrow(/taken by a command/);
  });
});
