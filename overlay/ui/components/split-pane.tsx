import type { ComponentChild } from 'preact';
import { useRef, useState } from 'preact/hooks';

interface SplitPaneProps {
  /** `row`: panes side by side, divider dragged horizontally; `column`: stacked. */
  direction: 'row' | 'column';
  /** Which pane keeps a fixed size in pixels; the other takes the rest. */
  fixed: 'first' | 'second';
  initialSize: number;
  minSize: number;
  /** The flexible pane keeps at least this much. */
  minRest: number;
  first: ComponentChild;
  second: ComponentChild;
  /** Hides the second pane and the divider while keeping the first mounted (its scroll position survives). */
  collapsed?: boolean;
  className?: string;
}

/** Two panes and a draggable divider between them (pointer capture, so a fast drag never loses the divider). */
export function SplitPane(props: SplitPaneProps) {
  const { direction, fixed, minSize, minRest } = props;
  const [size, setSize] = useState(props.initialSize);
  const container = useRef<HTMLDivElement>(null);
  const drag = useRef<{ origin: number; startSize: number } | null>(null);
  const horizontal = direction === 'row';

  const onPointerDown = (event: PointerEvent): void => {
    if (event.button !== 0) return;
    (event.currentTarget as HTMLElement).setPointerCapture(event.pointerId);
    drag.current = { origin: horizontal ? event.clientX : event.clientY, startSize: size };
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent): void => {
    const active = drag.current;
    const box = container.current?.getBoundingClientRect();
    if (!active || !box) return;
    const moved = (horizontal ? event.clientX : event.clientY) - active.origin;
    const total = horizontal ? box.width : box.height;
    const next = active.startSize + (fixed === 'first' ? moved : -moved);
    setSize(Math.round(Math.max(minSize, Math.min(next, total - minRest))));
  };
  const onPointerUp = (): void => {
    drag.current = null;
  };

  const fixedStyle = { flex: `0 0 ${size}px`, [horizontal ? 'width' : 'height']: `${size}px` };
  return (
    <div ref={container} class={`rtd-split rtd-split-${direction}${props.collapsed ? ' rtd-split-collapsed' : ''} ${props.className ?? ''}`}>
      <div class="rtd-split-pane" style={fixed === 'first' ? fixedStyle : undefined}>
        {props.first}
      </div>
      <div
        class="rtd-split-divider"
        role="separator"
        aria-orientation={horizontal ? 'vertical' : 'horizontal'}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      />
      <div class="rtd-split-pane" style={fixed === 'second' ? fixedStyle : undefined}>
        {props.collapsed ? null : props.second}
      </div>
    </div>
  );
}
