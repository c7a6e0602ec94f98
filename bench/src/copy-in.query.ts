import type { Client, Connection } from 'pg';

/** The part of pg's connection a COPY FROM STDIN needs. */
interface CopyConnection {
  query(text: string): void;
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/**
 * `COPY ... FROM STDIN` through pg's submittable protocol, because
 * pg-copy-streams is not installed (no npm install allowed). The whole batch
 * is in memory, so no stream or back-pressure is needed.
 */
class CopyIn {
  private error: Error | undefined;
  readonly done: Promise<void>;
  private settle!: (error: Error | undefined) => void;

  constructor(
    private readonly text: string,
    private readonly chunks: readonly Buffer[],
  ) {
    this.done = new Promise<void>((resolve, reject) => {
      this.settle = (error) => (error ? reject(error) : resolve());
    });
  }

  submit(connection: CopyConnection): void {
    connection.query(this.text);
  }

  handleCopyInResponse(connection: CopyConnection): void {
    for (const chunk of this.chunks) connection.sendCopyFromChunk(chunk);
    connection.endCopyFrom();
  }

  handleCommandComplete(): void {}

  handleError(error: Error): void {
    this.error = error;
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }
}

/** Runs `COPY <table> FROM STDIN` (text format) with the given data. */
export function copyFrom(client: Client, text: string, chunks: readonly Buffer[]): Promise<void> {
  const copy = new CopyIn(text, chunks);
  (client as unknown as { query(submittable: { submit(connection: Connection): void }): void }).query(
    copy as unknown as { submit(connection: Connection): void },
  );
  return copy.done;
}
