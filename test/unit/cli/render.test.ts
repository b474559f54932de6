// `autograd-lens render FILE --out g.svg|g.dot|g.json [--view computation|autograd]` as users run it (node
// dist/cli.js in a child process), on every example, for both views. Each output is read back by a real parser:
// DOT by Graphviz (`dot -Tjson`), SVG by Python's expat (XML), JSON by the Trace schema.
import { before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Trace } from "../../../src/protocol.js";
import { decodeTrace } from "../../../src/traceJson.js";
import { parseTrace } from "../../../src/traceSchema.js";
import { decodeTraceText } from "../../../src/shared/traceCodec.js";
import { buildComputation } from "../../../webview/computation.js";
import { buildModel } from "../../../webview/model.js";
import { COURSE } from "../../webview/course.js";
import { expectedEdgeCount } from "../../webview/helpers.js";
import { ensureBuilt, repoRoot } from "../runner/build.js";

const cli = join(repoRoot, "dist", "cli.js");
const tmp = mkdtempSync(join(tmpdir(), "autograd-lens-render-"));
const examples = readdirSync(join(repoRoot, "examples")).filter((f) => /^\d\d-.*\.(ts|py)$/.test(f)).sort();
const hasGraphviz = spawnSync("dot", ["-V"]).status === 0;

function run(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Graphviz's own reading of a DOT file: nodes (with attributes and their clusters) and edges in order. */
interface DotGraph {
  name: string;
  directed: boolean;
  nodes: Array<{ name: string; shape: string; label: string; clusters: string[] }>;
  edges: Array<{ tail: string; head: string; label?: string; style?: string }>;
}
function parseDot(file: string): DotGraph {
  const r = spawnSync("dot", ["-Tjson0", file], { encoding: "utf8" });
  assert.equal(r.status, 0, `Graphviz could not read ${file}: ${r.stderr}`);
  const g = JSON.parse(r.stdout) as {
    name: string;
    directed: boolean;
    objects?: Array<{ _gvid: number; name: string; shape?: string; label?: string; nodes?: number[] }>;
    edges?: Array<{ tail: number; head: number; label?: string; style?: string }>;
  };
  const objects = g.objects ?? [];
  const clusters = objects.filter((o) => o.name.startsWith("cluster_"));
  const byGvid = new Map(objects.map((o) => [o._gvid, o]));
  const nodes = objects
    .filter((o) => !o.name.startsWith("cluster_"))
    .map((o) => ({ name: o.name, shape: o.shape ?? "", label: o.label ?? "", clusters: clusters.filter((c) => c.nodes?.includes(o._gvid)).map((c) => c.name) }));
  const edges = (g.edges ?? []).map((e) => ({ tail: byGvid.get(e.tail)?.name ?? "?", head: byGvid.get(e.head)?.name ?? "?", ...(e.label ? { label: e.label } : {}), ...(e.style ? { style: e.style } : {}) }));
  return { name: g.name, directed: g.directed, nodes, edges };
}

/** The fields of a record label (`{ a\l | b\l }`), each as its lines, with Graphviz's escapes undone. */
function recordFields(label: string): string[][] {
  const body = label.replace(/^\{\s*/, "").replace(/\s*\}$/, "");
  const fields: string[] = [];
  let cur = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === "\\" && i + 1 < body.length) cur += c + body[++i];
    else if (c === "|") fields.push(cur), (cur = "");
    else cur += c;
  }
  fields.push(cur);
  return fields.map((f) =>
    f
      .trim()
      .split("\\l")
      .filter((l) => l !== "")
      .map((l) => l.replace(/\\(.)/g, "$1")),
  );
}

/** The SVG read by expat (a strict XML parser): each node group's id and its text lines, each edge group's id. */
function parseSvg(file: string): { root: string; nodes: Map<string, string[]>; edges: string[] } {
  const py = `
import json, sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
ns = "{http://www.w3.org/2000/svg}"
out = {"root": root.tag, "nodes": [], "edges": []}
for g in root.iter(ns + "g"):
    if g.get("class") == "node":
        out["nodes"].append([g.get("data-id"), [t.text or "" for t in g.iter(ns + "tspan")]])
    elif g.get("class") == "edge":
        out["edges"].append(g.get("data-id"))
print(json.dumps(out))
`;
  const r = spawnSync("python3", ["-c", py, file], { encoding: "utf8" });
  assert.equal(r.status, 0, `not well-formed XML: ${file}: ${r.stderr}`);
  const o = JSON.parse(r.stdout) as { root: string; nodes: Array<[string, string[]]>; edges: string[] };
  return { root: o.root, nodes: new Map(o.nodes), edges: o.edges };
}

const traces = new Map<string, { file: string; trace: Trace }>();

