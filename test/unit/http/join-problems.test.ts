import { describe, expect, it } from 'vitest';
import { joinProblems, MAX_PROBLEMS_NAMED } from '../../../src/http/join-problems.js';

describe('joinProblems', () => {
  it('names every problem up to the cap', () => {
    expect(joinProblems(['a: wrong', 'b: missing'])).toBe('a: wrong; b: missing');
  });

  it('names the first problems past the cap and counts the rest', () => {
    const problems = Array.from({ length: 100_000 }, (_, index) => `[${index}]: expected an object`);

    const line = joinProblems(problems);

    expect(line.split('; ')).toHaveLength(MAX_PROBLEMS_NAMED + 1);
    expect(line).toMatch(/\[19\]: expected an object; and 99980 more$/);
  });
});
