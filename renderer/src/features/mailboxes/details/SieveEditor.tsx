import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  type ReactNode,
  type TextareaHTMLAttributes,
} from 'react';
import { highlightSieve, type SieveSpanKind } from '../../../../../shared/domain/sieve/highlight';

type Part = { kind: SieveSpanKind; text: string };
type Line = { parts: Part[]; key: string };

type Props = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'className' | 'onScroll'> & {
  value: string;
  /** Where the parser stopped (1-based line and column), marked in the highlighted layer. */
  error?: { line: number; column: number } | null;
};

/**
 * The Sieve editor: a native <textarea> with transparent text over a <pre> that shows the same text coloured.
 * The textarea does all the editing (caret, selection, undo, IME, labels, screen readers); the <pre> is only
 * for the eye (aria-hidden) and follows its scrolling. Both share font, padding, line height and no wrapping,
 * so every character lies over its coloured twin.
 */
export function SieveEditor({ value, error, ...textarea }: Props) {
  const preRef = useRef<HTMLPreElement>(null);
  const areaRef = useRef<HTMLTextAreaElement>(null);
  // Tokenised once per text; lines are memoised on their content, so a keystroke re-renders one line, not 2,000.
  const lines = useMemo(() => toLines(value), [value]);
  const sync = useCallback(() => {
    const pre = preRef.current;
    const area = areaRef.current;
    if (!pre || !area) return;
    // The layer leaves out the textarea's scroll bars, so both scroll over the same visible box and as far.
    const right = `${Math.max(0, area.offsetWidth - area.clientWidth - area.clientLeft * 2)}px`;
    const bottom = `${Math.max(0, area.offsetHeight - area.clientHeight - area.clientTop * 2)}px`;
    if (pre.style.right !== right) pre.style.right = right;
    if (pre.style.bottom !== bottom) pre.style.bottom = bottom;
    pre.scrollTop = area.scrollTop;
    pre.scrollLeft = area.scrollLeft;
  }, []);
  useLayoutEffect(() => sync(), [sync, lines]);
  useEffect(() => {
    // A textarea resized by hand may gain or lose its scroll bars.
    const observer = new ResizeObserver(sync);
    if (areaRef.current) observer.observe(areaRef.current);
    return () => observer.disconnect();
  }, [sync]);
  return (
    <div className="sieve-code-editor">
      <pre ref={preRef} className="sieve-code sieve-highlight" aria-hidden="true">
        <span className="sieve-highlight-lines">
          {lines.map((line, index) => (
            <SieveLine
              key={index}
              parts={line.parts}
              signature={line.key}
              errorColumn={error && error.line === index + 1 ? error.column : null}
            />
          ))}
        </span>
      </pre>
      <textarea {...textarea} ref={areaRef} className="input mono sieve-code sieve-input" value={value} onScroll={sync} />
    </div>
  );
}

/** The script as lines of coloured parts (spans that cross a line break are cut there). */
function toLines(source: string): Line[] {
  const lines: Line[] = [];
  let parts: Part[] = [];
  const close = () => {
    lines.push({ parts, key: parts.map((p) => `${p.kind}\u0000${p.text}`).join('\u0001') });
    parts = [];
  };
  for (const span of highlightSieve(source)) {
    const pieces = span.text.split('\n');
    pieces.forEach((text, index) => {
      if (index > 0) close();
      if (text) parts.push({ kind: span.kind, text });
    });
  }
  close();
  return lines;
}

const SieveLine = memo(
  function SieveLine({ parts, errorColumn }: { parts: Part[]; signature: string; errorColumn: number | null }) {
    if (errorColumn === null) {
      return (
        <span className="sieve-line">
          {parts.map((p, index) => (
            <Token key={index} part={p} />
          ))}
          {'\n'}
        </span>
      );
    }
    // The part holding the error column is cut there; from the column to the end of that token is underlined
    // (one character when the error sits in white space, a blank one when it lies past the end of the line).
    const at = errorColumn - 1;
    const out: ReactNode[] = [];
    let offset = 0;
    let marked = false;
    parts.forEach((p, index) => {
      const end = offset + p.text.length;
      if (!marked && at >= offset && at < end) {
        marked = true;
        const cut = at - offset;
        const markEnd = p.kind === 'whitespace' ? cut + 1 : p.text.length;
        if (cut > 0) out.push(<Token key={`${index}a`} part={{ kind: p.kind, text: p.text.slice(0, cut) }} />);
        out.push(
          <span key={`${index}m`} className={`sieve-tok-${p.kind} sieve-error-at`}>
            {p.text.slice(cut, markEnd)}
          </span>,
        );
        if (markEnd < p.text.length) out.push(<Token key={`${index}b`} part={{ kind: p.kind, text: p.text.slice(markEnd) }} />);
      } else out.push(<Token key={index} part={p} />);
      offset = end;
    });
    return (
      <span className="sieve-line sieve-line-error">
        {out}
        {!marked && (
          <span key="eol" className="sieve-error-at">
            {' '}
          </span>
        )}
        {'\n'}
      </span>
    );
  },
  (a, b) => a.signature === b.signature && a.errorColumn === b.errorColumn,
);

function Token({ part }: { part: Part }) {
  return part.kind === 'whitespace' ? part.text : <span className={`sieve-tok-${part.kind}`}>{part.text}</span>;
}
