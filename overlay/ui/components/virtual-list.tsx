import { cloneElement, isValidElement, type ComponentChild, type TargetedKeyboardEvent } from 'preact';
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { isScrolledToEnd, scrollTopToReveal, virtualWindow } from './virtual-window';

interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** A row's content; its key is replaced by the list's own (see `recycledKey`), so rows must keep no state. */
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
 * The key of row `index` in a window starting at row `start`: its place in the window. Rows that scroll in take
 * over the elements of rows that scroll out, in place, so a list following a busy stream updates the text of the
 * rows it has instead of creating, styling and laying out a new set of elements for every batch; keys by row (or
 * by row modulo the window) would make the browser create or reorder elements each time instead.
 */
export function recycledKey(index: number, start: number): number {
  return index - start;
}

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
  // Whether the list is scrolled to its end: a ref for the observers, state so that a change re-renders.
  const atEnd = useRef(true);
  const [atEndShown, setAtEndShown] = useState(true);
  const previousCount = useRef(count);
  const following = followEnd && atEndShown;
  const noteAtEnd = (element: HTMLDivElement): boolean => {
    atEnd.current = isScrolledToEnd(element.scrollTop, element.clientHeight, element.scrollHeight);
    setAtEndShown(atEnd.current);
    return atEnd.current;
  };
  // While following, the window is the tail whatever scrollTop was: rows that arrived render once, at their final
  // place, instead of once where the list was and again after it scrolled.
  const shownTop = following ? Number.POSITIVE_INFINITY : scrollTop;

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
    const shrank = count < previousCount.current;
    previousCount.current = count;
    if (!element) return;
    // Written, never read back here: reading layout right after the rows changed would force a second layout per
    // batch. The browser clamps the value; the scroll event it fires tells `onScroll` where the list ended up.
    if (following) element.scrollTop = count * rowHeight;
    // The list shrank under the scroll position (a filter, a clear): follow where the browser clamped it.
    else if (shrank) setScrollTop(element.scrollTop);
  }, [count, rowHeight, following]);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element || revealIndex === undefined || revealIndex < 0) return;
    const target = scrollTopToReveal(revealIndex, element.scrollTop, element.clientHeight, rowHeight);
    if (target !== element.scrollTop) {
      element.scrollTop = target;
      setScrollTop(element.scrollTop);
      noteAtEnd(element);
    }
  }, [revealIndex, rowHeight]);

  const onScroll = (): void => {
    const element = scroller.current;
    if (!element) return;
    const wasFollowing = followEnd && atEnd.current;
    // The list's own move to the new end changes nothing shown: re-rendering for it would only repeat the last render.
    if (noteAtEnd(element) && wasFollowing) return;
    setScrollTop(element.scrollTop);
  };

  const visible = virtualWindow(shownTop, viewportHeight, rowHeight, count, OVERSCAN_ROWS);
  const rows: ComponentChild[] = [];
  for (let index = visible.start; index < visible.end; index++) {
    const row = renderRow(index);
    rows.push(isValidElement(row) ? cloneElement(row, { key: recycledKey(index, visible.start) }) : row);
  }
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
