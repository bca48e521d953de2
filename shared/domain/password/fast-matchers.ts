/**
 * Faster dictionary matchers for zxcvbn-ts 4.2, with exactly its matches.
 *
 * Bulk create checks thousands of passwords; zxcvbn spends most of each check
 * in its dictionary matchers (plain, reversed, l33t — each twice, the second
 * time inside the word-sequence matcher), and nearly all of that on lookups
 * that find nothing:
 *
 * - For every substring of the password (up to the longest word, 32
 *   characters) it builds a string and looks it up in each dictionary.
 *   Here each dictionary is a trie in typed arrays instead (the word lists'
 *   built once — at build time for the workers, see WordTries — the user
 *   inputs' once per check), and from each start position the password is
 *   walked one character at a time: every word starting there is found without building
 *   a string, and the walk stops as soon as no word begins that way — mostly
 *   after 2–4 characters.
 * - The l33t matcher spells the password up to `l33tMaxSubstitutions` ways
 *   (`P4ssw0rd` → `passw0rd`, `p4ssword`, `password`, …) and matches each
 *   spelling; then it drops every match without a substituted letter (the
 *   plain matcher has it already). Here only the matches overlapping a
 *   substituted letter, or spanning the whole password (a whole-password
 *   match, dropped or not, ends zxcvbn's search for more spellings), are
 *   made. A match without a substituted letter reads the same in the
 *   password, so zxcvbn's `token.toLowerCase() !== matchedWord` test would
 *   drop it. That needs lower-casing to keep positions and not depend on
 *   context: in passwords with `İ` (two code units lower-cased), `Σ` (final
 *   sigma) or another length change every substring is matched, as zxcvbn
 *   does.
 *
 * Everything else is zxcvbn's: the words and their ranks (its lists, merged
 * as isStrongPassword explains; user inputs included), the l33t spellings
 * (its own generator), the order and shape of the matches, the duplicate
 * check and filters. With the Levenshtein option on, nothing is changed.
 * tests/unit/password.test.ts compares every match, the guesses and the best
 * sequence with zxcvbn's own matchers on the merged dictionaries, on a corpus
 * and on random l33t-rich strings.
 *
 * zxcvbn-ts has no option for this, so the factory's matcher instances get
 * these as their `match` (the classes stay as they are: other factories keep
 * zxcvbn's). @zxcvbn-ts/core is pinned: these are its internals.
 */
import getCleanPasswords, {
  type PasswordWithSubs,
} from '@zxcvbn-ts/core/dist/matcher/dictionary/variants/matching/unmunger/getCleanPasswords.mjs';
import { Options, type ZxcvbnFactory } from '@zxcvbn-ts/core';

interface DictionaryMatch {
  pattern: 'dictionary';
  i: number;
  j: number;
  token: string;
  matchedWord: string;
  rank: number;
  dictionaryName: string;
  reversed: boolean;
  l33t: boolean;
}

interface L33tMatch extends DictionaryMatch {
  subs: { letter: string; substitution: string }[];
  subDisplay: string;
}

interface MatchOptions {
  password: string;
  userInputsOptions?: unknown;
}

type Ranked = Record<string, number>;

interface DictionaryMatcherInternals {
  options: { l33tMaxSubstitutions: number; trieNodeRoot: unknown; useLevenshteinDistance: boolean };
  getRangedDictionaries(userInputsOptions: unknown): {
    rankedDictionaries: Record<string, Ranked>;
    rankedDictionariesMaxWordSize: Record<string, number>;
  };
  match(options: MatchOptions): DictionaryMatch[];
}

interface OptionsInternals {
  useLevenshteinDistance: boolean;
  rankedDictionaries: Record<string, Ranked>;
  rankedDictionariesMaxWordSize: Record<string, number>;
  isWordSequence(name: string): boolean;
  getRankedDictionariesMaxWordSize(list: (string | number)[]): number;
}

