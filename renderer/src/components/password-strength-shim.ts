// TEMPORARY until shared/domain/password lands: the same zxcvbn-ts check, loaded lazily.
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

let factory: ZxcvbnFactory | undefined;
export function checkPassword(password: string, userInputs: string[]) {
  factory ??= new ZxcvbnFactory({
    translations: en.translations,
    graphs: common.adjacencyGraphs,
    dictionary: { ...common.dictionary, ...en.dictionary },
  });
  const result = factory.check(password, userInputs);
  return { score: result.score, crackTime: String(result.crackTimes.offlineSlowHashingXPerSecond.display) };
}