before(() => {
  ensureBuilt();
  // One run per example; every format and view is then rendered from the saved Trace (as `render TRACE.json` does).
  for (const ex of examples) {
    const file = join(tmp, `${ex}.trace.json`);
    const r = run("trace", `examples/${ex}`, "--out", file);
    assert.ok(r.code === 0, `${ex}: ${r.stderr}`);
    traces.set(ex, { file, trace: decodeTrace(readFileSync(file, "utf8")) });
  }
});

function render(ex: string, ext: string, view?: string): string {
  const { file } = traces.get(ex) as { file: string };
  const out = join(tmp, `${ex}.${view ?? "default"}.${ext}`);
  const r = run("render", file, "--out", out, ...(view ? ["--view", view] : []));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\n$`));
  return out;
}

describe("render --out g.dot", { skip: hasGraphviz ? false : "Graphviz (dot) is not installed: bash scripts/setup.sh" }, () => {
  for (const ex of examples) {
    const name = ex.replace(/\.(ts|py)$/, "");
    it(`${ex}: the computation view is a digraph of records and ops with the course's adjacency`, () => {
      const { trace } = traces.get(ex) as { trace: Trace };
      const g = parseDot(render(ex, "dot"));
      assert.equal(g.name, "computation");
      assert.ok(g.directed);
      const byName = new Map(g.nodes.map((n) => [n.name, n]));
      const tensorLabel = (id: string): string => recordFields(byName.get(id)?.label ?? "")[0]?.[0]?.split(" · ")[0] ?? "?";
      // Read the course's notation back from Graphviz's graph: "inputs -op-> output" per op outside the checks.
      const adjacency: string[] = [];
      for (const n of g.nodes) {
        if (n.shape !== "ellipse" || n.clusters.includes("cluster_checks")) continue;
        const ins = g.edges.filter((e) => e.head === n.name).map((e) => tensorLabel(e.tail));
        const outs = g.edges.filter((e) => e.tail === n.name).map((e) => e.head);
        assert.equal(outs.length, 1, `${n.name} produces one tensor`);
        adjacency.push(`${ins.join(", ")} -${n.label.split("\\n")[0]}-> ${tensorLabel(outs[0] as string)}`);
      }
      for (const e of g.edges) if (e.label === "detach") adjacency.push(`${tensorLabel(e.tail)} ~detach~> ${tensorLabel(e.head)}`);
      // Graphviz keeps no order among an op's in-edges (nor does the picture): compare the inputs as a set.
      const norm = (xs: string[]): string[] => xs.map((x) => x.replace(/^(.*?) -/, (_m, ins: string) => `${ins.split(", ").sort().join(", ")} -`)).sort();
      const course = COURSE[name];
      if (course) assert.deepEqual(norm(adjacency), norm(course));
      else assert.ok(adjacency.length > 0, "ops drawn");
      // Every tensor and op of the computation is a node (AccumulateGrad is not); op nodes carry op and grad_fn.
      const m = buildComputation(trace);
      assert.deepEqual(g.nodes.map((n) => n.name).sort(), m.nodes.map((n) => n.id).sort());
      for (const n of m.nodes) {
        const d = byName.get(n.id);
        assert.ok(d);
        if (n.kind === "op") {
          const out = m.tensors.get(n.id.slice(3));
          const fn = out?.gradFn ? m.gradFns.get(out.gradFn)?.name : undefined;
          assert.equal(d.label, fn ? `${out?.op}\\n${fn}` : out?.op, n.id);
          continue;
        }
        const t = m.tensors.get(n.id);
        assert.ok(t);
        assert.equal(d.shape, "record", n.id);
        const fields = recordFields(d.label);
        assert.match(fields[0]?.[0] ?? "", new RegExp(`^${t.label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} · `), `${n.id}: name and shape`);
        assert.ok((fields[1] ?? []).length > 0, `${n.id}: a value field`);
        // A tensor that requires grad has a gradient field (after the last pass); constants have none.
        assert.equal(fields.length, t.requiresGrad ? 3 : 2, `${n.id} (${t.label}): fields ${JSON.stringify(fields)}`);
      }
    });

    it(`${ex}: --view autograd is PyTorch's grad_fn graph (every tensor and grad fn, the view's edges)`, () => {
      const { trace } = traces.get(ex) as { trace: Trace };
      const g = parseDot(render(ex, "dot", "autograd"));
      assert.equal(g.name, "autograd");
      assert.deepEqual(g.nodes.map((n) => n.name).sort(), [...trace.tensors.map((t) => t.id), ...trace.gradFns.map((f) => f.id)].sort());
      assert.equal(g.edges.length, expectedEdgeCount(trace));
      assert.ok(g.nodes.some((n) => n.label === "AccumulateGrad"));
    });
  }

  it("01: micrograd's records: name · shape | data | grad with the pass's gradients, intermediates included", () => {
    const g = parseDot(render("01-manual-backward.ts", "dot", "computation"));
    const rec = (label: string): string[][] => recordFields(g.nodes.find((n) => recordFields(n.label)[0]?.[0]?.startsWith(`${label} · `))?.label ?? "");
    assert.deepEqual(rec("a"), [["a · 3×3"], ["[[   0.5     -2     -2]", " [  0.75 -0.125     -3]", " [    -6     -6    0.1]]"], ["grad ones(3×3) · not kept in .grad"]]);
    assert.deepEqual(rec("c"), [["c · scalar"], ["-13.27"], ["grad 1 · not kept in .grad"]]);
    // x's .grad after the pass is y (∂c/∂x = grad_a · y).
    assert.deepEqual(rec("x")[2], [".grad None →", "[[   1    2   -1]", " [ 0.5 -0.5    4]", " [   3   -2  0.1]]"]);
  });
});

