import { loginDelayMs } from '../../../src/auth/limits';

describe('the wait before a log-in attempt on an account under attack', () => {
  it('is nothing up to the free failures, then doubles from 250 ms to a cap of 4 s', () => {
    expect([8, 10, 11, 12, 13, 14, 15, 16, 40].map((n) => loginDelayMs(n, 10))).toEqual([0, 0, 250, 500, 1000, 2000, 4000, 4000, 4000]);
  });
});
