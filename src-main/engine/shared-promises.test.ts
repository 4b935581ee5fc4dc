import { describe, expect, it } from 'vitest';
import { SharedPromises } from './shared-promises.js';

describe('SharedPromises', () => {
  it('shares one promise among concurrent callers and keeps it once it succeeds', async () => {
    const cache = new SharedPromises<string, number>();
    let calls = 0;
    const create = async (): Promise<number> => ++calls;
    const [a, b] = await Promise.all([cache.get('k', create), cache.get('k', create)]);
    expect([a, b, await cache.get('k', create), calls]).toEqual([1, 1, 1, 1]);
  });

  it('forgets a rejected promise so the next call tries again', async () => {
    const cache = new SharedPromises<string, string>();
    await expect(cache.get('k', async () => Promise.reject(new Error('broken file')))).rejects.toThrow('broken file');
    expect(await cache.get('k', async () => 'fixed')).toBe('fixed');
  });

  it('hands over everything it holds when closing', async () => {
    const cache = new SharedPromises<string, string>();
    await cache.get('a', async () => 'x');
    await cache.get('b', async () => 'y');
    expect(await Promise.all(cache.takeAll())).toEqual(['x', 'y']);
    expect(cache.takeAll()).toEqual([]);
  });
});
