// Squarified treemap layout (Bruls, Huizing, van Wijk 2000): rectangles whose areas are
// proportional to the values, kept close to square so small tiles stay readable.

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** Lay out `values` (any order; zeros get empty rects) inside `rect`; result[i] is for values[i]. */
export function squarify(values: readonly number[], rect: Rect): Rect[] {
  const out: Rect[] = values.map(() => ({ x: rect.x, y: rect.y, w: 0, h: 0 }));
  const total = values.reduce((a, b) => a + Math.max(0, b), 0);
  if (total <= 0 || rect.w <= 0 || rect.h <= 0) return out;
  const scale = (rect.w * rect.h) / total;
  const order = values.map((v, i) => ({ i, area: Math.max(0, v) * scale })).filter((t) => t.area > 0).sort((a, b) => b.area - a.area || a.i - b.i);
  let free = { ...rect };
  let rowItems: { i: number; area: number }[] = [];
  const worst = (items: { area: number }[], side: number): number => {
    const sum = items.reduce((a, t) => a + t.area, 0);
    let max = 0;
    for (const t of items) max = Math.max(max, (side * side * t.area) / (sum * sum), (sum * sum) / (side * side * t.area));
    return max;
  };
  const place = (items: { i: number; area: number }[]): void => {
    const sum = items.reduce((a, t) => a + t.area, 0);
    if (free.w >= free.h) {
      const w = sum / free.h;
      let y = free.y;
      for (const t of items) {
        const h = t.area / w;
        out[t.i] = { x: free.x, y, w, h };
        y += h;
      }
      free = { x: free.x + w, y: free.y, w: free.w - w, h: free.h };
    } else {
      const h = sum / free.w;
      let x = free.x;
      for (const t of items) {
        const w = t.area / h;
        out[t.i] = { x, y: free.y, w, h };
        x += w;
      }
      free = { x: free.x, y: free.y + h, w: free.w, h: free.h - h };
    }
  };
  for (const t of order) {
    const side = Math.min(free.w, free.h);
    if (rowItems.length === 0 || worst([...rowItems, t], side) <= worst(rowItems, side)) rowItems.push(t);
    else {
      place(rowItems);
      rowItems = [t];
    }
  }
  if (rowItems.length > 0) place(rowItems);
  return out;
}
