/**
 * The password rule's verdict alone (strong enough or not), without
 * zxcvbn's word lists: they come as tries (fast-matchers.ts), read from the
 * bytes the build writes beside each worker, so a worker is ready in
 * milliseconds instead of building them for about a second — and its bundle
 * leaves out the 2.5 MB of lists. strength.ts has the rule with feedback (the
 * meter) and the same verdict built from the lists (tests, the in-thread
 * fallback); both read the constants and the tuning here.
 */
import { Options, ZxcvbnFactory, type OptionsType } from '@zxcvbn-ts/core';
import adjacencyGraphs from '@zxcvbn-ts/language-common/dist/adjacencyGraphs.json.mjs';
import { useFastDictionaries, type WordTries } from './fast-matchers';
import { useFastScoring } from './fast-scoring';

export const MIN_PASSWORD_LENGTH = 10;
export const MIN_PASSWORD_SCORE = 3;

/** Tuned options; strength.ts's file comment has the measurements behind them. */
export const ZXCVBN_TUNING: OptionsType = {
  l33tMaxSubstitutions: 10,
  maxLength: 64,
  l33tTable: l33tTableWithoutDoubledLetters(),
};

/**
 * zxcvbn's own l33t table minus the doubled letters read as another letter:
 * `nn` → m, `uu` and `vv` → w. In German `nn` is plain spelling (Anna,
 * können, Sonne); as a "substitution" it doubles the spellings to try at every
 * `nn`, which uses up the search budget before real ones (`4`, `@`, `3`) are
 * tried — with it, `H4nn4h1985` and `J0h@nn352026` pass even at the default
 * budget of 100 where they should fail.
 */
function l33tTableWithoutDoubledLetters(): Record<string, string[]> {
  const table = new Options().l33tTable as Record<string, string[]>;
  return Object.fromEntries(
    Object.entries(table).map(([letter, subs]) => [letter, subs.filter((sub) => !/^(\p{L})\1$/u.test(sub))]),
  );
}

/** Characters as people count them: code points, so an emoji or `ü` is one. */
export function passwordLength(password: string): number {
  let n = 0;
  for (const _ of password) n++;
  return n;
}

export type StrengthVerdict = (password: string, userInputs: readonly string[]) => boolean;

/**
 * The rule's verdict over zxcvbn with the word lists' `tries`, the faster
 * matchers and the tuning (see isStrongPassword in strength.ts for why the
 * verdicts are zxcvbn's own); null when this zxcvbn-ts isn't shaped as
 * expected, so the caller builds it the slow way instead.
 */
export function createVerdict(tries: WordTries, tuning: OptionsType = ZXCVBN_TUNING): StrengthVerdict | null {
  const factory = createVerdictFactory(tries, tuning);
  return factory && verdictOf(factory);
}

/** The rule's verdict over a zxcvbn factory: 10 characters or more, and its score at least 3 with the expanded inputs. */
export function verdictOf(factory: ZxcvbnFactory): StrengthVerdict {
  return (password, userInputs) =>
    passwordLength(password) >= MIN_PASSWORD_LENGTH &&
    factory.check(password, expandUserInputs(userInputs)).score >= MIN_PASSWORD_SCORE;
}

/** The verdict's zxcvbn (see createVerdict), for tests that compare its matches; null as there. */
export function createVerdictFactory(tries: WordTries, tuning: OptionsType = ZXCVBN_TUNING): ZxcvbnFactory | null {
  const factory = new ZxcvbnFactory({ dictionary: {}, graphs: adjacencyGraphs, ...tuning });
  return useFastDictionaries(factory, tries) && useFastScoring(factory) ? factory : null;
}

/**
 * A fixed sample of passwords shaped like the ones admins use (words and
 * names with capitals, years, symbols and l33t spellings, keyboard walks,
 * passphrases, random ones), with and without user inputs: run through a
 * verdict, V8 has optimised the code before the first real check — a fresh
 * thread checks its first few hundred passwords two to three times as slowly
 * otherwise.
 */
export function warmUpSample(): [password: string, userInputs: string[]][] {
  const words = [
    'Sommer',
    'Passwort',
    'Zürich',
    'Sonnenschein',
    'Welcome',
    'dragon',
    'Matterhorn',
    'Schoggi',
    'Muster',
    'Katrin',
  ];
  const tails = ['2026', '1985!', '123', '.', '-7', '#99', '2019?'];
  const l33t = (w: string) => w.replace(/a/g, '4').replace(/e/g, '3').replace(/o/g, '0').replace(/s/g, '$').replace(/i/g, '1');
  const randomChars = 'abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_.+=?!@#$%';
  let seed = 20_261_205;
  const random = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0) / 2 ** 32;
  const at = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  return Array.from({ length: 240 }, (_, i) => {
    const word = at(words);
    const password = [
      () => word + at(tails),
      () => l33t(word) + at(tails),
      () => `${word}-${at(words).toLowerCase()}-${at(words)}${at(tails)}`,
      () => at(['Qwertz123!', 'asdfgh2025', '1qay2wsx3edc', 'Yxcvbnm,.-']),
      () => Array.from({ length: 12 + (i % 9) }, () => at([...randomChars])).join(''),
      () => `${word} ${at(words)} ${at(words)} ${at(words)}`.toLowerCase(),
    ][i % 6]!();
    return [password, i % 2 ? ['katrin.muster@muster-treuhand.ch', 'muster-treuhand.ch'] : []];
  });
}

/**
 * Warms a verdict up over the sample (about half a second on a fresh
 * thread), in slices: between them `pause` lets the thread answer messages,
 * and the warm-up ends early once `stop()` says real work has come (that work
 * warms the code as well, and shouldn't wait for the sample).
 */
export async function warmUpStrengthVerdict(
  verdict: StrengthVerdict,
  pause: () => Promise<unknown>,
  stop: () => boolean = () => false,
): Promise<void> {
  const sample = warmUpSample();
  for (let i = 0; i < sample.length && !stop(); i++) {
    verdict(...sample[i]!);
    if (i % 16 === 15) await pause();
  }
}

/**
 * zxcvbn only matches whole user inputs, so `muster-treuhand.ch` alone doesn't
 * catch `muster-treuhand2026`. Each input is also split into the parts a
 * password borrows: the local part and domain of an address, the domain's
 * labels, the words between `.`, `-`, `_`, `+` and the letter runs
 * (`anna2026` → `anna`). Parts shorter than 3 characters (`ch`) are left out.
 * Earlier inputs rank as more guessable, as zxcvbn ranks its dictionaries.
 */
export function expandUserInputs(inputs: readonly string[]): string[] {
  const out = new Set<string>();
  const add = (part: string) => {
    if (part.length >= 3) out.add(part);
  };
  for (const input of inputs) {
    const whole = input.trim().toLowerCase();
    add(whole);
    const at = whole.lastIndexOf('@');
    const pieces = at >= 0 ? [whole.slice(0, at), ...whole.slice(at + 1).split('.')] : whole.split('.');
    for (const piece of pieces) {
      add(piece);
      for (const word of piece.split(/[^\p{L}\p{N}]+/u)) add(word);
      for (const letters of piece.match(/\p{L}+/gu) ?? []) add(letters);
    }
  }
  return [...out];
}
