/** A Blob URL outlives the click that starts the download; it is freed once the browser has surely read it. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Saves `text` as a file through an `<a download>` with a Blob URL, created in `container`'s own document so that it
 * works the same in the DevTools panel and inside the overlay's shadow root (where the anchor must be in the tree).
 */
export function downloadText(container: Element, fileName: string, text: string, type: string): void {
  const document = container.ownerDocument;
  const view = document.defaultView;
  if (!view) throw new Error('the UI has no window to save from');
  const url = view.URL.createObjectURL(new view.Blob([text], { type }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.hidden = true;
  container.append(anchor);
  anchor.click();
  anchor.remove();
  view.setTimeout(() => view.URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
