import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { highlightSieve, type SieveSpan } from '../../shared/domain/sieve/highlight';

/** The spans that are not white space, as [kind, text]. */
const tokens = (source: string) =>
  highlightSieve(source)
    .filter((s) => s.kind !== 'whitespace')
    .map((s) => [s.kind, s.text]);

const expectCovers = (source: string, spans: SieveSpan[]) => {
  expect(spans.map((s) => s.text).join('')).toBe(source);
  let at = 0;
  for (const span of spans) {
    expect(span.text.length).toBeGreaterThan(0);
    expect(span.start).toBe(at);
    at += span.text.length;
  }
};

describe('highlightSieve', () => {
  it('colours a comment, a command, a string and punctuation', () => {
    expect(tokens('# sort the shop mail\nfileinto "Shop";')).toEqual([
      ['comment', '# sort the shop mail'],
      ['command', 'fileinto'],
      ['string', '"Shop"'],
      ['punct', ';'],
    ]);
    expect(tokens('/* a\nblock */keep;')).toEqual([
      ['comment', '/* a\nblock */'],
      ['command', 'keep'],
      ['punct', ';'],
    ]);
  });

  it('keeps an escaped quote inside its string', () => {
    expect(tokens('reject "say \\"no\\" politely";')).toEqual([
      ['command', 'reject'],
      ['string', '"say \\"no\\" politely"'],
      ['punct', ';'],
    ]);
  });

  it('takes text: … up to the lone dot as one multi-line string, with its comment apart', () => {
    const source = 'vacation text: # reply\r\nAway.\n..dot\n.\r\n;';
    expect(tokens(source)).toEqual([
      ['command', 'vacation'],
      ['multiline-string', 'text:'],
      ['comment', '# reply\r'], // as in the parser, a comment runs to the line feed
      ['multiline-string', 'Away.\n..dot\n.\r'],
      ['punct', ';'],
    ]);
    // Without a line break after it, "text:" is not a multi-line string.
    expect(tokens('text: "x"')).toEqual([
      ['invalid', 'text:'],
      ['string', '"x"'],
    ]);
  });

  it('knows tags, numbers with their units, tests, and names it does not know', () => {
    expect(tokens('if allof (size :over 100K, size :under 2m, header :is "x" "y") { frobnicate 10; }')).toEqual([
      ['command', 'if'],
      ['test', 'allof'],
      ['punct', '('],
      ['test', 'size'],
      ['tag', ':over'],
      ['number', '100K'],
      ['punct', ','],
      ['test', 'size'],
      ['tag', ':under'],
      ['number', '2m'],
      ['punct', ','],
      ['test', 'header'],
      ['tag', ':is'],
      ['string', '"x"'],
      ['string', '"y"'],
      ['punct', ')'],
      ['punct', '{'],
      ['identifier', 'frobnicate'],
      ['number', '10'],
      ['punct', ';'],
      ['punct', '}'],
    ]);
    // Case does not matter, as in the parser; a name from Object.prototype is not a command.
    expect(tokens('FileInto constructor')).toEqual([
      ['command', 'FileInto'],
      ['identifier', 'constructor'],
    ]);
  });

  it('covers broken input to the end: unterminated string, comment and text:, stray characters', () => {
    expect(tokens('fileinto "Shop;\nstop;')).toEqual([
      ['command', 'fileinto'],
      ['string', '"Shop;\nstop;'],
    ]);
    expect(tokens('keep; /* never closed')).toEqual([
      ['command', 'keep'],
      ['punct', ';'],
      ['comment', '/* never closed'],
    ]);
    expect(tokens('reject text:\nno dot line')).toEqual([
      ['command', 'reject'],
      ['multiline-string', 'text:'],
      ['multiline-string', 'no dot line'],
    ]);
    expect(tokens('keep; @€ ; : "a\\')).toEqual([
      ['command', 'keep'],
      ['punct', ';'],
      ['invalid', '@€'],
      ['punct', ';'],
      ['invalid', ':'],
      ['string', '"a\\'],
    ]);
    for (const source of ['"', '"\\', 'text:', 'text:\n', '/*', '/', ':', '#', '1', 'x']) {
      expectCovers(source, highlightSieve(source));
    }
  });

  it('is empty for an empty script and fast for a long one', () => {
    expect(highlightSieve('')).toEqual([]);
    const line = 'if header :contains "subject" ["offer", "sale"] { fileinto "Promo"; stop; } # 1M\n';
    const source = line.repeat(2000);
    const started = performance.now();
    const spans = highlightSieve(source);
    expect(performance.now() - started).toBeLessThan(200);
    expect(spans.map((s) => s.text).join('')).toBe(source);
  });

  it('always gives back the source exactly, in spans that are never empty', () => {
    const sieveish = fc.constantFrom(
      ...['text:', '\n', '\r\n', '.', '"', '\\', '#', '/*', '*/', ':', 'if', 'fileinto', '1K', ' ', '{', '}', '😀', '\uD800'],
    );
    const source = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.array(fc.oneof(sieveish, fc.string({ maxLength: 3 })), { maxLength: 40 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(source, (s) => {
        expectCovers(s, highlightSieve(s));
      }),
      { numRuns: 2000 },
    );
  });
});
