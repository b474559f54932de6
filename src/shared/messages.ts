/**
 * The host ⇄ view message contract: one valibot schema per message gives both the TypeScript types (inferred
 * below, imported by the host, the view and the tests) and the runtime checks each end applies to what it
 * receives. The view runs snippet-derived content, so the host treats whatever it posts as untrusted; the view
 * checks the host's messages too, since a webview's message channel is untyped.
 *
 * Unknown keys are dropped (valibot's `object`), so a message carries exactly what its type says.
 */
import * as v from "valibot";
import type { ExportFormat, SourceRange, Trace } from "../protocol.js";
import { isExportFormat } from "./exportFormats.js";

/** Exports are capped so a broken view cannot make the host allocate without bound. */
const MAX_EXPORT_CHARS = 50_000_000;
/** An error text from the view is cut to this length before the host logs or shows it. */
const MAX_ERROR_CHARS = 2000;
const positiveInt = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(9_999_999));

/** A 1-based source range whose end is not before its start. */
export const SourceRangeSchema = v.pipe(
  v.object({ startLine: positiveInt, startColumn: positiveInt, endLine: positiveInt, endColumn: positiveInt }),
  v.check((r) => r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn), "a range must not end before it starts"),
);

const ExportFormatSchema = v.custom<ExportFormat>(isExportFormat, "not an export format");

/**
 * The Trace inside a `trace` message is only checked to be an object: the host validated it against the Trace
 * schema (src/traceSchema.ts) when the runner child sent it, and walking a 48 MB Trace again would slow every paint.
 */
const TraceValue = v.custom<Trace>((x) => typeof x === "object" && x !== null && !Array.isArray(x), "expected a Trace");

/** Host → view. The view says `ready` first; the host sends state after that. */
export const HostToViewSchema = v.variant("type", [
  v.object({
    type: v.literal("trace"),
    trace: TraceValue,
    pass: v.optional(v.number()),
    play: v.optional(v.boolean()),
    /** The host's cold-path marks (extension/coldPath.ts), for the view's `painted` record. */
    phases: v.optional(v.record(v.string(), v.number())),
  }),
  v.object({ type: v.literal("select"), nodeIds: v.array(v.string()) }),
  v.object({ type: v.literal("highlightLine"), line: v.number() }),
  v.object({ type: v.literal("showPass"), pass: v.number(), play: v.boolean() }),
  v.object({ type: v.literal("export"), format: ExportFormatSchema }),
  v.object({ type: v.literal("running") }),
]);

/** View → host. */
export const ViewToHostSchema = v.variant("type", [
  v.object({ type: v.literal("ready") }),
  v.object({ type: v.literal("reveal"), range: SourceRangeSchema }),
  v.object({ type: v.literal("exported"), format: ExportFormatSchema, data: v.pipe(v.string(), v.maxLength(MAX_EXPORT_CHARS)), encoding: v.picklist(["utf8", "base64"]) }),
  v.object({ type: v.literal("selected"), nodeId: v.nullable(v.pipe(v.string(), v.maxLength(199))) }),
  v.object({ type: v.literal("error"), message: v.pipe(v.string(), v.transform((s) => s.slice(0, MAX_ERROR_CHARS))) }),
  /** The frame after a trace was drawn: `seq` counts traces painted by this view document. */
  v.object({ type: v.literal("painted"), seq: positiveInt }),
]);

export type HostToView = v.InferOutput<typeof HostToViewSchema>;
export type ViewToHost = v.InferOutput<typeof ViewToHostSchema>;

/** The view's check of a host message: the message typed as `HostToView`, or null when it is not one. */
export function parseHostMessage(raw: unknown): HostToView | null {
  const r = v.safeParse(HostToViewSchema, raw);
  return r.success ? r.output : null;
}

/** The host's check of a view message: the message typed as `ViewToHost`, or null when it is not one. */
export function parseViewMessage(raw: unknown): ViewToHost | null {
  const r = v.safeParse(ViewToHostSchema, raw);
  return r.success ? r.output : null;
}

/** True for a 1-based range whose end is not before its start (the host's `revealRange` command argument). */
export function isSourceRange(x: unknown): x is SourceRange {
  return v.is(SourceRangeSchema, x);
}

/** True when A and B are the same type (not merely assignable). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
/** The range the schema checks is protocol.ts's SourceRange, field for field (a compile error otherwise). */
const rangeMatchesProtocol: Equals<v.InferOutput<typeof SourceRangeSchema>, SourceRange> = true;
void rangeMatchesProtocol;
