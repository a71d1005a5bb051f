// Interns repeated strings (tags, stop reasons, score reasons, errors) so each is embedded once, within a byte cap.

/** A table of distinct strings; rows refer to them by index. */
export class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  /** UTF-8 bytes the table will take when embedded. */
  bytes = 0;
  /** Strings refused because the cap was reached (shown as "reason not embedded" in the report). */
  dropped = 0;

  constructor(private readonly maxBytes: number) {}

  /** The string's index, or -1 when the table is full. `always` bypasses the cap (tags, stop reasons: few, vital). */
  id(text: string, always: boolean): number {
    const known = this.index.get(text);
    if (known !== undefined) return known;
    // UTF-8 never takes fewer bytes than UTF-16 units, so a string too long in units is dropped without measuring:
    // once the table is full, every new score reason (most are unique) would otherwise be measured and dropped.
    if (!always && this.bytes + text.length + 3 > this.maxBytes) {
      this.dropped++;
      return -1;
    }
    const size = Buffer.byteLength(text) + 3;
    if (!always && this.bytes + size > this.maxBytes) {
      this.dropped++;
      return -1;
    }
    this.bytes += size;
    this.list.push(text);
    this.index.set(text, this.list.length - 1);
    return this.list.length - 1;
  }
}
