/**
 * Password check benchmark: checkPassword (zxcvbn-ts with common + English +
 * German dictionaries) on 200 mixed passwords, with the tuned options that
 * shared/domain/password/strength.ts uses and with zxcvbn's defaults, in the
 * same run. Per password the median of ROUNDS checks counts; printed are p50,
 * p95 and max over the 200, the factory build time (first call), and how many
 * verdicts the two settings disagree on.
 *
 * The mix, deterministic (seeded): generated passwords, common passwords with
 * the usual decorations (capital, year, `!`), German and English words and
 * names with years, l33t spellings, keyboard walks, passphrases, and
 * passwords made of the mailbox's own address.
 */
import * as zxcvbnCommon from '@zxcvbn-ts/language-common';
import * as zxcvbnDe from '@zxcvbn-ts/language-de';
import * as zxcvbnEn from '@zxcvbn-ts/language-en';
import { generatePassword } from '../../shared/domain/password/generate';
import { createPasswordChecker, ZXCVBN_TUNING, type PasswordCheck } from '../../shared/domain/password/strength';
import { machineLine, ms, percentile } from './machine';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const COUNT = 200;

// mulberry32: a small seeded PRNG, good enough to pick test data.
let seed = 20_260_101;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
};
const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(random() * 256));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const cap = (word: string) => word[0]!.toUpperCase() + word.slice(1);
const LEET: Record<string, string[]> = { a: ['4', '@'], e: ['3'], i: ['1', '!'], o: ['0'], s: ['$', '5'], t: ['7'] };
const leet = (word: string) => word.replace(/[aeiost]/g, (c) => (random() < 0.7 ? pick(LEET[c]!) : c));

const common = zxcvbnCommon.dictionary['passwords-common'].slice(0, 2000).filter((w) => w.length >= 4);
const deWords = zxcvbnDe.dictionary.commonWords.slice(0, 3000).filter((w) => w.length >= 4);
const enWords = zxcvbnEn.dictionary['commonWords-en'].slice(0, 3000).filter((w) => w.length >= 4);
const names = [...zxcvbnDe.dictionary.firstnames.slice(0, 400), ...zxcvbnEn.dictionary['firstnames-en'].slice(0, 400)];
const tails = ['1985', '1990', '2019', '2025', '2026', '123', '1234', '!', '01', '99'];
const walks = ['qwertz', 'qwerty', 'asdfgh', 'yxcvbn', '1qay2wsx', 'qwertzuiop', 'asdfghjkl', '1q2w3e4r', 'zaq12wsx'];
const org = { inputs: ['anna.muster@muster-treuhand.ch', 'muster-treuhand.ch'], words: ['anna', 'muster', 'treuhand'] };

type Sample = { password: string; inputs: string[] };
const plain = (password: string): Sample => ({ password, inputs: [] });
const kinds: (() => Sample)[] = [
  () => plain(generatePassword(bytes)),
  () => plain(generatePassword(bytes, { length: 12 })),
  () => plain(pick(common)),
  () => plain(cap(pick(common)) + pick(tails)),
  () => plain(cap(pick(deWords)) + pick(tails) + pick(['!', ''])),
  () => plain(cap(pick(names)) + pick(tails)),
  () => plain(leet(cap(pick(deWords))) + pick(tails)),
  () => plain(leet(cap(pick(names))) + pick(tails)),
  () => plain(cap(pick(enWords)) + cap(pick(enWords)) + pick(tails)),
  () => plain(pick(walks) + pick(tails)),
  () => plain([pick(deWords), pick(enWords), pick(deWords), pick(enWords)].join(pick(['-', ' ', '.']))),
  () => ({ password: cap(pick(org.words)) + pick(['-', '.', '']) + cap(pick(org.words)) + pick(tails), inputs: org.inputs }),
];
const samples: Sample[] = Array.from({ length: COUNT }, (_, i) => kinds[i % kinds.length]!());

type Checker = (password: string, userInputs: readonly string[]) => PasswordCheck;

function run(label: string, check: Checker): PasswordCheck[] {
  const t0 = process.hrtime.bigint();
  check('first call builds the factory', []);
  const build = ms(t0);
  const results: PasswordCheck[] = [];
  const perPassword: number[] = [];
  for (const { password, inputs } of samples) {
    const times: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const start = process.hrtime.bigint();
      const result = check(password, inputs);
      times.push(ms(start));
      if (r === 0) results.push(result);
    }
    perPassword.push(times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!);
  }
  const sorted = [...perPassword].sort((a, b) => a - b);
  const total = perPassword.reduce((a, b) => a + b, 0);
  const generated = perPassword.flatMap((time, i) => (i % kinds.length === 0 ? [time] : [])).sort((a, b) => a - b);
  console.log(
    `${label}: p50 ${percentile(sorted, 50).toFixed(2)} ms, p95 ${percentile(sorted, 95).toFixed(2)} ms, ` +
      `max ${sorted.at(-1)!.toFixed(1)} ms per password; ${COUNT} passwords ${total.toFixed(0)} ms ` +
      `(${((1000 * COUNT) / total).toFixed(0)}/s); generated 20 chars p50 ${percentile(generated, 50).toFixed(1)} ms; ` +
      `factory build ${build.toFixed(0)} ms`,
  );
  return results;
}

console.log(`machine: ${machineLine()}`);
console.log(`${COUNT} mixed passwords, median of ${ROUNDS} checks each, after the factory is built`);
const tuning = `l33tMaxSubstitutions ${ZXCVBN_TUNING.l33tMaxSubstitutions}, maxLength ${ZXCVBN_TUNING.maxLength}, l33t table without nn/uu/vv`;
const tuned = run(`tuned (${tuning})`, createPasswordChecker());
const defaults = run('zxcvbn defaults (l33tMaxSubstitutions 100, maxLength 256, full l33t table)', createPasswordChecker({}));

const lenient = samples.filter((_, i) => tuned[i]!.ok && !defaults[i]!.ok).map((s) => s.password);
const stricter = samples.filter((_, i) => !tuned[i]!.ok && defaults[i]!.ok).map((s) => s.password);
const scoreDiffer = samples.filter((_, i) => tuned[i]!.score !== defaults[i]!.score).length;
const okCount = tuned.filter((r) => r.ok).length;
console.log(
  `verdicts: ${okCount}/${COUNT} ok (tuned); tuned accepts what the defaults reject: ${lenient.length} [${lenient.join(', ')}]; ` +
    `tuned rejects what the defaults accept: ${stricter.length} [${stricter.join(', ')}]; score differs on ${scoreDiffer}`,
);
