import { useEffect, useId, useRef, useState, type ReactNode } from 'react';

/** A button that opens a small non-modal panel; Escape or a click outside closes it. */
export function Popover({ label, badge, children }: { label: string; badge?: string | number | null; children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const onDown = (event: MouseEvent) => {
      if (!ref.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open]);
  return (
    <div
      className="popover"
      ref={ref}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && open) {
          event.stopPropagation();
          setOpen(false);
          ref.current?.querySelector('button')?.focus();
        }
      }}
    >
      <button type="button" className="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
        {label}
        {badge ? <span className="count-badge">{badge}</span> : null}
      </button>
      {open && (
        <div id={id} className="popover-panel" role="group" aria-label={label}>
          {children}
        </div>
      )}
    </div>
  );
}
