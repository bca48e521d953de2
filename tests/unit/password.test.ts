import crypto from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PASSWORD_LENGTH,
  DIGITS,
  generatePassword,
  LOWER,
  PASSWORD_ALPHABET,
  SYMBOLS,
  uniformPicker,
  UPPER,
} from '../../shared/domain/password/generate';
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as zxcvbnDe from '@zxcvbn-ts/language-de';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import {
  checkPassword,
  expandUserInputs,
  isStrongPassword,
  mergeRankedDictionaries,
  zxcvbnOptions,
  MIN_PASSWORD_SCORE,
  ZXCVBN_TUNING,
  PASSWORD_FEEDBACK_EN,
  passwordLength,
} from '../../shared/domain/password/strength';
import { buildWordTries, decodeWordTries, encodeWordTries, type WordTries } from '../../shared/domain/password/fast-matchers';
import { createVerdict, createVerdictFactory } from '../../shared/domain/password/verdict';

/** A deterministic byte source (SHA-256 in counter mode): the same seed, the same passwords. */
function seededBytes(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  let pool = Buffer.alloc(0);
  return (n) => {
    while (pool.length < n) {
      pool = Buffer.concat([pool, crypto.createHash('sha256').update(`${seed}:${counter++}`).digest()]);
    }
    const out = new Uint8Array(pool.subarray(0, n));
    pool = pool.subarray(n);
    return out;
  };
}

/**
 * Pearson's chi-square of observed counts against equal expected counts, and
 * the critical value at p = 0.001 (Wilson–Hilferty). With a seeded source the
 * result is fixed; the threshold only says "no bias this size would pass".
 */
function chiSquare(counts: number[]): { statistic: number; critical: number } {
  const total = counts.reduce((a, b) => a + b, 0);
  const expected = total / counts.length;
  const statistic = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
  const df = counts.length - 1;
  const z = 3.09; // one-sided 0.001
  const critical = df * (1 - 2 / (9 * df) + z * Math.sqrt(2 / (9 * df))) ** 3;
  return { statistic, critical };
}

const countsOf = (chars: string, text: Iterable<string>) => {
  const counts = new Map([...chars].map((c) => [c, 0]));
  for (const c of text) if (counts.has(c)) counts.set(c, counts.get(c)! + 1);
  return [...counts.values()];
};

describe('generatePassword', () => {
  const random = seededBytes('generate');
  const samples = Array.from({ length: 5000 }, () => generatePassword(random));

  it('has the default length, every class, and only the alphabet', () => {
    for (const password of samples) {
      expect(password).toHaveLength(DEFAULT_PASSWORD_LENGTH);
      for (const chars of [LOWER, UPPER, DIGITS, SYMBOLS]) expect([...password].some((c) => chars.includes(c))).toBe(true);
      expect([...password].every((c) => PASSWORD_ALPHABET.includes(c))).toBe(true);
      expect(password[0]).toMatch(/[a-zA-Z]/);
      expect(password.at(-1)).toMatch(/[a-zA-Z0-9]/);
    }
    expect(new Set(samples).size).toBe(samples.length);
  });

  it('never uses look-alikes, quotes, separators or shell-special characters', () => {
    const all = samples.join('');
    for (const c of '0O1lI"\'`\\,; \t$!%&@#*:') expect(all).not.toContain(c);
  });

  it('takes other lengths and refuses unusable ones', () => {
    for (const length of [10, 16, 64, 128]) expect(generatePassword(random, { length })).toHaveLength(length);
    for (const length of [9, 129, 10.5, Number.NaN]) expect(() => generatePassword(random, { length })).toThrow(RangeError);
  });

  it('shows no bias: each character equally likely within its class (chi-square)', () => {
    const middles = samples.map((p) => p.slice(1, -1)).join('');
    for (const chars of [LOWER, UPPER, DIGITS, SYMBOLS]) {
      const { statistic, critical } = chiSquare(countsOf(chars, middles));
      expect(statistic, `class ${chars}`).toBeLessThan(critical);
    }
    const firsts = chiSquare(
      countsOf(
        LOWER + UPPER,
        samples.map((p) => p[0]!),
      ),
    );
    expect(firsts.statistic).toBeLessThan(firsts.critical);
    const lasts = chiSquare(
      countsOf(
        LOWER + UPPER + DIGITS,
        samples.map((p) => p.at(-1)!),
      ),
    );
    expect(lasts.statistic).toBeLessThan(lasts.critical);
  });

  it('picks uniformly where `byte % n` would not (the test can see modulo bias)', () => {
    const n = PASSWORD_ALPHABET.length; // 63: 256 % 63 = 4, so modulo favours 0–3 by 25 %
    const draws = 63_000;
    const fair = new Array<number>(n).fill(0);
    const pick = uniformPicker(seededBytes('picker'));
    for (let i = 0; i < draws; i++) fair[pick(n)]!++;
    const fairResult = chiSquare(fair);
    expect(fairResult.statistic).toBeLessThan(fairResult.critical);

    const biased = new Array<number>(n).fill(0);
    const bytes = seededBytes('picker')(draws);
    for (const byte of bytes) biased[byte % n]!++;
    const biasedResult = chiSquare(biased);
    expect(biasedResult.statistic).toBeGreaterThan(biasedResult.critical);
  });

  it('fails loudly on a broken random source instead of looping', () => {
    expect(() => generatePassword((n) => new Uint8Array(n).fill(255))).toThrow(/random source/);
    expect(() => generatePassword((n) => new Uint8Array(n))).toThrow(/random source/);
    expect(() => generatePassword(() => new Uint8Array(0))).toThrow(/random source/);
  });

  it('passes checkPassword, at the default length and at the minimum', () => {
    for (const password of samples.slice(0, 40)) expect(checkPassword(password, []).ok, password).toBe(true);
    const short = seededBytes('short');
    for (let i = 0; i < 40; i++) {
      const password = generatePassword(short, { length: 10 });
      expect(checkPassword(password, []).ok, password).toBe(true);
    }
  });
});