/**
 * zxcvbn's word lists as the fast matchers read them: two tries — `words`
 * (each word at its lowest rank in any list; a word listed twice in one list
 * keeps its later rank, as zxcvbn ranks) and `sequences` (the word-sequence
 * lists) — and each one's longest word. Built from the lists once (about a
 * second: `buildWordTries`), or read back from the bytes the build writes
 * (milliseconds: `encodeWordTries` / `decodeWordTries`).
 */
export interface WordTries {
  words: Trie;
  sequences: Trie;
  wordsMax: number;
  sequencesMax: number;
}

/**
 * The tries of zxcvbn's word `lists` (a factory's `dictionary` option). The
 * ranked word objects zxcvbn would build (23 of them) never exist: each list
 * is ranked, merged and dropped in turn.
 */
export function buildWordTries(lists: Record<string, (string | number)[]>): WordTries {
  const o = new Options() as unknown as OptionsInternals;
  const words = new Map<string, number>();
  const sequences = new Map<string, number>();
  let wordsMax = 0;
  let sequencesMax = 0;
  for (const [name, list] of Object.entries(lists)) {
    const ranks = new Map<string, number>();
    list.forEach((word, i) => ranks.set(String(word), i + 1));
    const into = o.isWordSequence(name) ? sequences : words;
    for (const [word, rank] of ranks) if (!(into.get(word)! <= rank)) into.set(word, rank);
    const max = o.getRankedDictionariesMaxWordSize(list);
    if (into === sequences) sequencesMax = Math.max(sequencesMax, max);
    else wordsMax = Math.max(wordsMax, max);
  }
  return { words: buildTrie(words), sequences: buildTrie(sequences), wordsMax, sequencesMax };
}

/**
 * Gives a factory made with `dictionary: {}` the word lists' `tries` —
 * `merged` and `months-merged`, a name zxcvbn reads as a word sequence — and
 * its dictionary matchers (plain, reversed, l33t, and the word-sequence
 * matcher's three) the faster `match`. The factory's dictionaries are empty
 * stand-ins by which the tries are found. False, with nothing changed, when
 * the factory's internals aren't as expected or the Levenshtein option is on
 * (it reads the dictionaries themselves).
 */
export function useFastDictionaries(factory: ZxcvbnFactory, wordTries: WordTries): boolean {
  const internals = factory as unknown as {
    options?: Partial<OptionsInternals>;
    matching?: { matchers?: Record<string, unknown> };
  };
  const o = internals.options;
  const matchers = internals.matching?.matchers;
  const sequence = matchers?.wordSequence as Record<string, unknown> | undefined;
  const sets = [
    [matchers?.dictionary, matchers?.dictionaryReverse, matchers?.dictionaryL33t],
    [sequence?.dictionary, sequence?.dictionaryReverse, sequence?.dictionaryL33t],
  ];
  const sequenceName = 'months-merged'; // read as a word sequence (`months-…`) by zxcvbn, so its matcher uses it
  if (
    !o ||
    o.useLevenshteinDistance !== false ||
    typeof o.isWordSequence !== 'function' ||
    !o.isWordSequence(sequenceName) ||
    o.isWordSequence('merged') ||
    !sets.flat().every(isDictionaryMatcher)
  )
    return false;
  const standIn = (trie: Trie): Ranked => {
    const dictionary: Ranked = {};
    tries.set(dictionary, trie);
    return dictionary;
  };
  o.rankedDictionaries = { merged: standIn(wordTries.words), [sequenceName]: standIn(wordTries.sequences) };
  o.rankedDictionariesMaxWordSize = { merged: wordTries.wordsMax, [sequenceName]: wordTries.sequencesMax };
  for (const [plain, reverse, l33t] of sets as DictionaryMatcherInternals[][]) {
    plain!.match = (options) => dictionaryMatches(plain!, options);
    reverse!.match = (options) => reversedMatches(reverse!, options);
    l33t!.match = (options) => l33tMatches(l33t!, options);
  }
  return true;
}

