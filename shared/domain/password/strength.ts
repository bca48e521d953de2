/**
 * The provider's password rule, one implementation for the strength meter as
 * you type, for bulk create (thousands of passwords) and for the CLI:
 *
 * - an empty password is `missing-password`;
 * - fewer than 10 characters (Unicode code points), or a zxcvbn score below 3,
 *   is `weak-password`.
 *
 * zxcvbn-ts 4 with the common, English and German dictionaries and the common
 * keyboard graphs (QWERTY, QWERTZ, AZERTY, Dvorak, keypads). One factory,
 * built on first use (about 0.3 s and 16 MB for the dictionaries) and reused.
 *
 * Options, measured on this project's 2-core build machine
 * (tests/bench/password.bench.ts, and two seeded 3,000-password corpora of
 * common passwords, words and names with capitals, years, symbols and l33t
 * spellings, plus keyboard walks, passphrases and generated passwords):
 *
 * - zxcvbn's defaults cost p50 7–14 ms, p95 35–75 ms per password, up to
 *   ~130 ms for some (random ones rich in `1 ! 0 @ $ |`): too slow for a meter
 *   on every keystroke (16 ms) and minutes for thousands in bulk create.
 * - `l33tMaxSubstitutions: 10` (default 100) caps how many l33t spellings of
 *   the password (`4`→a, `1`→i or l, …) are looked up: p50 ~4 ms, p95 ~10–14
 *   ms (the benchmark: p50 3.6–3.9, p95 10.1–10.4, max 14–21 ms). A lower cap only misses matches, so alone it never rejects more than
 *   the defaults, but it accepted 0.4–0.5 % of the corpora that the defaults
 *   reject, all of them l33t-spelled names and words plus a year
 *   (`J0h@nn352026`, `H4nn4h1985`): BENCHMARKS.md's "same verdicts" holds for
 *   ordinary passwords only.
 * - `l33tTable` without the doubled letters (see below) recovers most of
 *   those: 5 per 3,000 accepted that the defaults reject (`Mi773l1990`:
 *   `7` as both t and l), and 2–4 per 3,000 rejected that the defaults accept
 *   — l33t names plus a year again (`Anne-c0r1nn31985`), which the defaults
 *   only let through because `nn` used up their budget of 100. Verdicts on
 *   everything else are the same.
 * - `maxLength: 64` (default 256): only the first 64 characters are analysed.
 *   Cost grows with the square of the length (256 characters: ~0.5 s). A
 *   prefix rates no stronger than the whole (zxcvbn multiplies the guesses of
 *   the parts), so this errs on the cautious side, and 64 characters that
 *   aren't already strong are rare.
 *
 * Feedback: `warning` and `suggestions` are zxcvbn's translation *keys*
 * (`topTen`, `capitalization`, …), so each UI language translates them (the
 * texts of @zxcvbn-ts/language-en and -de use the same keys); the English
 * texts are in `PASSWORD_FEEDBACK_EN` for the CLI. Warnings and suggestions
 * have separate key sets (`dates` is in both). `crackTime` is English text
 * for an offline attack on a slow hash (10⁴ guesses/s), as zxcvbn words it;
 * `crackTimeSeconds` is the number, for a localised display.
 */
import { ZxcvbnFactory, type OptionsType } from '@zxcvbn-ts/core';
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnDe from '@zxcvbn-ts/language-de';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { buildWordTries, encodeWordTries } from './fast-matchers';
import {
  createVerdict,
  expandUserInputs,
  MIN_PASSWORD_LENGTH,
  MIN_PASSWORD_SCORE,
  passwordLength,
  verdictOf,
  ZXCVBN_TUNING,
  type StrengthVerdict,
} from './verdict';

export {
  expandUserInputs,
  MIN_PASSWORD_LENGTH,
  MIN_PASSWORD_SCORE,
  passwordLength,
  ZXCVBN_TUNING,
  type StrengthVerdict,
} from './verdict';

