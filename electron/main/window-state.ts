import fs from 'node:fs';
import path from 'node:path';

/**
 * Where the main window was and how big it was, kept in
 * userData/window-state.json. Everything read back is distrusted: the file
 * may be corrupt, hand-edited, or written on a monitor that is gone now.
 */

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface SavedWindowState {
  /** Absent when only a size is known (the window is then centred). */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export interface WindowPlacement {
  /** Absent: let the window centre itself on the primary display. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 800, height: 560 } as const;
/** Of the saved bounds, at least this much must be on a display, or the window is re-centred. */
const MIN_VISIBLE = { width: 160, height: 80 } as const;
const LIMIT = 100_000; // far beyond any real desktop; larger numbers are garbage

export function parseWindowState(text: string | null): SavedWindowState | null {
  if (text === null) return null;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  const record = data as Record<string, unknown>;
  const width = coordinate(record.width);
  const height = coordinate(record.height);
  if (width === undefined || height === undefined || width <= 0 || height <= 0) return null;
  const state: SavedWindowState = { width, height, maximized: record.maximized === true };
  const x = coordinate(record.x);
  const y = coordinate(record.y);
  if (x !== undefined && y !== undefined) {
    state.x = x;
    state.y = y;
  }
  return state;
}

function coordinate(value: unknown): number | undefined {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > LIMIT) return undefined;
  return Math.round(value);
}

/**
 * Turns the saved state into bounds that fit the displays attached now:
 * the size is clamped between MIN_SIZE and the display, and a window that
 * would be (mostly) off-screen is centred on the primary display instead.
 */
export function placeWindow(saved: SavedWindowState | null, workAreas: readonly Rect[], primary: Rect): WindowPlacement {
  if (!saved) return { ...fitSize(DEFAULT_SIZE, primary), maximized: false };
  const maximized = saved.maximized;
  if (saved.x === undefined || saved.y === undefined) return { ...fitSize(saved, primary), maximized };

  const bounds: Rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  const display = bestDisplay(bounds, workAreas);
  if (!display) return { ...fitSize(saved, primary), maximized };

  const size = fitSize(saved, display);
  // Pull the window fully inside the display it was mostly on.
  const x = clamp(bounds.x, display.x, display.x + display.width - size.width);
  const y = clamp(bounds.y, display.y, display.y + display.height - size.height);
  return { x, y, ...size, maximized };
}

function fitSize(size: { width: number; height: number }, area: Rect): { width: number; height: number } {
  // On a display smaller than MIN_SIZE, the display wins.
  return {
    width: clamp(size.width, Math.min(MIN_SIZE.width, area.width), area.width),
    height: clamp(size.height, Math.min(MIN_SIZE.height, area.height), area.height),
  };
}

function bestDisplay(bounds: Rect, areas: readonly Rect[]): Rect | null {
  let best: Rect | null = null;
  let bestArea = 0;
  for (const area of areas) {
    const w = overlap(bounds.x, bounds.width, area.x, area.width);
    const h = overlap(bounds.y, bounds.height, area.y, area.height);
    if (w >= Math.min(MIN_VISIBLE.width, bounds.width) && h >= Math.min(MIN_VISIBLE.height, bounds.height) && w * h > bestArea) {
      best = area;
      bestArea = w * h;
    }
  }
  return best;
}

function overlap(start: number, length: number, otherStart: number, otherLength: number): number {
  return Math.max(0, Math.min(start + length, otherStart + otherLength) - Math.max(start, otherStart));
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), Math.max(min, max));
}

export function loadWindowState(file: string): SavedWindowState | null {
  try {
    return parseWindowState(fs.readFileSync(file, 'utf8'));
  } catch {
    return null; // missing or unreadable: start with the default size
  }
}

/** Writes beside the target and renames, so a crash mid-write never leaves half a file. */
export function saveWindowState(file: string, bounds: Rect, maximized: boolean): void {
  const state: SavedWindowState = { ...bounds, maximized };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, `${JSON.stringify(state, null, 2)}\n`);
  fs.renameSync(temp, file);
}