/** The file name the build gives `encodeWordTries`' bytes, beside the workers that read them. */
export const STRENGTH_WORDS_FILE = 'strength-words.bin';

/** "MWZT" read as a little-endian u32: also tells a big-endian reader (none is supported) it can't map the arrays. */
const TRIES_MAGIC = 0x545a574d;
/** Bumped whenever the layout or the way tries are built changes: old bytes are then refused, not misread. */
const TRIES_FORMAT = 1;
const HEADER_WORDS = 6;

/**
 * The tries as bytes, for the build to write beside the workers: a header
 * (magic, format, the two longest-word sizes, the two node counts), then per
 * trie `rank` (i32), `count` (i32) and `unit` (u16), each 4-byte aligned, in
 * this machine's byte order (little-endian everywhere Mailwright runs).
 * `first` is left out: it is the running sum of `count` (nodes are breadth
 * first).
 */
export function encodeWordTries(wordTries: WordTries): Uint8Array {
  const { words, sequences } = wordTries;
  const header = Uint32Array.of(
    TRIES_MAGIC,
    TRIES_FORMAT,
    wordTries.wordsMax,
    wordTries.sequencesMax,
    words.rank.length,
    sequences.rank.length,
  );
  const parts = [header, words.rank, words.count, words.unit, sequences.rank, sequences.count, sequences.unit];
  const size = parts.reduce((total, part) => total + align4(part.byteLength), 0);
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    bytes.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), offset);
    offset += align4(part.byteLength);
  }
  return bytes;
}

/** The tries of `encodeWordTries`' bytes, as views on them (no copy); null when they aren't such bytes. */
export function decodeWordTries(bytes: Uint8Array): WordTries | null {
  if (bytes.byteLength < HEADER_WORDS * 4) return null;
  // Typed-array views need 4-byte aligned offsets; a Node Buffer from a shared pool may not be.
  const data = bytes.byteOffset % 4 === 0 ? bytes : bytes.slice();
  const header = new Uint32Array(data.buffer, data.byteOffset, HEADER_WORDS);
  const [magic, format, wordsMax, sequencesMax, wordNodes, sequenceNodes] = header as unknown as number[];
  if (magic !== TRIES_MAGIC || format !== TRIES_FORMAT || !wordNodes || !sequenceNodes) return null;
  const trieBytes = (nodes: number) => align4(nodes * 4) * 2 + align4(nodes * 2);
  if (data.byteLength !== HEADER_WORDS * 4 + trieBytes(wordNodes) + trieBytes(sequenceNodes)) return null;
  let offset = data.byteOffset + HEADER_WORDS * 4;
  const view = <T>(make: new (buffer: ArrayBufferLike, offset: number, length: number) => T, nodes: number, size: number) => {
    const array = new make(data.buffer, offset, nodes);
    offset += align4(nodes * size);
    return array;
  };
  const trie = (nodes: number): Trie | null => {
    const rank = view(Int32Array, nodes, 4);
    const count = view(Int32Array, nodes, 4);
    const unit = view(Uint16Array, nodes, 2);
    const first = new Int32Array(nodes);
    let next = 1;
    for (let node = 0; node < nodes; node++) {
      first[node] = next;
      next += count[node]!;
    }
    return next === nodes ? { first, count, unit, rank } : null; // every node but the root is someone's child
  };
  const words = trie(wordNodes);
  const sequences = trie(sequenceNodes);
  if (!words || !sequences) return null;
  return { words, sequences, wordsMax: wordsMax!, sequencesMax: sequencesMax! };
}

const align4 = (n: number) => (n + 3) & ~3;

function isDictionaryMatcher(value: unknown): value is DictionaryMatcherInternals {
  const m = value as Partial<DictionaryMatcherInternals> | undefined;
  return (
    typeof m?.match === 'function' &&
    typeof m.getRangedDictionaries === 'function' &&
    typeof m.options?.l33tMaxSubstitutions === 'number' &&
    typeof m.options.trieNodeRoot === 'object' &&
    m.options.trieNodeRoot !== null
  );
}