export type PasswordScore = 0 | 1 | 2 | 3 | 4;
export type PasswordProblem = 'missing-password' | 'weak-password';
export type PasswordWarning = keyof typeof zxcvbnEn.translations.warnings;
export type PasswordSuggestion = keyof typeof zxcvbnEn.translations.suggestions;

export interface PasswordCheck {
  ok: boolean;
  code?: PasswordProblem;
  score: PasswordScore;
  /** A translation key (see the file comment); absent when zxcvbn has nothing to warn about. */
  warning?: PasswordWarning;
  /** Translation keys, most important first. */
  suggestions: PasswordSuggestion[];
  /** English, e.g. "3 hours", "centuries". */
  crackTime: string;
  crackTimeSeconds: number;
}

/** English texts of the feedback keys, for hosts without their own translations (the CLI). */
export const PASSWORD_FEEDBACK_EN = {
  warnings: zxcvbnEn.translations.warnings,
  suggestions: zxcvbnEn.translations.suggestions,
} as const;

/** The rule with the tuned options; the dictionaries load on the first call. */
export const checkPassword: (password: string, userInputs: readonly string[]) => PasswordCheck = createPasswordChecker();

/**
 * The rule over a factory with the given options, built on the first call and
 * reused. `checkPassword` is the one to use; the benchmark compares tunings.
 */
export function createPasswordChecker(
  tuning: OptionsType = ZXCVBN_TUNING,
): (password: string, userInputs: readonly string[]) => PasswordCheck {
  let factory: ZxcvbnFactory | undefined;
  return (password, userInputs) => {
    if (password.length === 0) {
      return { ok: false, code: 'missing-password', score: 0, suggestions: [], crackTime: '', crackTimeSeconds: 0 };
    }
    factory ??= new ZxcvbnFactory({ ...zxcvbnOptions(), ...tuning });
    const result = factory.check(password, expandUserInputs(userInputs));
    const crack = result.crackTimes.offlineSlowHashingXPerSecond;
    const ok = passwordLength(password) >= MIN_PASSWORD_LENGTH && result.score >= MIN_PASSWORD_SCORE;
    return {
      ok,
      ...(ok ? {} : { code: 'weak-password' as const }),
      score: result.score,
      ...(result.feedback.warning ? { warning: result.feedback.warning as PasswordWarning } : {}),
      suggestions: result.feedback.suggestions as PasswordSuggestion[],
      crackTime: crack.display,
      crackTimeSeconds: crack.seconds,
    };
  };
}

/**
 * The rule's verdict alone, for many passwords at once (bulk create's check,
 * the CLI, the service's commit): the same verdicts as `checkPassword(…).ok`,
 * about eight times faster (tests/bench/bulk-create.bench.ts), without feedback.
 *
 * - Fewer than 10 characters is weak whatever the score: zxcvbn isn't asked.
 * - zxcvbn looks every substring of the password (and of each l33t spelling
 *   and its reverse) up in each of its 23 ranked dictionaries, one after the
 *   other. A match's guesses depend only on its rank, never on the
 *   dictionary's name (the name picks feedback texts, and `diceware` — a name
 *   these packages don't use), and the best match wins; so one dictionary
 *   holding each word at its lowest rank scores every password the same, with
 *   one lookup instead of 23. Word-sequence lists stay apart in a second one,
 *   since the word-sequence matcher reads only those.
 *
 * - The dictionary matchers walk the merged dictionaries as tries instead of
 *   looking every substring up, and the l33t matchers make only the matches
 *   they keep (`useFastDictionaries`, fast-matchers.ts).
 *
 * zxcvbn-ts has no option for either, so they change the factory's internals
 * (@zxcvbn-ts/core, pinned). If these aren't in the shape expected, the
 * factory is left as it is: slower, still right. tests/unit/password.test.ts
 * compares the verdicts on a corpus.
 */
export const isStrongPassword: StrengthVerdict = createStrengthVerdict();

/**
 * The verdict with the tries built from the word lists on the first call
 * (about a second; workers read them prebuilt instead, see verdict.ts); if
 * this zxcvbn-ts isn't shaped as expected, its own matchers on the merged
 * dictionaries — slower, same verdicts.
 */