describe('checkPassword', () => {
  it('calls an empty password missing', () => {
    expect(checkPassword('', ['anna'])).toMatchObject({ ok: false, code: 'missing-password', score: 0 });
  });

  it.each([
    ['123456', []],
    ['password', []],
    ['azerty', []],
    ['Passwort1', []],
    ['anna2026', ['anna']],
    ['Sommer2026!', []],
    ['Qwertz123456', []],
    // l33t names plus a year: with the full l33t table, `nn` → m would use up the budget of 10 and let them pass
    ['H4nn4h1985', []],
    ['J0h@nn352026', []],
  ])('calls %j weak', (password, inputs) => {
    const result = checkPassword(password, inputs);
    expect(result).toMatchObject({ ok: false, code: 'weak-password' });
    expect(result.score).toBeLessThan(MIN_PASSWORD_SCORE);
  });

  it('calls a strong-looking password of 9 characters weak: the length rule', () => {
    const result = checkPassword('Kz8?mP3-v', []);
    expect(result.score).toBeGreaterThanOrEqual(MIN_PASSWORD_SCORE);
    expect(result).toMatchObject({ ok: false, code: 'weak-password' });
  });

  it.each([
    'correct horse battery staple',
    'Zitronenfalter-Bahnhof-42',
    'Grüezi-Mitenand-77',
    'tB7-kQ9_vX2.mW4',
    'Kz8?mP3-vQ',
    'Velo fahren am Rhein 1291',
  ])('calls %j ok', (password) => {
    const result = checkPassword(password, ['anna.muster@muster-treuhand.ch']);
    expect(result.ok).toBe(true);
    expect(result.code).toBeUndefined();
    expect(result.score).toBeGreaterThanOrEqual(MIN_PASSWORD_SCORE);
  });

  it('uses the address and the domain: what would be ok alone is weak for this mailbox', () => {
    const alone = checkPassword('muster-treuhand2026', []);
    const forMailbox = checkPassword('muster-treuhand2026', ['anna.muster', 'muster-treuhand.ch']);
    expect(alone.ok).toBe(true);
    expect(forMailbox.score).toBeLessThan(alone.score);
    expect(forMailbox).toMatchObject({ ok: false, code: 'weak-password', warning: 'userInputs' });
    expect(checkPassword('Anna.Muster-77!', ['anna.muster@muster-treuhand.ch']).ok).toBe(false);
  });

  it('splits user inputs into the parts passwords borrow', () => {
    expect(expandUserInputs(['Anna.Muster@Muster-Treuhand.ch', 'anna2026'])).toEqual([
      'anna.muster@muster-treuhand.ch',
      'anna.muster',
      'anna',
      'muster',
      'muster-treuhand',
      'treuhand',
      'anna2026',
    ]);
  });

  it('reports feedback as translation keys with English texts, and the crack time in English', () => {
    const result = checkPassword('password', []);
    expect(result.warning).toBe('topTen');
    expect(result.suggestions).toContain('anotherWord');
    expect(PASSWORD_FEEDBACK_EN.warnings[result.warning!]).toBe('This is a heavily used password.');
    for (const key of result.suggestions) expect(PASSWORD_FEEDBACK_EN.suggestions[key]).toEqual(expect.any(String));
    expect(result.crackTime).toBe('less than a second');
    expect(checkPassword('correct horse battery staple', [])).toMatchObject({ crackTime: 'centuries', suggestions: [] });
    expect(checkPassword('correct horse battery staple', []).warning).toBeUndefined();
  });

  it('counts characters as code points', () => {
    expect(passwordLength('Grüezi🔑')).toBe(7);
    expect(checkPassword('🔑🔑🔑🔑🔑🔑🔑🔑🔑', []).code).toBe('weak-password');
  });

  it('checks very long passwords (only the first 64 characters are analysed)', () => {
    expect(checkPassword('tB7-kQ9_vX2.mW4'.repeat(20), []).ok).toBe(true);
    expect(checkPassword('a'.repeat(300), []).ok).toBe(false);
  });
});

