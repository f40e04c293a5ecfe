/** Time comes through this port, so deadlines and timestamps can be tested in simulated time. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
