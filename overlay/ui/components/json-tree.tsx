import { useState } from 'preact/hooks';

/** Children shown per group: a 10k-element array opens as 100 groups, as DevTools does, not 10k rows at once. */
const GROUP_SIZE = 100;
const PREVIEW_CHARS = 80;
const INDENT_PX = 14;

type Entry = [key: string, value: unknown];

function isContainer(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function entriesOf(value: object): Entry[] {
  return Array.isArray(value) ? value.map((item, index): Entry => [String(index), item]) : Object.entries(value);
}

function scalarText(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function scalarClass(value: unknown): string {
  if (value === null) return 'rtd-json-null';
  return `rtd-json-${typeof value}`;
}

/** `{id: 1, name: "x", …}` — what a collapsed object holds, cut to a line. */
function containerPreview(value: object): string {
  const array = Array.isArray(value);
  let text = '';
  for (const [key, item] of entriesOf(value)) {
    const shown = isContainer(item) ? (Array.isArray(item) ? `Array(${item.length})` : '{…}') : scalarText(item);
    const part = array ? shown : `${key}: ${shown}`;
    if (text.length + part.length > PREVIEW_CHARS) {
      text += text ? ', …' : '…';
      break;
    }
    text += text ? `, ${part}` : part;
  }
  return array ? `(${value.length}) [${text}]` : `{${text}}`;
}

interface NodeProps {
  name: string | null;
  value: unknown;
  depth: number;
  /** Array indices look different from property names. */
  index: boolean;
}

function Key({ name, index }: { name: string | null; index: boolean }) {
  if (name === null) return null;
  return (
    <>
      <span class={index ? 'rtd-json-index' : 'rtd-json-key'}>{name}</span>
      <span class="rtd-json-punct">: </span>
    </>
  );
}

function Children({ entries, depth, array }: { entries: Entry[]; depth: number; array: boolean }) {
  if (entries.length <= GROUP_SIZE) {
    return <>{entries.map(([key, item]) => <JsonNode key={key} name={key} value={item} depth={depth} index={array} />)}</>;
  }
  const groups: Entry[][] = [];
  for (let start = 0; start < entries.length; start += GROUP_SIZE) groups.push(entries.slice(start, start + GROUP_SIZE));
  return <>{groups.map((group, i) => <Group key={i} entries={group} depth={depth} array={array} />)}</>;
}

function Group({ entries, depth, array }: { entries: Entry[]; depth: number; array: boolean }) {
  const [open, setOpen] = useState(false);
  const label = `[${entries[0]?.[0] ?? ''} … ${entries[entries.length - 1]?.[0] ?? ''}]`;
  return (
    <>
      <div class="rtd-json-row rtd-json-branch" style={{ paddingLeft: `${depth * INDENT_PX}px` }} role="treeitem" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span class="rtd-json-toggle">{open ? '▾' : '▸'}</span>
        <span class="rtd-json-index">{label}</span>
      </div>
      {open && <Children entries={entries} depth={depth + 1} array={array} />}
    </>
  );
}

function JsonNode({ name, value, depth, index }: NodeProps) {
  const [open, setOpen] = useState(depth < 2);
  const indent = { paddingLeft: `${depth * INDENT_PX}px` };
  if (!isContainer(value)) {
    return (
      <div class="rtd-json-row" style={indent} role="treeitem">
        <span class="rtd-json-toggle" />
        <Key name={name} index={index} />
        <span class={scalarClass(value)}>{scalarText(value)}</span>
      </div>
    );
  }
  const array = Array.isArray(value);
  const entries = open ? entriesOf(value) : [];
  return (
    <>
      <div class="rtd-json-row rtd-json-branch" style={indent} role="treeitem" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span class="rtd-json-toggle">{open ? '▾' : '▸'}</span>
        <Key name={name} index={index} />
        <span class="rtd-json-preview">{open ? (array ? `Array(${(value as unknown[]).length})` : 'Object') : containerPreview(value)}</span>
      </div>
      {open && <Children entries={entries} depth={depth + 1} array={array} />}
    </>
  );
}

/** A parsed JSON value as a collapsible tree; every key and value is rendered as text. */
export function JsonTree({ value }: { value: unknown }) {
  return (
    <div class="rtd-json" role="tree">
      <JsonNode name={null} value={value} depth={0} index={false} />
    </div>
  );
}
