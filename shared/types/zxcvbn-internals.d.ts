// @zxcvbn-ts/core's l33t spelling generator, imported by path for the faster
// dictionary matchers (shared/domain/password/fast-matchers.ts). The package ships
// types only beside its .cjs/.mjs files, which TypeScript doesn't pair with an
// .mjs import.
declare module '@zxcvbn-ts/core/dist/matcher/dictionary/variants/matching/unmunger/getCleanPasswords.mjs' {
  export interface PasswordWithSubs {
    password: string;
    changes: { i: number; letter: string; substitution: string }[];
    isFullSubstitution: boolean;
  }
  const getCleanPasswords: (password: string, limit: number, trieRoot: unknown) => PasswordWithSubs[];
  export default getCleanPasswords;
}

// The keyboard graphs alone, without the package's index (which brings its word lists along): the strength
// verdict's workers read the lists as prebuilt tries (shared/domain/password/verdict.ts).
declare module '@zxcvbn-ts/language-common/dist/adjacencyGraphs.json.mjs' {
  import type { OptionsGraph } from '@zxcvbn-ts/core';
  const adjacencyGraphs: OptionsGraph;
  export default adjacencyGraphs;
}

// zxcvbn's guess estimate of one match, for the faster search of the best match sequence
// (shared/domain/password/fast-scoring.ts). `options` is a Scoring instance's.
declare module '@zxcvbn-ts/core/dist/scoring/estimate.mjs' {
  const estimateGuesses: (options: unknown, match: object, password: string) => object;
  export default estimateGuesses;
}