describe('isStrongPassword (the verdict alone, for bulk checks)', () => {
  it('merges the ranked dictionaries of this zxcvbn-ts version (else it would silently be the slow path)', () => {
    expect(mergeRankedDictionaries(new ZxcvbnFactory(zxcvbnOptions()))).toBe(true);
  });

  // The word lists' tries as the workers get them: built, written as bytes, read back.
  const tries = (): WordTries => decodeWordTries(encodeWordTries(buildWordTries(zxcvbnOptions().dictionary!)))!;

  it('reads the tries back from their bytes exactly, and refuses bytes that are not theirs', () => {
    const built = buildWordTries(zxcvbnOptions().dictionary!);
    const bytes = encodeWordTries(built);
    // Typed arrays compared as bytes (toEqual walks 600,000 elements one by one, for seconds).
    const asBytes = (t: WordTries) =>
      [t.words, t.sequences].flatMap((trie) =>
        [trie.first, trie.count, trie.unit, trie.rank].map((a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength)),
      );
    const same = (read: WordTries | null) => {
      expect(read).not.toBeNull();
      expect([read!.wordsMax, read!.sequencesMax]).toEqual([built.wordsMax, built.sequencesMax]);
      const [a, b] = [asBytes(read!), asBytes(built)];
      a.forEach((array, i) => expect(array.equals(b[i]!), `array ${i}`).toBe(true));
    };
    expect(built.words.rank.length).toBeGreaterThan(100_000);
    same(decodeWordTries(bytes));
    // At an odd offset (a Node Buffer from a pool): copied, same tries.
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    same(decodeWordTries(shifted.subarray(1)));
    expect(decodeWordTries(bytes.subarray(0, bytes.length - 4))).toBeNull();
    expect(decodeWordTries(new TextEncoder().encode('not the tries at all, just some text'))).toBeNull();
    const otherFormat = bytes.slice();
    otherFormat[4] = 99;
    expect(decodeWordTries(otherFormat)).toBeNull();
  });

  it('finds exactly zxcvbn’s matches with the faster matchers and scoring: same matches, guesses and sequence', () => {
    const zxcvbn = new ZxcvbnFactory({ ...zxcvbnOptions(), ...ZXCVBN_TUNING });
    expect(mergeRankedDictionaries(zxcvbn)).toBe(true);
    const fast = createVerdictFactory(tries());
    expect(fast).not.toBeNull();
    // Every match zxcvbn finds (all matchers, in its order), then the guesses and the best sequence.
    const result = (f: ZxcvbnFactory, password: string, inputs: string[]) => {
      const r = f.check(password, inputs);
      return {
        matches: (f as unknown as { main: (p: string, u: string[]) => unknown }).main(password, inputs),
        guesses: r.guesses,
        score: r.score,
        sequence: r.sequence,
      };
    };
    const same = (password: string, inputs: string[] = []) =>
      expect(result(fast!, password, inputs), password).toEqual(result(zxcvbn, password, inputs));
    // l33t spellings of words, names and years, multi-character substitutions, user inputs, and
    // the characters whose lower case changes length or depends on context (zxcvbn's own path).
    for (const password of [
      'P4$$w0rd2026!',
      'J0h@nn352026',
      'H4nn4h1985',
      'M|_|573r-7r3|_|h4nd',
      '()|\\/|\\/',
      'p@ssw0rdp@ssw0rd',
      'S0mm3r!S0nn3',
      '1qay2wsx3edc',
      '5ch0gg1-Bärl1',
      'İst4nbul2026',
      'ΣΟΦΙΑ2026σοφια',
      'ß7r4ss3-1337',
      'a'.repeat(40) + '4@',
      // repeats (scored by their own search), sequences, dates, separators, keyboard walks
      'abcabcabcabc!2026',
      'zzzzzzzzzzzz',
      '1234567890qwertz',
      '19.08.1985-Anna',
      'Sommer Sommer Sommer',
      'qwertzuiop-asdfghjkl',
      '',
    ])
      same(password, ['anna.muster@muster-treuhand.ch']);
    const l33tRich = fc.constantFrom(...'aeiostlbgz4@31!|0$5+7()[]{}<>/\\_-. AEOSTÜßİΣ2026'.split(''));
    fc.assert(
      fc.property(fc.array(l33tRich, { minLength: 1, maxLength: 24 }), fc.boolean(), (chars, withInputs) => {
        same(chars.join(''), withInputs ? ['s4nt0s@muster-treuhand.ch'] : []);
      }),
      { numRuns: 400, seed: 20261205 },
    );
  });

  it('gives the same verdict as checkPassword on a mixed corpus of 600 passwords', () => {
    const bytes = seededBytes('verdict-corpus');
    const at = <T>(items: readonly T[]): T => items[Buffer.from(bytes(4)).readUInt32LE(0) % items.length]!;
    const cap = (w: string) => w[0]!.toUpperCase() + w.slice(1);
    const leet = (w: string) => w.replace(/a/g, '4').replace(/e/g, '3').replace(/o/g, '0').replace(/s/g, '$');
    const de = zxcvbnDe.dictionary.commonWords.slice(0, 2000).filter((w) => w.length >= 4);
    const en = zxcvbnEn.dictionary['commonWords-en'].slice(0, 2000).filter((w) => w.length >= 4);
    const names = [...zxcvbnDe.dictionary.firstnames.slice(0, 300), ...zxcvbnEn.dictionary['firstnames-en'].slice(0, 300)];
    const tails = ['1985', '2026', '123', '!', '01', '99', '2019!', ''];
    const inputs = ['anna.muster@muster-treuhand.ch', 'muster-treuhand.ch'];
    const kinds: (() => [string, string[]])[] = [
      () => [generatePassword(bytes, { length: 12 }), []],
      () => [cap(at(de)) + at(tails), []],
      () => [cap(at(en)) + cap(at(en)) + at(tails), []],
      () => [leet(cap(at(names))) + at(tails), []],
      () => [cap(at(names)) + '-' + cap(at(de)) + at(tails), []],
      () => [[at(de), at(en), at(de)].join(at(['-', '.', ' ', ''])), []],
      () => [at(['OneTwoThree', 'MontagDienstag', 'januaryfebruary', 'SpringSummer', 'redorangeyellow']) + at(tails), []],
      () => [at(['qwertz', 'asdfgh', '1qay2wsx', 'zaq12wsx']) + at(tails) + at(['!', '#']), []],
      () => [
        cap(at(['anna', 'muster', 'treuhand'])) + at(['-', '.']) + cap(at(['anna', 'muster', 'treuhand'])) + at(tails),
        inputs,
      ],
      () => [leet(at(de)) + leet(at(en)) + at(tails), inputs],
    ];
    const corpus = Array.from({ length: 600 }, (_, i) => kinds[i % kinds.length]!());
    const fromBytes = createVerdict(tries())!; // as the workers build it
    const differ = corpus.filter(
      ([password, userInputs]) =>
        isStrongPassword(password, userInputs) !== checkPassword(password, userInputs).ok ||
        fromBytes(password, userInputs) !== checkPassword(password, userInputs).ok,
    );
    expect(differ).toEqual([]);
    // Both verdicts occur, so the comparison means something.
    const strong = corpus.filter(([password, userInputs]) => isStrongPassword(password, userInputs)).length;
    expect(strong).toBeGreaterThan(60);
    expect(strong).toBeLessThan(540);
  });

  it('never asks zxcvbn about fewer than 10 characters, and is false for them however random', () => {
    expect(isStrongPassword('Xq7-kP2.w', [])).toBe(false);
    expect(checkPassword('Xq7-kP2.w', []).score).toBeGreaterThanOrEqual(MIN_PASSWORD_SCORE);
    expect(isStrongPassword('', [])).toBe(false);
  });
});
