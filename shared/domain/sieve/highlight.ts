/**
 * Sieve for the eye: splits a script into coloured spans for the editor.
 *
 * Hand-written, like the parser next to it: no npm package has a Sieve
 * grammar, and CodeMirror or Prism would be a large dependency (and a second
 * editor to theme and make accessible) for one small language. It follows the
 * lexer in parse.ts token for token, but it is tolerant where that one stops:
 * it never throws, and broken input (an unterminated string, comment or
 * `text:` block, a stray character) still gets spans, so the spans always
 * cover the source exactly — joined, their texts give back the source, and
 * none is empty. What is wrong is the parser's to say; this only colours.
 *
 * Names are coloured by what they are, not by where they stand: a known
 * command (`fileinto`) is a command and a known test (`header`) a test
 * wherever they appear; any other word is a plain identifier.
 */
import { COMMANDS, TESTS } from './parse';

export type SieveSpanKind =
  | 'comment'
  | 'string'
  | 'multiline-string'
  | 'tag'
  | 'number'
  | 'command'
  | 'test'
  | 'identifier'
  | 'punct'
  | 'whitespace'
  | 'invalid';

export interface SieveSpan {
  kind: SieveSpanKind;
  text: string;
  /** Offset of the first character in the source (UTF-16 code units, as string indexes). */
  start: number;
}

const isSpace = (c: string | undefined) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isNameStart = (c: string | undefined) => c !== undefined && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_');
const isNameChar = (c: string | undefined) => isNameStart(c) || isDigit(c);
const isPunct = (c: string) => c.length === 1 && '[](){},;'.includes(c);
/** Whether a token of some kind (valid or not) starts at `at`; anything else is part of an invalid run. */
const startsToken = (source: string, at: number) => {
  const c = source[at]!;
  return (
    isSpace(c) || isNameChar(c) || isPunct(c) || c === '#' || c === '"' || c === ':' || (c === '/' && source[at + 1] === '*')
  );
};

/** The spans of a script, in order, covering all of it. Never throws. */
export function highlightSieve(source: string): SieveSpan[] {
  const spans: SieveSpan[] = [];
  const n = source.length;
  let i = 0;
  /** Emits source[i, end) as one span (nothing if empty) and moves on. */
  const emit = (kind: SieveSpanKind, end: number) => {
    const to = Math.min(Math.max(end, i), n);
    if (to > i) spans.push({ kind, text: source.slice(i, to), start: i });
    i = to;
  };
  const lineEnd = (from: number) => {
    const at = source.indexOf('\n', from);
    return at < 0 ? n : at;
  };

  while (i < n) {
    const c = source[i]!;
    if (isSpace(c)) {
      let j = i + 1;
      while (j < n && isSpace(source[j])) j++;
      emit('whitespace', j);
    } else if (c === '#') {
      emit('comment', lineEnd(i));
    } else if (c === '/' && source[i + 1] === '*') {
      const close = source.indexOf('*/', i + 2);
      emit('comment', close < 0 ? n : close + 2);
    } else if (c === '"') {
      let j = i + 1;
      while (j < n && source[j] !== '"') j += source[j] === '\\' ? 2 : 1;
      emit('string', j + 1); // past the closing quote; clamped to the end when there is none
    } else if (isNameStart(c)) {
      let j = i + 1;
      while (j < n && isNameChar(source[j])) j++;
      const word = source.slice(i, j).toLowerCase();
      if (word === 'text' && source[j] === ':') multiline(j + 1);
      else emit(Object.hasOwn(COMMANDS, word) ? 'command' : Object.hasOwn(TESTS, word) ? 'test' : 'identifier', j);
    } else if (c === ':') {
      if (isNameStart(source[i + 1])) {
        let j = i + 2;
        while (j < n && isNameChar(source[j])) j++;
        emit('tag', j);
      } else emit('invalid', i + 1);
    } else if (isDigit(c)) {
      let j = i + 1;
      while (j < n && isDigit(source[j])) j++;
      if ('KMGkmg'.includes(source[j] ?? '_')) j++;
      emit('number', j);
    } else if (isPunct(c)) {
      emit('punct', i + 1);
    } else {
      let j = i + 1;
      while (j < n && !startsToken(source, j)) j++;
      emit('invalid', j);
    }
  }
  return spans;

  /**
   * `text:` (ending at `afterColon`), then blanks, an optional `#` comment and a line break, then lines up to
   * a lone "." — or to the end of the script when that line never comes. Without the line break, `text:` is invalid.
   */
  function multiline(afterColon: number) {
    let j = afterColon;
    while (source[j] === ' ' || source[j] === '\t') j++;
    const commentEnd = source[j] === '#' ? lineEnd(j) : j;
    const breakAt = source[commentEnd] === '\r' ? commentEnd + 1 : commentEnd;
    if (source[breakAt] !== '\n') {
      emit('invalid', afterColon);
      return;
    }
    emit('multiline-string', afterColon);
    emit('whitespace', j);
    emit('comment', commentEnd);
    emit('whitespace', breakAt + 1);
    let end = n;
    for (let line = i; line < n;) {
      const eol = lineEnd(line);
      const length = eol - line;
      if (source[line] === '.' && (length === 1 || (length === 2 && source[line + 1] === '\r'))) {
        end = eol;
        break;
      }
      line = eol + 1;
    }
    emit('multiline-string', end);
  }
}
