import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { de } from '../../renderer/src/i18n/de';
import { en } from '../../renderer/src/i18n/en';

type Tree = { [key: string]: string | string[] | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string | string[]> {
  const out = new Map<string, string | string[]>();
  for (const [key, value] of Object.entries(tree)) {
    const full = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string' || Array.isArray(value)) out.set(full, value);
    else for (const [k, v] of flatten(value, full)) out.set(k, v);
  }
  return out;
}

const placeholders = (text: string | string[]) => [...String(text).matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const languages = { en: flatten(en as Tree), de: flatten(de as Tree) };

describe('translations', () => {
  it.each(Object.entries(languages))('%s has exactly the keys of English, each with the same placeholders', (_lang, keys) => {
    expect([...keys.keys()].sort()).toEqual([...languages.en.keys()].sort());
    for (const [key, text] of languages.en) {
      expect(placeholders(keys.get(key) ?? ''), key).toEqual(placeholders(text));
      expect(String(keys.get(key)).trim(), key).not.toBe('');
    }
  });

  it('has every key the UI asks for with a literal t("…") call', () => {
    const dir = path.resolve('renderer/src');
    const files = fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    const missing: string[] = [];
    for (const file of files) {
      const source = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const match of source.matchAll(/\bt\(\s*'([a-zA-Z0-9_.-]+)'/g)) {
        const key = match[1]!;
        const known =
          languages.en.has(key) ||
          languages.en.has(`${key}_one`) ||
          [...languages.en.keys()].some((k) => k.startsWith(`${key}.`));
        if (!known) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('translates every error code of the contract', async () => {
    const { ErrorCode } = await import('../../shared/contract');
    for (const code of ErrorCode.options) {
      expect(languages.en.has(`errors.${code}`) || code === 'invalid-input', code).toBe(true);
    }
  });
});
