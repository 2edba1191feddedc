import type { ComponentChild, TargetedKeyboardEvent } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isScrolledToEnd, scrollTopToReveal, virtualWindow } from './virtual-window';

interface VirtualListProps {
  count: number;
  rowHeight: number;
  renderRow: (index: number) => ComponentChild;
  /** Keeps the newest row in view as rows arrive, for as long as the user stays scrolled to the end. */
  followEnd?: boolean;
  /** A row to bring into view whenever it changes (the keyboard selection). */
  revealIndex?: number;
  onKeyDown?: (event: TargetedKeyboardEvent<HTMLDivElement>, pageRows: number) => void;
  className?: string;
  testId?: string;
  label?: string;
}

/** Rows rendered beyond each edge, so that a fast scroll shows rows rather than a blank strip. */
const OVERSCAN_ROWS = 8;

/**
 * A list that renders only the rows in view: every row has the same height, so the window is plain arithmetic
 * and 200k rows scroll like 40. Scrolling is done by setting `scrollTop` on the list itself, never with
 * `scrollIntoView`, which would also scroll the inspected page around the overlay.
 */
export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight, renderRow, followEnd = false, revealIndex, onKeyDown } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(0);
  const atEnd = useRef(true);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    setViewportHeight(element.clientHeight);
    const observer = new ResizeObserver(() => {
      setViewportHeight(element.clientHeight);
      if (followEnd && atEnd.current) element.scrollTop = element.scrollHeight;
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [followEnd]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    if (followEnd && atEnd.current && element.scrollTop + element.clientHeight < count * rowHeight) {
      element.scrollTop = count * rowHeight;
      setScrollTop(element.scrollTop);
    } else if (element.scrollTop !== scrollTop) {
      // The list shrank under the scroll position (a filter, a clear): follow where the browser clamped it.
      setScrollTop(element.scrollTop);
    }
  }, [count, rowHeight, followEnd]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || revealIndex === undefined || revealIndex < 0) return;
    const target = scrollTopToReveal(revealIndex, element.scrollTop, element.clientHeight, rowHeight);
    if (target !== element.scrollTop) {
      element.scrollTop = target;
      setScrollTop(element.scrollTop);
    }
  }, [revealIndex, rowHeight]);

  const onScroll = (): void => {
    const element = scroller.current;
    if (!element) return;
    atEnd.current = isScrolledToEnd(element.scrollTop, element.clientHeight, element.scrollHeight);
    setScrollTop(element.scrollTop);
  };

  const visible = virtualWindow(scrollTop, viewportHeight, rowHeight, count, OVERSCAN_ROWS);
  const rows: ComponentChild[] = [];
  for (let index = visible.start; index < visible.end; index++) rows.push(renderRow(index));
  const pageRows = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);

  return (
    <div
      ref={scroller}
      class={`rtd-vlist ${props.className ?? ''}`}
      data-testid={props.testId}
      role="listbox"
      aria-label={props.label}
      tabIndex={0}
      onScroll={onScroll}
      onKeyDown={onKeyDown ? (event) => onKeyDown(event, pageRows) : undefined}
    >
      <div class="rtd-vlist-track" style={{ height: `${visible.totalHeight}px` }}>
        <div class="rtd-vlist-window" style={{ transform: `translateY(${visible.offsetTop}px)` }}>
          {rows}
        </div>
      </div>
    </div>
  );
}
