/** The transaction status a ReadyForQuery message reports: idle, in a transaction block, in a failed one. */
export type TransactionStatus = 'I' | 'T' | 'E';

const READY_FOR_QUERY = 0x5a; // 'Z'
const HEADER_LENGTH = 5; // type byte + int32 length (which counts itself)

/**
 * Follows a backend's reply stream message by message, however it is split into chunks, and
 * reports the status of each ReadyForQuery ('Z') it sees. The embedded database server hands the
 * single session back only when the backend says it is idle again, so it must read whole message
 * frames: a 'Z' byte inside a data row is not a ReadyForQuery.
 */
export class ReadyForQueryReader {
  private readonly header = new Uint8Array(HEADER_LENGTH);
  private headerLength = 0;
  private bodyLeft = 0;
  private inReadyForQuery = false;

  /** Reads the next chunk of the stream; returns the status of the last ReadyForQuery completed in it. */
  read(chunk: Uint8Array): TransactionStatus | undefined {
    let status: TransactionStatus | undefined;
    let offset = 0;
    while (offset < chunk.length) {
      if (this.bodyLeft > 0) {
        if (this.inReadyForQuery) status = String.fromCharCode(chunk[offset]!) as TransactionStatus;
        const taken = Math.min(this.bodyLeft, chunk.length - offset);
        this.bodyLeft -= taken;
        offset += taken;
        continue;
      }
      const taken = Math.min(HEADER_LENGTH - this.headerLength, chunk.length - offset);
      this.header.set(chunk.subarray(offset, offset + taken), this.headerLength);
      this.headerLength += taken;
      offset += taken;
      if (this.headerLength === HEADER_LENGTH) this.startMessage();
    }
    return status;
  }

  private startMessage(): void {
    const length = new DataView(this.header.buffer).getInt32(1);
    this.headerLength = 0;
    this.bodyLeft = length - 4;
    this.inReadyForQuery = this.header[0] === READY_FOR_QUERY && this.bodyLeft === 1;
  }
}
