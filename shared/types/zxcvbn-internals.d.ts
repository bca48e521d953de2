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
