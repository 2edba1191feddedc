/**
 * The standalone trace viewer: opens a trace or HAR file (file input or drag and drop) and shows it in the same UI
 * as the DevTools panel, read-only. Runs without the extension and without the captured app; files are read in the
 * browser and never uploaded. Everything from the file is rendered as text.
 */
import type { TraceProblem } from '../instrumentation/trace/parse-trace';
import { mountDevtoolsUi } from '../overlay/ui/mount';
import { traceHeadline, traceNotes } from '../overlay/ui/store/trace-describe';
import { readTraceFile } from '../overlay/ui/store/trace-import';
import { createTraceWall } from '../overlay/ui/store/trace-wall';

function element<T extends HTMLElement>(selector: string): T {
  const found = document.querySelector<T>(selector);
  if (!found) throw new Error(`viewer page is missing ${selector}`);
  return found;
}

const fileInput = element<HTMLInputElement>('[data-testid=rtd-viewer-file]');
const headline = element<HTMLElement>('[data-testid=rtd-viewer-header]');
const notes = element<HTMLElement>('[data-testid=rtd-viewer-notes]');
const errorPanel = element<HTMLElement>('[data-testid=rtd-viewer-error]');
const emptyHint = element<HTMLElement>('[data-testid=rtd-viewer-empty]');
const root = element<HTMLElement>('#viewer-root');

let unmount: (() => void) | null = null;

function showProblems(title: string, problems: TraceProblem[]): void {
  (errorPanel.querySelector('h2') as HTMLElement).textContent = title;
  const list = errorPanel.querySelector('ul') as HTMLElement;
  list.replaceChildren(
    ...problems.map((problem) => {
      const item = document.createElement('li');
      item.textContent = problem.path ? `${problem.path}: ${problem.message}` : problem.message;
      return item;
    }),
  );
  errorPanel.hidden = false;
}

async function open(file: File): Promise<void> {
  errorPanel.hidden = true;
  const title = `Could not open ${file.name}`;
  const result = await readTraceFile(file);
  if (!result.ok) {
    showProblems(title, result.errors);
    return;
  }
  unmount?.();
  emptyHint.hidden = true;
  headline.textContent = traceHeadline(result.trace, result.source);
  notes.textContent = [...traceNotes(result.trace), ...result.warnings].join(' · ');
  document.title = `${headline.textContent} — Realtime DevTools`;
  unmount = mountDevtoolsUi(root, createTraceWall(result.trace), { shell: 'viewer', theme: 'auto' });
}

fileInput.addEventListener('change', () => {
  const file = fileInput.files?.[0];
  if (file) void open(file);
  // Opening the same file again (after fixing it) must fire `change` again.
  fileInput.value = '';
});

document.addEventListener('dragover', (event) => {
  if (!event.dataTransfer?.types.includes('Files')) return;
  event.preventDefault();
  document.body.classList.add('viewer-dragging');
});
document.addEventListener('dragleave', (event) => {
  if (event.relatedTarget === null) document.body.classList.remove('viewer-dragging');
});
document.addEventListener('drop', (event) => {
  event.preventDefault();
  document.body.classList.remove('viewer-dragging');
  const file = event.dataTransfer?.files[0];
  if (file) void open(file);
});