describe("render --out g.svg", () => {
  for (const ex of examples) {
    it(`${ex}: both views are well-formed SVG with a group per visible node and its record texts`, () => {
      const { trace } = traces.get(ex) as { trace: Trace };
      for (const view of ["computation", "autograd"] as const) {
        const svg = parseSvg(render(ex, "svg", view));
        assert.equal(svg.root, "{http://www.w3.org/2000/svg}svg");
        const m = view === "computation" ? buildComputation(trace) : buildModel(trace);
        // What the panel opens with: the computation view folds the checks (one box), the grad_fn view shows all.
        const folded = new Set(view === "computation" ? buildComputation(trace).folded : []);
        const hidden = (parent: string | null): boolean => {
          for (let p = parent; p; p = m.groups.find((g) => g.id === p)?.parent ?? null) if (folded.has(p)) return true;
          return false;
        };
        for (const n of m.nodes) {
          if (hidden(n.parent)) continue;
          const texts = svg.nodes.get(n.id);
          assert.ok(texts, `${view}: ${n.id} is drawn`);
          const t = m.tensors.get(n.id);
          if (t && view === "computation") assert.ok(texts[0]?.startsWith(t.label), `${n.id}: ${JSON.stringify(texts)}`);
          if (n.kind === "op") assert.equal(texts[0], m.tensors.get(n.id.slice(3))?.op);
        }
        for (const g of folded) if (!hidden(m.groups.find((x) => x.id === g)?.parent ?? null)) assert.ok(svg.nodes.has(`proxy:${g}`), `${view}: folded ${g} drawn as a box`);
        assert.ok(svg.edges.length > 0);
      }
    });
  }

  it("the default view is the computation: 02's records show x.grad = 4x and the op dot over DotBackward0", () => {
    const out = join(tmp, "02-direct.svg");
    // Straight from the snippet (not a saved trace), no --view.
    const r = run("render", "examples/02-dot-4x.ts", "--out", out);
    assert.equal(r.code, 0, r.stderr);
    const svg = parseSvg(out);
    const x = [...svg.nodes.values()].find((t) => t[0] === "x · (4,)" || t[0]?.startsWith("x · "));
    assert.deepEqual(x, ["x · 4", "[0, 1, 2, 3]", ".grad None → [0, 4, 8, 12]"]);
    assert.ok([...svg.nodes.values()].some((t) => t.join("|") === "dot|DotBackward0"));
    assert.ok(!svg.nodes.has("AccumulateGrad") && ![...svg.nodes.values()].some((t) => t[0] === "AccumulateGrad"), "no AccumulateGrad in the computation view");
  });
});

describe("render --out g.json", () => {
  for (const ex of examples) {
    it(`${ex}: the Trace both views are drawn from, valid against the Trace schema`, () => {
      const { trace } = traces.get(ex) as { trace: Trace };
      for (const view of ["computation", "autograd"]) {
        const parsed = parseTrace(decodeTraceText(readFileSync(render(ex, "json", view), "utf8")));
        assert.ok(parsed.ok, parsed.ok ? "" : parsed.problem);
        assert.deepEqual(parsed.trace, trace);
      }
    });
  }
});

describe("render usage", () => {
  it("picks the format by extension; PNG (needs a browser), unknown extensions and views exit 2 with the list", () => {
    const file = traces.get("02-dot-4x.ts")?.file as string;
    const png = run("render", file, "--out", join(tmp, "g.png"));
    assert.equal(png.code, 2);
    assert.match(png.stderr, /^autograd-lens: PNG needs a browser to draw/);
    const txt = run("render", file, "--out", join(tmp, "g.txt"));
    assert.equal(txt.code, 2);
    assert.match(txt.stderr, /the extension must be one of \.html, \.svg, \.json, \.dot\n/);
    const view = run("render", file, "--out", join(tmp, "g.svg"), "--view", "torchviz");
    assert.equal(view.code, 2);
    assert.match(view.stderr, /--view needs computation or autograd/);
    assert.equal(run("trace", file.replace(/\.trace\.json$/, ""), "--view", "autograd").code, 2, "--view is render's");
  });
});