/** Lower-casing that changes the length or depends on the neighbours (final sigma). */
function unusualLowerCase(password: string): boolean {
  return password.toLowerCase().length !== password.length || password.includes('Σ');
}

/**
 * A dictionary as a trie in typed arrays: node 0 is the root; a node's
 * children are `count[node]` consecutive nodes from `first[node]`, in
 * code-unit order (`unit`); `rank` is the word's rank where a word ends, else
 * -1. Compact (one entry per distinct prefix, about 6 MB for zxcvbn's
 * English, German and common lists) and read without building strings.
 */
export interface Trie {
  first: Int32Array;
  count: Int32Array;
  unit: Uint16Array;
  rank: Int32Array;
}

const tries = new WeakMap<Ranked, Trie>();

/** The trie of a dictionary: the word lists' came with their stand-ins; any other is built. */
function trieOf(dictionary: Ranked): Trie {
  return tries.get(dictionary) ?? buildTrie(new Map(Object.entries(dictionary)));
}

/**
 * The user inputs' trie, once per check: zxcvbn hands each of the three matchers that read them a fresh copy of
 * the same dictionary (`mergeUserInputDictionary`; this factory has no `userInputs` list of its own to merge).
 */
const userInputTries = new WeakMap<object, Trie>();

function userInputTrie(check: object | undefined, dictionary: Ranked): Trie {
  if (!check) return trieOf(dictionary);
  let trie = userInputTries.get(check);
  if (!trie) {
    trie = trieOf(dictionary);
    userInputTries.set(check, trie);
  }
  return trie;
}

function buildTrie(ranks: Map<string, number>): Trie {
  const words = [...ranks.keys()].sort();
  // One node per distinct prefix: each word adds the characters after what it shares with the one before.
  let nodes = 1;
  for (let w = 0; w < words.length; w++) {
    const word = words[w]!;
    const before = w > 0 ? words[w - 1]! : '';
    let shared = 0;
    while (shared < before.length && shared < word.length && before[shared] === word[shared]) shared++;
    nodes += word.length - shared;
  }
  const trie: Trie = {
    first: new Int32Array(nodes),
    count: new Int32Array(nodes),
    unit: new Uint16Array(nodes),
    rank: new Int32Array(nodes).fill(-1),
  };
  // Breadth first, so each node's children are consecutive; a node's words are words[lo[node], hi[node]).
  const lo = new Int32Array(nodes);
  const hi = new Int32Array(nodes);
  const depth = new Int32Array(nodes);
  hi[0] = words.length;
  let next = 1;
  for (let node = 0; node < next; node++) {
    let s = lo[node]!;
    const end = hi[node]!;
    const d = depth[node]!;
    if (s < end && words[s]!.length === d) trie.rank[node] = ranks.get(words[s++]!)!; // the prefix itself sorts first
    trie.first[node] = next;
    while (s < end) {
      const unit = words[s]!.charCodeAt(d);
      let e = s + 1;
      while (e < end && words[e]!.charCodeAt(d) === unit) e++;
      trie.unit[next] = unit;
      lo[next] = s;
      hi[next] = e;
      depth[next] = d + 1;
      next++;
      trie.count[node]!++;
      s = e;
    }
  }
  return trie;
}

