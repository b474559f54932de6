/**
 * Deterministic random numbers for `rand`/`randn`/`manual_seed`. PyTorch's Mersenne-Twister stream is not
 * reproduced (the issue allows that); runs are repeatable, which is what the view's re-runs need.
 */
let s = 0;
let spare: number | null = null;

/** Seeds the generator (`torch.manual_seed`). */
export function seed(value: number): void {
  s = (Math.floor(value) ^ 0x9e3779b9) >>> 0;
  spare = null;
}

/** Uniform in [0, 1) (mulberry32). */
export function uniform(): number {
  s = (s + 0x6d2b79f5) >>> 0;
  let t = s;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

/** Standard normal (Box–Muller, both values used). */
export function normal(): number {
  if (spare !== null) {
    const v = spare;
    spare = null;
    return v;
  }
  let u = 0;
  while (u === 0) u = uniform();
  const v = uniform();
  const r = Math.sqrt(-2 * Math.log(u));
  spare = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

seed(0);
