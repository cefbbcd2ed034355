// Percentiles of latency samples (milliseconds), nearest-rank.
export type Result = {
  status: "measured" | "not measured" | "failed";
  count?: number;
  p50?: number;
  p95?: number;
  p99?: number;
  max?: number;
  note?: string;
  [extra: string]: unknown;
};

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))];
}

export function summarize(samples: readonly number[], extra: Partial<Result> = {}): Result {
  const sorted = [...samples].sort((a, b) => a - b);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    status: "measured",
    count: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    ...extra,
  };
}

/**
 * A load run in which no request finished (each took longer than the run) measured nothing:
 * it is reported as such, never as a failure, since it is a matter of speed, not of correctness.
 */
export function normalized(value: unknown): unknown {
  const result = value as Result | undefined;
  if (result && result.status !== "failed" && result.count === 0) {
    return { status: "not measured", note: `no request finished within the run (each took longer); ${result.note ?? ""}` };
  }
  return value;
}
