import { describe, expect, it } from 'vitest';
import { AnalysisGate } from './analysis-gate.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('AnalysisGate', () => {
  it('runs at most `slots` tasks at once, in arrival order', async () => {
    const gate = new AnalysisGate<number>(2);
    let running = 0;
    let peak = 0;
    const started: number[] = [];
    const task = (n: number) => async () => {
      started.push(n);
      running++;
      peak = Math.max(peak, running);
      await tick();
      running--;
      return n;
    };
    const results = await Promise.all([1, 2, 3, 4, 5].map((n) => gate.run(`key-${n}`, task(n))));
    expect(results).toEqual([1, 2, 3, 4, 5]);
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5]);
  });

  it('shares one run between callers with the same key, and forgets it once settled (failures too)', async () => {
    const gate = new AnalysisGate<string>(1);
    let calls = 0;
    const once = async () => {
      calls++;
      await tick();
      return 'rated';
    };
    expect(await Promise.all([gate.run('same', once), gate.run('same', once)])).toEqual(['rated', 'rated']);
    expect(calls).toBe(1);
    await expect(gate.run('bad', async () => Promise.reject(new Error('corrupt')))).rejects.toThrow('corrupt');
    expect(await gate.run('bad', async () => 'retried')).toBe('retried');
    expect(await gate.run('same', once)).toBe('rated');
    expect(calls).toBe(2);
  });
});
