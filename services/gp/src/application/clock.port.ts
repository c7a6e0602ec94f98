/**
 * The current time, as a port so tests control it (a true process edge).
 * An abstract class rather than an interface so Nest can inject it by class.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
