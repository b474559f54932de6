/** Graphviz DOT of the view model, in torchviz's colours (pure text, so the CLI and tests can use it too). */
import type { Trace } from "../src/protocol.js";
import { buildModel } from "./model.js";
import { fmtShape } from "./format.js";

/** torchviz: leaves that require grad lightblue, the output darkolivegreen1, saved tensors orange, functions grey. */
const FILL: Record<string, string> = { leaf: "lightblue", root: "darkolivegreen1", nograd: "lightgrey", intermediate: "white" };

function q(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}

/** The Trace as a `digraph`: tensors as boxes, grad functions as rounded boxes, detach edges dashed. */
export function toDot(trace: Trace): string {
  const m = buildModel(trace);
  const lines = [`digraph autograd {`, `  graph [rankdir=TB, fontname="Helvetica"];`, `  node [fontname="Helvetica", fontsize=11, style=filled, shape=box];`];
  const groups = new Map<string | null, string[]>();
  for (const n of m.nodes) {
    let decl: string;
    if (n.kind === "tensor") {
      const t = m.tensors.get(n.id);
      const role = n.classes.find((c) => c in FILL) ?? "intermediate";
      decl = `  ${q(n.id)} [label=${q(`${t?.label ?? n.id}\n${t ? fmtShape(t.value.shape) : ""}`)}, fillcolor=${FILL[role]}];`;
    } else {
      const g = m.gradFns.get(n.id);
      decl = `  ${q(n.id)} [label=${q(g?.name ?? n.id)}, shape=box, style="rounded,filled", fillcolor=lightgrey];`;
    }
    groups.set(n.parent, [...(groups.get(n.parent) ?? []), decl]);
  }
  lines.push(...(groups.get(null) ?? []));
  for (const g of m.groups) {
    const members = groups.get(g.id) ?? [];
    if (members.length === 0) continue;
    lines.push(`  subgraph ${q(`cluster_${g.id}`)} {`, `    label=${q(g.label)}; style=dashed;`, ...members.map((s) => `  ${s}`), `  }`);
  }
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
