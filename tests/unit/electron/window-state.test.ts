import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  DEFAULT_SIZE,
  MIN_SIZE,
  loadWindowState,
  parseWindowState,
  placeWindow,
  saveWindowState,
  type Rect,
} from '../../../electron/main/window-state';

const primary: Rect = { x: 0, y: 0, width: 1920, height: 1040 };
const right: Rect = { x: 1920, y: 0, width: 2560, height: 1400 };

describe('parseWindowState', () => {
  it('reads a saved state', () => {
    expect(parseWindowState('{"x":10,"y":20,"width":1000,"height":700,"maximized":true}')).toEqual({
      x: 10,
      y: 20,
      width: 1000,
      height: 700,
      maximized: true,
    });
  });

  it.each([
    ['corrupt JSON', '{"x":10,"y":'],
    ['empty file', ''],
    ['not an object', '[1,2,3]'],
    ['null', 'null'],
    ['missing size', '{"x":1,"y":2}'],
    ['string sizes', '{"width":"800","height":"600"}'],
    ['zero size', '{"width":0,"height":600}'],
    ['negative size', '{"width":-800,"height":600}'],
    ['absurd size', '{"width":1e12,"height":600}'],
  ])('rejects %s', (_label, text) => {
    expect(parseWindowState(text)).toBeNull();
  });

  it('keeps the size when the position is unusable', () => {
    expect(parseWindowState('{"x":"a","y":5,"width":900,"height":700}')).toEqual({ width: 900, height: 700, maximized: false });
  });

  it('rounds fractional values and ignores a non-boolean maximized', () => {
    expect(parseWindowState('{"x":10.6,"y":0.2,"width":900.4,"height":700.5,"maximized":"yes"}')).toEqual({
      x: 11,
      y: 0,
      width: 900,
      height: 701,
      maximized: false,
    });
  });
});

describe('placeWindow', () => {
  it('uses the default size, centred, without a saved state', () => {
    expect(placeWindow(null, [primary], primary)).toEqual({ ...DEFAULT_SIZE, maximized: false });
  });

  it('restores a window that fits', () => {
    const saved = { x: 100, y: 80, width: 1200, height: 800, maximized: false };
    expect(placeWindow(saved, [primary], primary)).toEqual(saved);
  });

  it('restores a window on a second display', () => {
    const saved = { x: 2200, y: 100, width: 1400, height: 900, maximized: true };
    expect(placeWindow(saved, [primary, right], primary)).toEqual(saved);
  });

  it('re-centres a window whose display is gone', () => {
    const saved = { x: 2200, y: 100, width: 1400, height: 900, maximized: false };
    const placed = placeWindow(saved, [primary], primary);
    expect(placed).toEqual({ width: 1400, height: 900, maximized: false });
    expect(placed.x).toBeUndefined();
  });

  it('re-centres a window far off-screen', () => {
    const saved = { x: -30000, y: -30000, width: 1000, height: 700, maximized: false };
    expect(placeWindow(saved, [primary, right], primary)).toEqual({ width: 1000, height: 700, maximized: false });
  });

  it('re-centres a window of which only a sliver is visible', () => {
    const saved = { x: 1900, y: 100, width: 1000, height: 700, maximized: false }; // 20 px on the primary display
    expect(placeWindow(saved, [primary], primary).x).toBeUndefined();
  });

  it('pulls a partly visible window fully onto its display', () => {
    const saved = { x: 1500, y: 900, width: 1000, height: 700, maximized: false };
    expect(placeWindow(saved, [primary], primary)).toEqual({ x: 920, y: 340, width: 1000, height: 700, maximized: false });
  });

  it('grows tiny sizes to the minimum', () => {
    const saved = { x: 50, y: 50, width: 10, height: 5, maximized: false };
    expect(placeWindow(saved, [primary], primary)).toEqual({ x: 50, y: 50, ...MIN_SIZE, maximized: false });
  });

  it('shrinks a window larger than its display', () => {
    const saved = { x: 0, y: 0, width: 5000, height: 3000, maximized: false };
    expect(placeWindow(saved, [primary], primary)).toEqual({ x: 0, y: 0, width: 1920, height: 1040, maximized: false });
  });

  it('never exceeds a display smaller than the minimum size', () => {
    const small: Rect = { x: 0, y: 0, width: 640, height: 480 };
    expect(placeWindow({ width: 1200, height: 800, maximized: false }, [small], small)).toEqual({
      width: 640,
      height: 480,
      maximized: false,
    });
  });

  it('handles displays with negative coordinates (left of the primary)', () => {
    const left: Rect = { x: -1600, y: 0, width: 1600, height: 900 };
    const saved = { x: -1500, y: 50, width: 1000, height: 700, maximized: false };
    expect(placeWindow(saved, [primary, left], primary)).toEqual(saved);
  });
});

describe('window-state.json', () => {
  const dirs: string[] = [];
  const tempFile = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-window-state-'));
    dirs.push(dir);
    return path.join(dir, 'nested', 'window-state.json');
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('round-trips through the file', () => {
    const file = tempFile();
    saveWindowState(file, { x: 5, y: 6, width: 900, height: 650 }, true);
    expect(loadWindowState(file)).toEqual({ x: 5, y: 6, width: 900, height: 650, maximized: true });
    expect(fs.readdirSync(path.dirname(file))).toEqual(['window-state.json']); // no temp file left behind
  });

  it('treats a missing or corrupt file as no state', () => {
    const file = tempFile();
    expect(loadWindowState(file)).toBeNull();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '\u0000\u0001garbage');
    expect(loadWindowState(file)).toBeNull();
  });
});
