/**
 * What the graph shows at one playback position, as classes per element id and texts on flowing edges (pure;
 * GraphView.applyMarks puts them on cytoscape). Both pictures: the grad_fn graph marks its own grad fns and "next"
 * edges; the computation view marks the op standing for each grad fn and the operand edge each flow travels back
 * along, with the step's sentence in the learner's names on the first edge of each receiver.
 */
import type { BackwardPass, Trace } from "../src/protocol.js";
import type { ComputationModel } from "./computation.js";
import type { ViewModel } from "./model.js";
import type { Frame } from "./playback.js";
import { stepSentences } from "./learner.js";
import { indexTrace } from "./traceIndex.js";
import type { PlaybackMarks } from "./graph.js";
import type { ViewMode } from "./state.js";

/** The flowing edges of a step in the computation view, each receiver's sentence on its first edge. */
function computationFlows(trace: Trace, comp: ComputationModel, pass: BackwardPass, frame: Frame): Array<{ edgeId: string; text: string }> {
  const stepIndex = frame.position >= 1 && frame.position <= pass.steps.length ? frame.position - 1 : -1;
  if (stepIndex < 0) return [];
  const out: Array<{ edgeId: string; text: string }> = [];
  for (const s of stepSentences(trace, pass, stepIndex)) {
    s.edgeFlows.forEach((f, i) => {
      const e = comp.edgeFor(f);
      if (e) out.push({ edgeId: e, text: i === 0 ? s.text : "" });
    });
  }
  return out;
}

/** The marks of `frame` of `pass` (or none without a pass). */
export function playbackMarks(trace: Trace, model: ViewModel, mode: ViewMode, pass: BackwardPass | undefined, frame: Frame | null): PlaybackMarks {
  const classes = new Map<string, string[]>();
  const mark = (id: string, cls: string): void => {
    const list = classes.get(id);
    if (list) list.push(cls);
    else classes.set(id, [cls]);
  };
  if (!frame || !pass) return { classes, flowing: [] };
  const comp = mode === "computation" ? (model as ComputationModel) : null;
  const flowing = comp ? computationFlows(trace, comp, pass, frame) : frame.flowing;
  const node = (id: string): string => (comp ? (comp.nodeFor(id) ?? id) : id);
  for (const id of frame.done) mark(node(id), "done");
  if (comp) {
    const ranBefore = frame.position === frame.last ? pass.steps.length : Math.max(0, frame.position - 1);
    for (const f of pass.flows) {
      const e = f.step < ranBefore && f.step !== frame.position - 1 ? comp.edgeFor(f) : null;
      if (e) mark(e, "flowed");
    }
  } else for (const id of frame.flowed) mark(id, "flowed");
  for (const n of flowing) mark(n.edgeId, "flowing");
  for (const id of frame.accumulating.keys()) mark(id, "accumulating");
  // What a pass freed stays freed in every later pass (pass 3 of examples/07 fails on it).
  for (const g of indexTrace(trace).freedGradFns) {
    const k = g.freedAfterPass;
    if (k !== null && (k < pass.index || (k === pass.index && frame.position === frame.last))) {
      mark(node(g.id), "freed");
      if (comp) for (const s of g.saved) if (s.tensor) mark(`${node(g.id)}-saved->${s.tensor}`, "freed");
    }
  }
  if (frame.active) mark(node(frame.active), "active");
  return { classes, flowing };
}
