/**
 * Passes at most one call per `ms`, and always the latest: a call inside the window is held and delivered when the
 * window ends (progress must never stop at a stale value because the next update dropped). `flush` delivers a held
 * call now (the final state).
 */
export function latestEvery<T>(ms: number, deliver: (value: T) => void): { push(value: T): void; flush(): void } {
  let last = 0;
  let held: { value: T } | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const send = () => {
    timer = undefined;
    if (!held) return;
    const { value } = held;
    held = null;
    last = Date.now();
    deliver(value);
  };
  return {
    push(value) {
      held = { value };
      const wait = last + ms - Date.now();
      if (wait <= 0) send();
      else timer ??= setTimeout(send, wait);
    },
    flush() {
      if (timer) clearTimeout(timer);
      send();
    },
  };
}
