import { checkFields, failurePath, isRecord, type Fields } from '../validation/checks';

/** One thing wrong with a file, where (a JSON path such as `events[12].data`) and why. */
export interface Problem {
  path: string;
  message: string;
}

/** Collects problems up to a limit, then only counts them, so a broken 100k-event file gives a readable list. */
export class Problems {
  readonly list: Problem[] = [];
  more = 0;

  constructor(private readonly limit = 20) {}

  add(path: string, message: string): void {
    if (this.list.length < this.limit) this.list.push({ path, message });
    else this.more++;
  }

  /** Checks `value` against `fields` (protocol tables from instrumentation/validation/); true when it fits. */
  fields(value: unknown, path: string, fields: Fields): value is Record<string, unknown> {
    const failed = checkFields(value, fields);
    if (failed) this.add(failurePath(path, failed), failed.message);
    return failed === null && isRecord(value);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }

  result(): Problem[] {
    return this.more > 0 ? [...this.list, { path: '', message: `…and ${this.more} more problems` }] : this.list;
  }
}
