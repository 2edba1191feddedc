/**
 * Page globals the tool relies on, taken once at install, before any page script can replace them. A page that
 * later patches `setTimeout` or `performance.now` must not change what the tool records or how it behaves.
 */
const perf = globalThis.performance;
const perfNow = perf.now.bind(perf);
const timeOrigin = perf.timeOrigin;

export const natives = {
  setTimeout: globalThis.setTimeout.bind(globalThis),
  clearTimeout: globalThis.clearTimeout.bind(globalThis),
  btoa: globalThis.btoa.bind(globalThis),
  blobArrayBuffer: Blob.prototype.arrayBuffer as (this: Blob) => Promise<ArrayBuffer>,
  fromCharCode: String.fromCharCode,
  now: (): number => timeOrigin + perfNow(),
  timeOrigin,
};
