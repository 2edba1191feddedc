import { useEffect, useState } from 'preact/hooks';

/** The current time, refreshed every `intervalMs` while `live` (an open connection's duration keeps growing). */
export function useNow(live: boolean, intervalMs = 1000): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (!live) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [live, intervalMs]);
  return live ? Date.now() : now;
}
