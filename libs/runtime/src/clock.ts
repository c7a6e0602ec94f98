/**
 * The current time, as a port: production uses the system clock, tests a fixed
 * or controlled one (the clock is a true process edge, STYLE.md rule 10).
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