export function createStrengthVerdict(tuning: OptionsType = ZXCVBN_TUNING): StrengthVerdict {
  let verdict: StrengthVerdict | undefined;
  return (password, userInputs) => {
    if (passwordLength(password) < MIN_PASSWORD_LENGTH) return false;
    verdict ??= createVerdict(buildWordTries(zxcvbnOptions().dictionary ?? {}), tuning) ?? mergedVerdict(tuning);
    return verdict(password, userInputs);
  };
}

/** zxcvbn's word lists (zxcvbnOptions) as the tries' bytes the build writes beside the workers (see verdict.ts). */
export function strengthWordsBytes(): Uint8Array {
  return encodeWordTries(buildWordTries(zxcvbnOptions().dictionary ?? {}));
}

function mergedVerdict(tuning: OptionsType): StrengthVerdict {
  const factory = new ZxcvbnFactory({ ...zxcvbnOptions(), ...tuning });
  mergeRankedDictionaries(factory);
  return verdictOf(factory);
}

interface RankedInternals {
  rankedDictionaries: Record<string, Record<string, number>>;
  rankedDictionariesMaxWordSize: Record<string, number>;
  isWordSequence(name: string): boolean;
}

/** Merges the factory's ranked dictionaries (see `isStrongPassword`); false when its internals aren't as expected. */
export function mergeRankedDictionaries(factory: ZxcvbnFactory): boolean {
  const o = (factory as unknown as { options?: Partial<RankedInternals> }).options;
  if (
    !o ||
    typeof o.isWordSequence !== 'function' ||
    typeof o.rankedDictionaries !== 'object' ||
    typeof o.rankedDictionariesMaxWordSize !== 'object'
  )
    return false;
  const words: Record<string, number> = Object.create(null) as Record<string, number>;
  const sequences: Record<string, number> = Object.create(null) as Record<string, number>;
  let wordsMax = 0;
  let sequencesMax = 0;
  for (const [name, dictionary] of Object.entries(o.rankedDictionaries)) {
    const sequence = o.isWordSequence(name);
    const into = sequence ? sequences : words;
    for (const word in dictionary) {
      const rank = dictionary[word]!;
      if (!(into[word]! <= rank)) into[word] = rank;
    }
    const max = o.rankedDictionariesMaxWordSize[name] ?? 0;
    if (sequence) sequencesMax = Math.max(sequencesMax, max);
    else wordsMax = Math.max(wordsMax, max);
  }
  // The name must still read as a word sequence (`months-…`) for the word-sequence matcher to use it.
  const sequenceName = 'months-merged';
  if (!o.isWordSequence(sequenceName) || o.isWordSequence('merged')) return false;
  o.rankedDictionaries = { merged: words, [sequenceName]: sequences };
  o.rankedDictionariesMaxWordSize = { merged: wordsMax, [sequenceName]: sequencesMax };
  return true;
}

/**
 * Dictionaries, graphs and translations, without the tuning. The German package (3.x, the newest)
 * names its lists without a language suffix; they get `-de` so they can't
 * clash and read like the English ones (`commonWords-en`).
 */
export function zxcvbnOptions(): OptionsType {
  const de = Object.fromEntries(Object.entries(zxcvbnDe.dictionary).map(([name, words]) => [`${name}-de`, words]));
  return {
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary, ...de },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: {
      warnings: keysOf(zxcvbnEn.translations.warnings),
      suggestions: keysOf(zxcvbnEn.translations.suggestions),
      timeEstimation: zxcvbnEn.translations.timeEstimation,
    },
  };
}

/** `{ topTen: 'This is…' }` → `{ topTen: 'topTen' }`: zxcvbn then reports keys. */
function keysOf<T extends Record<string, string>>(texts: T): { [K in keyof T]: K & string } {
  return Object.fromEntries(Object.keys(texts).map((key) => [key, key])) as { [K in keyof T]: K & string };
}
