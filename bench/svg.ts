// Hand-written SVG chart of case 2 (no charting dependency): wall time vs N on log-log axes, where
// linear scaling is a straight line of slope 1 (the dashed reference through shipshape's middle point).
import type { SizeResult } from './results';

const W = 640;
const H = 400;
const M = { left: 64, right: 28, top: 40, bottom: 52 };
const COLORS = { shipshape: '#1d4ed8', raw: '#c2410c', linear: '#9ca3af', grid: '#e5e7eb', text: '#111827' };
const NICE = [1, 2, 5];

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** 1-2-5 ticks covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of NICE) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(Number(v.toPrecision(6)));
    }
  }
  return out;
}

function label(v: number): string {
  return v >= 1 ? String(v) : v.toFixed(Math.max(0, -Math.floor(Math.log10(v))));
}

/** The chart of median wall time (seconds) vs N for both paths. */
export function renderChart(sizes: readonly SizeResult[]): string {
  const ns = sizes.map((z) => z.n);
  const secs = sizes.flatMap((z) => [z.shipshape.medianMs / 1000, z.raw.medianMs / 1000]);
  const xLo = Math.min(...ns) / 1.4;
  const xHi = Math.max(...ns) * 1.8;
  const yLo = Math.min(...secs) / 1.6;
  const yHi = Math.max(...secs) * 1.6;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (n: number) => M.left + ((Math.log(n) - Math.log(xLo)) / (Math.log(xHi) - Math.log(xLo))) * pw;
  const sy = (v: number) =>
    M.top + ph - ((Math.log(v) - Math.log(yLo)) / (Math.log(yHi) - Math.log(yLo))) * ph;
  const f = (v: number) => v.toFixed(1);
  const el: string[] = [];

  el.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  el.push(
    `<text x="${M.left}" y="22" font-size="14" font-weight="bold">Synthesis wall time vs number of services (log–log, medians)</text>`,
  );
  for (const t of ticks(yLo, yHi)) {
    el.push(
      `<line x1="${M.left}" x2="${M.left + pw}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="${COLORS.grid}"/>`,
    );
    el.push(`<text x="${M.left - 8}" y="${f(sy(t) + 4)}" text-anchor="end">${label(t)}</text>`);
  }
  for (const n of ns) {
    el.push(
      `<line x1="${f(sx(n))}" x2="${f(sx(n))}" y1="${M.top}" y2="${M.top + ph}" stroke="${COLORS.grid}"/>`,
    );
    el.push(`<text x="${f(sx(n))}" y="${M.top + ph + 18}" text-anchor="middle">${n}</text>`);
  }
  el.push(
    `<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="none" stroke="${COLORS.text}"/>`,
  );
  el.push(
    `<text x="${M.left + pw / 2}" y="${H - 12}" text-anchor="middle">N microservices (5N + 4 objects)</text>`,
  );
  el.push(
    `<text transform="translate(18 ${M.top + ph / 2}) rotate(-90)" text-anchor="middle">wall time, seconds</text>`,
  );

  // Everything drawn from data is clipped to the plot area.
  el.push(
    `<clipPath id="plot"><rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}"/></clipPath>`,
    '<g clip-path="url(#plot)">',
  );
  // Linear reference: time proportional to N through shipshape's point nearest the middle.
  const mid = sizes[Math.floor((sizes.length - 1) / 2)];
  if (sizes.length > 1) {
    const at = (n: number) => ((mid.shipshape.medianMs / 1000) * n) / mid.n;
    el.push(
      `<line x1="${f(sx(xLo))}" y1="${f(sy(at(xLo)))}" x2="${f(sx(xHi))}" y2="${f(sy(at(xHi)))}" stroke="${COLORS.linear}" stroke-dasharray="5 4"/>`,
    );
  }
  const first = Math.min(...ns);
  const line = (key: 'shipshape' | 'raw') => {
    const other = key === 'raw' ? 'shipshape' : 'raw';
    const pts = sizes.map((z) => ({
      z,
      px: sx(z.n),
      py: sy(z[key].medianMs / 1000),
      v: z[key].medianMs / 1000,
    }));
    el.push(
      `<polyline fill="none" stroke="${COLORS[key]}" stroke-width="2.5" points="${pts.map((p) => `${f(p.px)},${f(p.py)}`).join(' ')}"/>`,
    );
    for (const { z, px, py, v } of pts) {
      // The slower path's label goes above-left of its point (where the lines come from below),
      // the faster one's below-right, so labels neither overlap nor sit on a line.
      const above = z[key].medianMs >= z[other].medianMs;
      const left = above && z.n !== first;
      el.push(`<circle cx="${f(px)}" cy="${f(py)}" r="4" fill="${COLORS[key]}"/>`);
      el.push(
        `<text x="${f(left ? px - 8 : px + 8)}" y="${f(above ? py - 9 : py + 18)}"${left ? ' text-anchor="end"' : ''} fill="${COLORS[key]}">${v.toFixed(2)} s</text>`,
      );
    }
  };
  line('raw');
  line('shipshape');
  el.push('</g>');

  const legend: [string, string, boolean][] = [
    ['shipshape constructs (npm run synth path)', COLORS.shipshape, false],
    ['raw cdk8s-plus-27 + cdk8s app.synth()', COLORS.raw, false],
    ['linear: time ∝ N', COLORS.linear, true],
  ];
  const lx = M.left + 12;
  const ly = M.top + 12;
  el.push(
    `<rect x="${lx}" y="${ly}" width="262" height="${legend.length * 20 + 8}" fill="#ffffff" stroke="${COLORS.grid}"/>`,
  );
  legend.forEach(([text, color, dashed], i) => {
    const y = ly + 16 + i * 20;
    el.push(
      `<line x1="${lx + 8}" x2="${lx + 32}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="${dashed ? 1 : 2.5}"${dashed ? ' stroke-dasharray="5 4"' : ''}/>`,
    );
    el.push(`<text x="${lx + 40}" y="${y}">${esc(text)}</text>`);
  });

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12" fill="${COLORS.text}">`,
    ...el.map((e) => `  ${e}`),
    '</svg>',
    '',
  ].join('\n');
}
