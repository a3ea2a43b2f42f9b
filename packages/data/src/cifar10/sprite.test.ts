import { describe, expect, it } from 'vitest';
import { expectedRecords, spritePng } from '../../test/cifar10-fixtures.js';
import { spriteToCifar10Records } from './sprite.js';

describe('spriteToCifar10Records', () => {
  it('turns each sprite row (RGB interleaved) into a label byte and R, G, B planes', () => {
    const labels = [3, 0, 9];
    const records = spriteToCifar10Records(spritePng(3), labels, 'fixture.png');
    expect(records.length).toBe(3 * 3073);
    expect(Buffer.from(records).equals(Buffer.from(expectedRecords(labels)))).toBe(true);
    // Spot check by hand: row 1, green (c = 1), pixel 5 is (31 + 7 + 15) & 255 = 53, at 3073 + 1 + 1024 + 5.
    expect(records[3073 + 1 + 1024 + 5]).toBe(53);
    expect(records[3073]).toBe(0);
  });

  it('rejects a sprite of the wrong width, a row count unlike the label count, bad labels and non-PNG bytes', () => {
    expect(() => spriteToCifar10Records(spritePng(2, 0, 1000), [1, 2], 'narrow.png')).toThrow(
      /^narrow.png: is 1000x2, expected 1024 wide with one row per label \(2 rows\)/,
    );
    expect(() => spriteToCifar10Records(spritePng(2), [1, 2, 3], 'rows.png')).toThrow(/rows.png: is 1024x2, expected .* \(3 rows\)/);
    expect(() => spriteToCifar10Records(spritePng(2), [1, 10], 'labels.png')).toThrow(/labels.png: label 10 for row 1 is outside 0..9/);
    expect(() => spriteToCifar10Records(Buffer.from('not a png'), [1], 'junk.png')).toThrow(/junk.png: is not a readable PNG/);
  });
});
