// Minimal typings for the parts of dagre the view uses (the package ships none and @types/dagre is not installed).
declare module "dagre" {
  interface GraphLabel { rankdir?: string; nodesep?: number; ranksep?: number; edgesep?: number; ranker?: string }
  interface NodeLabel { width: number; height: number; x?: number; y?: number }
  class Graph {
    constructor(opts?: { compound?: boolean; multigraph?: boolean });
    setGraph(label: GraphLabel): this;
    setDefaultEdgeLabel(fn: () => object): this;
    setNode(id: string, label: NodeLabel | object): this;
    setParent(child: string, parent: string): this;
    setEdge(source: string, target: string, label?: object, name?: string): this;
    node(id: string): NodeLabel;
    nodes(): string[];
  }
  const graphlib: { Graph: typeof Graph };
  function layout(g: Graph): void;
  const _default: { graphlib: typeof graphlib; layout: typeof layout };
  export default _default;
}
