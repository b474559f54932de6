/**
 * The first Trace's layout computed ahead (webview/prepare.ts, while cytoscape's script still compiles) is the one
 * the graph's first load asks for: for every example, in both pictures, the input a bare Scene builds equals what
 * GraphView reads back from cytoscape after the load, so the load takes the positions computed ahead instead of
 * laying out again, and they are the positions it would have computed itself. An arrival the preparation did not
 * foresee lays out as before. No browser: a headless GraphView, as the CLI's render uses.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import type { Trace } from "../../src/protocol.js";
import { GraphView } from "../../webview/graph.js";
import { layoutsAhead } from "../../webview/layout.js";
import { firstOpen, modelFor, prepareFirstLayout, type FirstArrival } from "../../webview/prepare.js";
import { labelsOverPlayback, nodeLabel, type LabelContext } from "../../webview/labels.js";
import { EXPORT_THEME } from "../../webview/style.js";
import type { SavedView, ViewMode } from "../../webview/state.js";
import { recordExample } from "./helpers.js";

const EXAMPLES = readdirSync("examples").filter((f) => f.endsWith(".ts"));

/** The graph's first load of `trace`, the way App.setTrace does it for a view that has shown nothing yet. */
async function firstLoad(trace: Trace, a: FirstArrival): Promise<Map<string, { x: number; y: number }>> {
  const state = firstOpen(trace, a);
  const model = modelFor(state.mode, trace);
  const c: LabelContext = { mode: state.mode, trace, model, pass: state.pass, position: state.position };
  GraphView.quiet();
  const graph = new GraphView(null, EXPORT_THEME);
  try {
    graph.setToggles(state);
    await graph.load(trace, model, (n) => nodeLabel(c, n), { collapsed: state.collapsed ? [...state.collapsed] : undefined, labelsOverPlayback: (n) => labelsOverPlayback(c, n) });
    return new Map([...graph.positions()].map(([id, p]) => [id, { x: p.x, y: p.y }]));
  } finally {
    graph.destroy();
  }
}

describe("the first layout, computed ahead", () => {
  for (const file of EXAMPLES) {
    const trace = recordExample(`examples/${file}`);
    for (const mode of ["computation", "autograd"] as ViewMode[]) {
      it(`${file}, ${mode}: the first load takes the layout computed ahead, and it is the layout it would compute`, async () => {
        const alone = await firstLoad(trace, { saved: null, mode });
        assert.equal(layoutsAhead(), 0);
        await prepareFirstLayout(trace, { saved: null, mode });
        assert.equal(layoutsAhead(), 1, "one layout waits");
        const taken = await firstLoad(trace, { saved: null, mode });
        assert.equal(layoutsAhead(), 0, "the load took it (its input was exactly the prepared one)");
        assert.deepEqual(taken, alone);
      });
    }
  }

  it("an arrival it did not prepare for (left-to-right instead of top-down) lays out itself; the waiting layout is dropped then", async () => {
    const trace = recordExample("examples/02-dot-4x.ts");
    const saved: SavedView = { file: trace.file ?? null, pass: 1, position: 0, selected: null, collapsed: [], showAccumulate: true, showSaved: false, mode: "computation", direction: "LR", zoom: null, pan: null };
    const lr = await firstLoad(trace, { saved, mode: "computation" });
    const tb = await firstLoad(trace, { saved: null, mode: "computation" });
    await prepareFirstLayout(trace, { saved: null, mode: "computation" });
    assert.equal(layoutsAhead(), 1);
    assert.deepEqual(await firstLoad(trace, { saved, mode: "computation" }), lr, "the left-to-right load computed its own");
    assert.equal(layoutsAhead(), 0, "only the first layout may take one: the top-down one is dropped, not kept for later");
    assert.deepEqual(await firstLoad(trace, { saved: null, mode: "computation" }), tb);
  });
});