/** The child of `node` for code unit `unit`, or -1. */
function childOf(trie: Trie, node: number, unit: number): number {
  let lo = trie.first[node]!;
  let hi = lo + trie.count[node]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const u = trie.unit[mid]!;
    if (u === unit) return mid;
    if (u < unit) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** The matcher's dictionaries for one password, ready to scan. */
interface Dictionaries {
  names: string[];
  maxSizes: number[];
  tries: Trie[];
  width: number;
}

/** Per check (zxcvbn makes one user-inputs object per check) and matcher: its dictionaries, ready. */
const perCheck = new WeakMap<object, Map<DictionaryMatcherInternals, Dictionaries>>();

function dictionariesOf(matcher: DictionaryMatcherInternals, userInputsOptions: unknown): Dictionaries {
  const check = typeof userInputsOptions === 'object' && userInputsOptions !== null ? userInputsOptions : undefined;
  let ready = check && perCheck.get(check);
  const known = ready?.get(matcher);
  if (known) return known;
  const { rankedDictionaries, rankedDictionariesMaxWordSize } = matcher.getRangedDictionaries(userInputsOptions);
  const names = Object.keys(rankedDictionaries);
  const ranked = names.map((name) => rankedDictionaries[name]!);
  const dictionaries: Dictionaries = {
    names,
    maxSizes: names.map((name) => rankedDictionariesMaxWordSize[name]!),
    tries: ranked.map((dictionary, k) => (names[k] === 'userInputs' ? userInputTrie(check, dictionary) : trieOf(dictionary))),
    width: Math.max(0, ...Object.values(rankedDictionariesMaxWordSize)),
  };
  if (check) {
    if (!ready) perCheck.set(check, (ready = new Map()));
    ready.set(matcher, dictionaries);
  }
  return dictionaries;
}

/**
 * zxcvbn's dictionary matching (`MatchDictionary.match` without Levenshtein):
 * every substring [i, j] of the lower-cased password found in a dictionary,
 * by i, then j, then dictionary — with zxcvbn's limits: substrings longer
 * than the longest word are skipped (the whole password is looked up if the
 * search gets that far), and so are those longer than a dictionary's own
 * longest word except the whole password. `wanted` leaves out substrings,
 * and `from` start positions none of whose substrings are wanted.
 */
function scan(
  dictionaries: Dictionaries,
  password: string,
  wanted?: (i: number, j: number) => boolean,
  from?: (i: number) => boolean,
): DictionaryMatch[] {
  const { names, maxSizes, tries, width } = dictionaries;
  const n = password.length;
  const lower = password.toLowerCase();
  const matches: DictionaryMatch[] = [];
  // For one start i: the ranks found in dictionary k by end j (-1: none).
  const found = names.map(() => new Int32Array(n).fill(-1));
  for (let i = 0; i < n; i++) {
    if (from && !from(i)) continue;
    let last = i - 1;
    for (let k = 0; k < names.length; k++) {
      const hits = found[k]!;
      const trie = tries[k]!;
      for (let j = i, node = 0; j < n; j++) {
        node = childOf(trie, node, lower.charCodeAt(j));
        if (node < 0) break;
        if (trie.rank[node]! >= 0) {
          hits[j] = trie.rank[node]!;
          last = Math.max(last, j);
        }
      }
    }
    for (let j = i; j <= last; j++) {
      const length = j - i + 1;
      const full = i === 0 && j === n - 1;
      const reached = full ? n - 1 <= width : length <= width;
      for (let k = 0; k < names.length; k++) {
        const rank = found[k]![j]!;
        if (rank === -1) continue;
        found[k]![j] = -1;
        if (!reached || (length > maxSizes[k]! && !full) || (wanted && !wanted(i, j))) continue;
        matches.push({
          pattern: 'dictionary',
          i,
          j,
          token: password.slice(i, j + 1),
          matchedWord: lower.slice(i, j + 1),
          rank,
          dictionaryName: names[k]!,
          reversed: false,
          l33t: false,
        });
      }
    }
  }
  return matches;
}

function dictionaryMatches(matcher: DictionaryMatcherInternals, { password, userInputsOptions }: MatchOptions) {
  return scan(dictionariesOf(matcher, userInputsOptions), password);
}

/** zxcvbn's reversed matching: the reversed password's matches, mapped back. */
function reversedMatches(matcher: DictionaryMatcherInternals, { password, userInputsOptions }: MatchOptions) {
  const reversed = password.split('').reverse().join('');
  return scan(dictionariesOf(matcher, userInputsOptions), reversed).map((match) => ({
    ...match,
    token: match.token.split('').reverse().join(''),
    reversed: true,
    i: password.length - 1 - match.j,
    j: password.length - 1 - match.i,
  }));
}

function l33tMatches(matcher: DictionaryMatcherInternals, { password, userInputsOptions }: MatchOptions): L33tMatch[] {
  const dictionaries = dictionariesOf(matcher, userInputsOptions);
  const matches: L33tMatch[] = [];
  let hasFullMatch = false;
  const inFull = unusualLowerCase(password); // every substring, as zxcvbn: the skip rule needs plain lower-casing
  const spellings = getCleanPasswords(password, matcher.options.l33tMaxSubstitutions, matcher.options.trieNodeRoot);
  for (const spelling of spellings) {
    if (hasFullMatch) break;
    const n = spelling.password.length;
    // nextSubstituted[k]: the first position ≥ k inside a substituted letter (n when none).
    const nextSubstituted = new Array<number>(n + 1).fill(n);
    for (const change of spelling.changes) {
      for (let k = change.i; k < change.i + change.letter.length && k < n; k++) nextSubstituted[k] = k;
    }
    for (let k = n - 1; k >= 0; k--) nextSubstituted[k] = Math.min(nextSubstituted[k]!, nextSubstituted[k + 1]!);
    const found = inFull
      ? scan(dictionaries, spelling.password)
      : scan(
          dictionaries,
          spelling.password,
          (i, j) => nextSubstituted[i]! <= j || (i === 0 && j === n - 1),
          (i) => i === 0 || nextSubstituted[i]! < n, // after the last substituted letter nothing is wanted
        );
    for (const match of found) {
      const { i, j } = inPassword(spelling, match.i, match.j);
      hasFullMatch ||= i === 0 && j === password.length - 1;
      const token = password.slice(i, j + 1);
      // zxcvbn's filters (a match reading the same in the password, one already made), before the match is made.
      if (token.toLowerCase() === match.matchedWord) continue;
      const { dictionaryName, matchedWord } = match;
      if (matches.some((m) => m.i === i && m.j === j && m.dictionaryName === dictionaryName && m.matchedWord === matchedWord))
        continue;
      matches.push({
        pattern: 'dictionary',
        i,
        j,
        token,
        matchedWord,
        rank: match.rank,
        dictionaryName,
        reversed: false,
        l33t: true,
        ...substitutionsIn(spelling, match.i, match.j),
      });
    }
  }
  // As zxcvbn: single characters ('4' as a) are noise.
  return matches.filter((match) => match.token.length > 1);
}

/** A match's position in the password as typed (zxcvbn's `getExtras`, its positions). */
function inPassword(spelling: PasswordWithSubs, i: number, j: number): { i: number; j: number } {
  let from = i;
  let to = j;
  for (const change of spelling.changes) {
    const diff = change.substitution.length - change.letter.length;
    if (change.i < i) {
      from += diff;
      to += diff;
    } else if (change.i <= j) {
      to += diff;
    }
  }
  return { i: from, j: to };
}

/** The substitutions inside a match (zxcvbn's `getExtras`, its `subs` and `subDisplay`). */
function substitutionsIn(spelling: PasswordWithSubs, i: number, j: number) {
  const subs: { letter: string; substitution: string }[] = [];
  const display: string[] = [];
  const seen = new Set<string>();
  for (const change of spelling.changes) {
    if (change.i < i || change.i > j) continue;
    const key = `${change.letter}-${change.substitution}`;
    if (!seen.has(key)) {
      seen.add(key);
      subs.push({ letter: change.letter, substitution: change.substitution });
      display.push(`${change.substitution} -> ${change.letter}`);
    }
  }
  return { subs, subDisplay: display.join(', ') };
}
