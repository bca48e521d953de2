/**
 * zxcvbn-ts 4.2's search for the most guessable match sequence
 * (`Scoring.mostGuessableMatchSequence`), with exactly its result, about
 * three times faster. It is half of a check's time in zxcvbn, mostly spent on
 * work it repeats:
 *
 * - every time a match is tried at the end of a sequence, its guesses are
 *   estimated afresh and the match copied (`estimateGuesses` caches on the
 *   match, but returns a copy, so the cache never hits) — up to five times
 *   per match, and the O(n²) bruteforce matches once per sequence length;
 * - the search state is objects keyed by sequence length, read back with
 *   `Object.keys` and `parseInt` on every step.
 *
 * Here each match is estimated once per search by zxcvbn's own
 * `estimateGuesses`, bruteforce spans once per length (their guesses depend
 * on nothing else) and made only when kept, and the state is arrays indexed
 * by sequence length. Everything else — the order in which candidates are tried, the
 * minimisation function and its arithmetic, the tie rules, the unwinding — is
 * zxcvbn's, so the guesses, the score and the sequence are the same;
 * tests/unit/password.test.ts compares them on a corpus and random strings.
 *
 * zxcvbn-ts has no option for this, so the factory's Scoring instances (its
 * own and the repeat matcher's) get this as their method; @zxcvbn-ts/core is
 * pinned.
 */
import estimateGuesses from '@zxcvbn-ts/core/dist/scoring/estimate.mjs';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

interface Match {
  pattern: string;
  i: number;
  j: number;
  token: string;
  guesses?: number;
  [key: string]: unknown;
}

interface Estimated extends Match {
  guesses: number;
}

interface Sequence {
  password: string;
  guesses: number;
  guessesLog10: number;
  sequence: Estimated[];
}

interface ScoringInternals {
  options: unknown;
  mostGuessableMatchSequence(password: string, matches: Match[], excludeAdditive?: boolean): Sequence;
}

/** zxcvbn's MIN_GUESSES_BEFORE_GROWING_SEQUENCE. */
const MIN_GUESSES_BEFORE_GROWING_SEQUENCE = 10_000;

/**
 * Gives the factory's Scoring instances (its own, the repeat matcher's) the
 * faster search; false, with nothing changed, when they aren't where
 * expected.
 */
export function useFastScoring(factory: ZxcvbnFactory): boolean {
  const internals = factory as unknown as {
    scoring?: unknown;
    matching?: { matchers?: { repeat?: { scoring?: unknown } } };
  };
  const instances = [internals.scoring, internals.matching?.matchers?.repeat?.scoring];
  if (!instances.every(isScoring)) return false;
  for (const scoring of instances as ScoringInternals[]) {
    scoring.mostGuessableMatchSequence = (password, matches, excludeAdditive = false) =>
      mostGuessableMatchSequence(scoring.options, password, matches, excludeAdditive);
  }
  return true;
}

function isScoring(value: unknown): value is ScoringInternals {
  const s = value as Partial<ScoringInternals> | undefined;
  return typeof s?.mostGuessableMatchSequence === 'function' && typeof s.options === 'object' && s.options !== null;
}

function factorial(n: number): number {
  let product = 1;
  for (let i = 2; i <= n; i += 1) product *= i;
  return product;
}

function mostGuessableMatchSequence(options: unknown, password: string, matches: Match[], excludeAdditive: boolean): Sequence {
  const n = password.length;
  // Matches by end position, each list by start (a stable sort, as zxcvbn's).
  const byEnd: Match[][] = Array.from({ length: n }, () => []);
  for (const match of matches) byEnd[match.j]!.push(match);
  for (const list of byEnd) list.sort((a, b) => a.i - b.i);

  // By end position k and sequence length l (index l; holes where zxcvbn's objects have no key):
  // the best sequence's last match, the product of its guesses, and its total.
  const best: Estimated[][] = Array.from({ length: n }, () => []);
  const product: number[][] = Array.from({ length: n }, () => []);
  const total: number[][] = Array.from({ length: n }, () => []);

  const estimates = new Map<Match, Estimated>();
  const estimate = (match: Match): Estimated => {
    let estimated = estimates.get(match);
    if (!estimated) {
      estimated = estimateGuesses(options, match, password) as Estimated;
      estimates.set(match, estimated);
    }
    return estimated;
  };
  // A bruteforce span's guesses depend only on its length (and the password's): zxcvbn's estimate of one span
  // per length, instead of one per span and try (n² of them, each a new object). Spans are made only when kept.
  const bruteforceByLength: Estimated[] = [];
  const bruteforceOf = (length: number): Estimated =>
    (bruteforceByLength[length] ??= estimateGuesses(
      options,
      { pattern: 'bruteforce', token: password.slice(0, length), i: 0, j: length - 1 },
      password,
    ) as Estimated);

  /** zxcvbn's `update`: the sequence of `length` matches ending with [i, k] (`match`; null: bruteforce), if best. */
  const update = (guesses: number, i: number, k: number, length: number, match: Estimated | null) => {
    let pi = guesses;
    if (length > 1) pi *= product[i - 1]![length - 1]!;
    let g = factorial(length) * pi;
    if (!excludeAdditive) g += MIN_GUESSES_BEFORE_GROWING_SEQUENCE ** (length - 1);
    // Skipped when a sequence as short or shorter covering this prefix fares as well.
    const competing = total[k]!;
    for (let l = 1; l <= length && l < competing.length; l++) {
      const other = competing[l];
      if (other !== undefined && other <= g) return;
    }
    total[k]![length] = g;
    best[k]![length] = match ?? { ...bruteforceOf(k - i + 1), token: password.slice(i, k + 1), i, j: k };
    product[k]![length] = pi;
  };

  for (let k = 0; k < n; k++) {
    for (const match of byEnd[k]!) {
      if (match.i > 0) {
        const before = best[match.i - 1]!;
        for (let l = 1; l < before.length; l++) {
          if (before[l] === undefined) continue;
          const estimated = estimate(match);
          update(estimated.guesses, estimated.i, k, l + 1, estimated);
        }
      } else {
        const estimated = estimate(match);
        update(estimated.guesses, 0, k, 1, estimated);
      }
    }
    // Bruteforce spans ending at k: one from the start, and one after each best sequence not ending in bruteforce.
    update(bruteforceOf(k + 1).guesses, 0, k, 1, null);
    for (let i = 1; i <= k; i++) {
      const before = best[i - 1]!;
      const guesses = bruteforceOf(k - i + 1).guesses;
      for (let l = 1; l < before.length; l++) {
        const last = before[l];
        if (last !== undefined && last.pattern !== 'bruteforce') update(guesses, i, k, l + 1, null);
      }
    }
  }

  // Unwind: the best length at the end (the shortest on a tie), then back through the last matches.
  const sequence: Estimated[] = [];
  let length = 0;
  let g = Infinity;
  const atEnd = n > 0 ? total[n - 1]! : [];
  for (let l = 1; l < atEnd.length; l++) {
    const candidate = atEnd[l];
    if (candidate !== undefined && candidate < g) {
      length = l;
      g = candidate;
    }
  }
  const guesses = n === 0 ? 1 : atEnd[length]!;
  for (let k = n - 1; k >= 0;) {
    const match = best[k]![length]!;
    sequence.unshift(match);
    k = match.i - 1;
    length -= 1;
  }
  return { password, guesses, guessesLog10: guesses === 0 ? 0 : Math.log(guesses) / Math.log(10), sequence };
}
