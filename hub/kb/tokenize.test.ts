import { describe, expect, it } from 'vitest';
import { editDistance } from './edit-distance.ts';
import { stemEnglish, termKind, tokenize } from './tokenize.ts';

describe('English terms', () => {
  it.each([
    ['cards', 'card'],
    ['limits', 'limit'],
    ['currencies', 'currency'],
    ['addresses', 'address'],
    ['status', 'status'],
    ['banking', 'bank'],
    ['opening', 'open'],
    ['swallowed', 'swallow'],
    ['stopped', 'stop'],
    ['transferred', 'transfer'],
    ['called', 'call'],
    ['need', 'need'],
    ['bring', 'bring'],
  ])('stems %s to %s', (word, stem) => {
    expect(stemEnglish(word)).toBe(stem);
  });

  it.each([
    ['freeze', 'freezing', 'frozen'],
    ['receive', 'received', 'receiving'],
    ['change', 'changed', 'changing'],
    ['phone', 'phones', 'phone'],
  ])('gives %s, %s the same stem', (a, b) => {
    expect(stemEnglish(a)).toBe(stemEnglish(b));
  });

  it('lower-cases, drops stop words and punctuation, and reads full-width letters', () => {
    expect(tokenize('How do I reset MY PIN?')).toEqual(['reset', 'pin']);
    expect(tokenize('ＡＴＭ kept my card!')).toEqual(['atm', 'kept', 'card']);
  });
});

describe('Chinese terms', () => {
  it('splits a sentence without spaces into bigrams and characters, without particles', () => {
    expect(tokenize('银行卡丢了')).toEqual(['银行', '行卡', '卡丢', '丢了', '银', '行', '卡', '丢']);
  });

  it('drops question words that would match every article', () => {
    expect(tokenize('怎么办')).toEqual(['么办', '办']);
    expect(tokenize('什么')).toEqual([]);
  });

  it('reads mixed English and Chinese', () => {
    expect(tokenize('ATM吞卡')).toEqual(['atm', '吞卡', '吞', '卡']);
    expect(tokenize('ATM吞卡').map(termKind)).toEqual(['word', 'bigram', 'char', 'char']);
  });
});

describe('edit distance', () => {
  it.each([
    ['password', 'password', 0],
    ['pasword', 'password', 1],
    ['passwrod', 'password', 1],
    ['exchnage', 'exchange', 1],
    ['recieve', 'receive', 1],
    ['pasword', 'passport', 3],
  ])('%s → %s is %i', (a, b, distance) => {
    expect(editDistance(a, b, 3)).toBe(distance);
  });

  it('stops counting past the budget', () => {
    expect(editDistance('statement', 'currency', 1)).toBe(2);
    expect(editDistance('card', 'certificate', 2)).toBe(3);
  });
});
