/**
 * Graphviz DOT of either view (pure text, so the CLI and tests can use it too).
 *  - The computation view, micrograd's picture: each tensor a record `{ name · shape | data | grad }` with the last
 *    pass's gradient, each op a small ellipse with the op over its grad_fn name, edges input → op → output.
 *  - PyTorch's grad_fn graph, torchviz's: tensors as boxes, grad functions as rounded boxes, detach edges dashed.
 * Loop iterations, no_grad blocks and the checks box become (nested) clusters in both.
 */
import type { Trace } from "../src/protocol.js";
import { buildModel, type ViewModel } from "./model.js";
import { buildComputation } from "./computation.js";
import { fmtShape } from "./format.js";
import { gradLines, recordGrad, valueLines } from "./learner.js";
import { finalPosition, type ViewMode } from "./labels.js";

/** torchviz: leaves that require grad lightblue, the output darkolivegreen1, saved tensors orange, functions grey. */
const FILL: Record<string, string> = { leaf: "lightblue", root: "darkolivegreen1", nograd: "lightgrey", intermediate: "white" };

function q(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** Escapes text for one line of a record field: braces, bars, angle brackets and spaces at the ends are record syntax. */
function field(s: string): string {
  // Runs of spaces (a value grid's padding) and a leading space would collapse: escape all but the last of a run.
  return s.replace(/[\\{}|<>"]/g, (c) => `\\${c}`).replace(/^ | (?= )/g, "\\ ");
}

/** A record field of left-aligned lines (`\l` ends a left-justified line in Graphviz). */
function fieldLines(lines: string[]): string {
  return lines.map((l) => `${field(l)}\\l`).join("");
}

/** Node declarations placed in their (nested) group clusters; members are declared where their group is. */
function clustered(model: ViewModel, decls: Map<string | null, string[]>): string[] {
  const children = new Map<string | null, string[]>();
  for (const g of model.groups) children.set(g.parent, [...(children.get(g.parent) ?? []), g.id]);
  const byId = new Map(model.groups.map((g) => [g.id, g]));
  const emit = (parent: string | null, indent: string): string[] => {
    const out = (decls.get(parent) ?? []).map((d) => `${indent}${d}`);
    for (const id of children.get(parent) ?? []) {
      const inner = emit(id, `${indent}  `);
      if (inner.length === 0) continue;
      const g = byId.get(id);
      const dim = g?.kind === "checks" ? ` color=grey; fontcolor=grey40;` : "";
      out.push(`${indent}subgraph ${q(`cluster_${id}`)} {`, `${indent}  label=${q(g?.label ?? id)}; style=dashed;${dim}`, ...inner, `${indent}}`);
    }
    return out;
  };
  return emit(null, "  ");
}

function add(decls: Map<string | null, string[]>, parent: string | null, decl: string): void {
  decls.set(parent, [...(decls.get(parent) ?? []), decl]);
}

function computationDot(trace: Trace): string {
  const m = buildComputation(trace);
  const at = finalPosition(trace);
  const decls = new Map<string | null, string[]>();
  for (const n of m.nodes) {
    if (n.kind === "op") {
      const t = m.tensors.get(n.id.slice(3));
      const g = t?.gradFn ? m.gradFns.get(t.gradFn) : undefined;
      const check = n.classes.includes("check") ? ", color=grey, fontcolor=grey40" : "";
      add(decls, n.parent, `${q(n.id)} [shape=ellipse, fontname="Helvetica", label=${q(`${t?.op ?? "?"}${g ? `\n${g.name}` : ""}`)}${check}];`);
      continue;
    }
    const t = m.tensors.get(n.id);
    if (!t) continue;
    const role = n.classes.find((c) => c in FILL) ?? "intermediate";
    const dtype = t.value.dtype === "float32" ? "" : ` ${t.value.dtype}`;
    const grad = gradLines(t, recordGrad(trace, t, at.pass, at.position));
    const parts = [fieldLines([`${t.label} · ${fmtShape(t.value.shape)}${dtype}`]), fieldLines(valueLines(t.value)), ...(grad.length ? [fieldLines(grad)] : [])];
    const check = n.classes.includes("check") ? ", color=grey, fontcolor=grey40" : "";
    // A detached tensor (u = y.detach()) has a dashed outline, as in the panel.
    const style = n.classes.includes("detached") ? `"filled,dashed"` : "filled";
    // `field` escaped the record syntax and the string's quote and backslash alike.
    const label = `{ ${parts.join(" | ")} }`;
    add(decls, n.parent, `${q(n.id)} [shape=record, style=${style}, fillcolor=${FILL[role]}${check}, label="${label}"];`);
  }
  const lines = [`digraph computation {`, `  graph [rankdir=LR, fontname="Helvetica"];`, `  node [fontname="Courier", fontsize=11];`, ...clustered(m, decls)];
  for (const e of m.edges) {
    if (e.kind === "saved") continue;
    const attrs = e.kind === "detach" ? ` [style=dashed, color=red, label="detach", fontcolor=red]` : "";
    lines.push(`  ${q(e.source)} -> ${q(e.target)}${attrs};`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

function autogradDot(trace: Trace): string {
  const m = buildModel(trace);
  const decls = new Map<string | null, string[]>();
  for (const n of m.nodes) {
    if (n.kind === "tensor") {
      const t = m.tensors.get(n.id);
      const role = n.classes.find((c) => c in FILL) ?? "intermediate";
      add(decls, n.parent, `${q(n.id)} [label=${q(`${t?.label ?? n.id}\n${t ? fmtShape(t.value.shape) : ""}`)}, fillcolor=${FILL[role]}];`);
    } else {
      const g = m.gradFns.get(n.id);
      add(decls, n.parent, `${q(n.id)} [label=${q(g?.name ?? n.id)}, shape=box, style="rounded,filled", fillcolor=lightgrey];`);
    }
  }
  const lines = [`digraph autograd {`, `  graph [rankdir=TB, fontname="Helvetica"];`, `  node [fontname="Helvetica", fontsize=11, style=filled, shape=box];`, ...clustered(m, decls)];
  for (const e of m.edges) {
    const attrs: string[] = [];
    if (e.kind === "detach") attrs.push("style=dashed", `label="detach"`, "color=red");
    if (e.kind === "input") attrs.push("style=dotted", "color=grey");
    if (e.kind === "saved") attrs.push("color=orange", `label=${q(e.label)}`);
    lines.push(`  ${q(e.source)} -> ${q(e.target)}${attrs.length ? ` [${attrs.join(", ")}]` : ""};`);
  }
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** The Trace as a `digraph` of either view (the computation view unless told). */
export function toDot(trace: Trace, view: ViewMode = "computation"): string {
  return view === "computation" ? computationDot(trace) : autogradDot(trace);
}
