"""J and v·J of small `y.backward(v)` passes from real PyTorch, written out as test/unit/runner/jacobian-fixtures.json.

The course explains `y.backward(v)` as the vector–Jacobian product x.grad = v·J. For each snippet below (its
TypeScript text for Autograd Lens, and the same program in Python beside it) PyTorch records, for every backward
pass with a non-scalar root: J = torch.autograd.functional.jacobian of the function that made y, for each leaf;
v·J computed as v @ J; and each leaf's .grad after the pass (which is v·J plus what .grad held before).
jacobian.test.ts traces the TypeScript and compares the Trace's `passes[i].jacobian` with these numbers.

Run: /usr/bin/python3 test/unit/runner/gen_jacobian_fixtures.py   (needs Debian's python3-torch)
"""
import json
import os

import torch
from torch.autograd.functional import jacobian

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..", "..")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def vjp_pass(f, leaves, v):
    """J of f w.r.t. each named leaf (at the leaves' current values), and v·J: what y.backward(v) adds to .grad."""
    names = list(leaves)
    values = tuple(leaves[n].detach() for n in names)
    js = jacobian(lambda *xs: f(**dict(zip(names, xs))), values)
    out = {}
    for n, j, x in zip(names, js, values):
        m = v.numel()
        out[n] = {"jacobian": {"shape": list(j.shape), "data": flat(j)}, "vjp": flat(v.reshape(1, m) @ j.reshape(m, x.numel()))}
    return out


def grads_after(out, leaves):
    for n, x in leaves.items():
        out[n]["grad_after"] = flat(x.grad)


def example_04():
    """examples/04-nonscalar-backward.ts: y = x*x, backward by sum(), by ones_like(y) and by v."""
    x = torch.arange(4.0, requires_grad=True)
    f = lambda x: x * x
    y = f(x)
    passes = []
    y.sum().backward(retain_graph=True)
    passes.append(None)  # a scalar root: no Jacobian to show
    x.grad.zero_()
    p = vjp_pass(f, {"x": x}, torch.ones_like(y))
    y.backward(torch.ones_like(y), retain_graph=True)
    grads_after(p, {"x": x})
    passes.append(p)
    x.grad.zero_()
    v = torch.tensor([1.0, 0.1, 0.01, 0.001])
    p = vjp_pass(f, {"x": x}, v)
    y.backward(v)
    grads_after(p, {"x": x})
    passes.append(p)
    return {"file": "examples/04-nonscalar-backward.ts", "passes": passes}


SQUARE_TS = """import * as torch from "autograd-lens";

const x = torch.tensor([1.0, 2.0, 3.0], { requires_grad: true });
const y = x.mul(x);
const v = torch.tensor([0.1, 1.0, 0.0001]);
y.backward(v); // x.grad = v·J, J = diag(2x)
console.log(x.grad);
"""


def square():
    """PyTorch's autograd tutorial's v = [0.1, 1.0, 0.0001] on y = x*x."""
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    f = lambda x: x * x
    y = f(x)
    v = torch.tensor([0.1, 1.0, 0.0001])
    p = vjp_pass(f, {"x": x}, v)
    y.backward(v)
    grads_after(p, {"x": x})
    return {"source": SQUARE_TS, "passes": [p]}


MV_TS = """import * as torch from "autograd-lens";

const W = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], { requires_grad: true });
const x = torch.tensor([1.0, -2.0, 0.5], { requires_grad: true });
const y = torch.tanh(W.mv(x));
y.backward(torch.tensor([1.0, 0.5]), { retain_graph: true });
y.backward(torch.tensor([-2.0, 3.0])); // no zero_(): x.grad = v₁·J + v₂·J
console.log(W.grad, x.grad);
"""


def mv_tanh():
    """Two leaves (J w.r.t. W is 2×2×3), a dense J, and a second pass that accumulates."""
    W = torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.5]], requires_grad=True)
    x = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)
    f = lambda W, x: torch.tanh(W.mv(x))
    y = f(W, x)
    passes = []
    for v, retain in ((torch.tensor([1.0, 0.5]), True), (torch.tensor([-2.0, 3.0]), False)):
        p = vjp_pass(f, {"W": W, "x": x}, v)
        y.backward(v, retain_graph=retain)
        grads_after(p, {"W": W, "x": x})
        passes.append(p)
    return {"source": MV_TS, "passes": passes}


def main():
    cases = {"04-nonscalar-backward": example_04(), "square-tutorial-v": square(), "mv-tanh-two-passes": mv_tanh()}
    out = {"torch": torch.__version__, "cases": cases}
    path = os.path.join(HERE, "jacobian-fixtures.json")
    with open(path, "w") as fh:
        json.dump(out, fh, indent=1)
        fh.write("\n")
    print(f"wrote {path} (PyTorch {torch.__version__})")


if __name__ == "__main__":
    main()
