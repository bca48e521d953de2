import { describe, expect, it } from 'vitest';
import { checkFilterLists, normaliseEntry } from '../../shared/domain/filters/lists';

describe('allow and block lists', () => {
  it('normalises addresses and @domains, IDN included, and refuses the rest', () => {
    expect(normaliseEntry(' Anna@Example.CH ')).toBe('anna@example.ch');
    expect(normaliseEntry('@Bücher.CH')).toBe('@bücher.ch');
    expect(normaliseEntry('@xn--bcher-kva.ch')).toBe('@bücher.ch');
    for (const bad of ['example.ch', '@', 'anna@', '@-bad-.ch', 'two words@example.ch'])
      expect(normaliseEntry(bad)).toBeUndefined();
  });

  it('reports duplicates, entries on both lists, the own address, and invalid entries', () => {
    const result = checkFilterLists(
      'anna@muster.ch',
      ['boss@muster.ch', 'BOSS@muster.ch', '@muster.ch', 'news@shop.example', 'not an entry'],
      ['@shop.example', 'news@shop.example', ''],
    );
    expect(result.allow).toEqual(['boss@muster.ch', '@muster.ch', 'news@shop.example']);
    expect(result.block).toEqual(['@shop.example', 'news@shop.example']);
    expect(result.problems).toEqual([
      { code: 'duplicate-entry', list: 'allow', entry: 'boss@muster.ch' },
      { code: 'invalid-entry', list: 'allow', entry: 'not an entry' },
      { code: 'entry-on-both-lists', list: 'allow', entry: 'news@shop.example' },
      { code: 'own-address-allowed', list: 'allow', entry: '@muster.ch' },
    ]);
    expect(checkFilterLists('anna@muster.ch', ['Anna@Muster.ch'], []).problems).toEqual([
      { code: 'own-address-allowed', list: 'allow', entry: 'anna@muster.ch' },
    ]);
  });
});
