"""PyTorch twins of the examples (examples/*.ts and the .py file), line by line, written out as two fixtures.

One twin per example; running it records, from real PyTorch:

- test/unit/runner/example-fixtures.json (the .ts examples, read by test/unit/runner/examples.test.ts): for every
  top-level tensor variable what the Trace's `variables` must hold (shape, flat data, grad, requires_grad, is_leaf,
  grad_fn name), the printed lines (with JavaScript's `null` where Python prints `None`, since the snippet prints
  from JS) and the number of backward calls.
- test/webview/intermediate-grads.json (every example, read by test/webview/intermediateGrads.test.ts): the
  gradient every tensor received in each backward pass, intermediates included, under the label the Trace gives it
  (`b#3`, `dot @ 9:11`). The computation view shows, for the selected pass, the gradient each tensor received:
  intermediate ones too (marked "not kept in .grad" unless retain_grad()), leaves as their .grad after the pass.
  Every kept intermediate gets retain_grad(), and before each call its .grad is set back to None, so each pass
  records only what that pass gave (a retained grad would otherwise accumulate across calls, as leaves do); leaves
  keep PyTorch's accumulation, so their value is what the view shows as ".grad before → after". A tensor a pass does
  not reach records None.

A twin names its tensors as the example does: `r.keep(label, t)` returns t, so a kept intermediate needs no local of
its own (the variables fixture lists the twin's locals, which must be the example's).

Run: /usr/bin/python3 test/gen_example_twins.py   (needs Debian's python3-torch 1.13)
"""
import json
import os
import sys

import torch


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


class Run:
    def __init__(self):
        self.lines = []  # what the example prints
        self.kept = {}  # Trace label -> tensor, in creation order
        self.passes = []  # one entry per backward call

    def log(self, *args):
        self.lines.append(" ".join("null" if a is None else str(a) for a in args))

    def keep(self, label, t):
        assert label not in self.kept, label
        if not t.is_leaf:
            t.retain_grad()
        self.kept[label] = t
        return t

    def backward(self, root, *args, **kwargs):
        """root.backward(...), recording what each kept tensor received; PyTorch's error is recorded and raised."""
        for t in self.kept.values():
            if not t.is_leaf:
                t.grad = None
        entry = {"index": len(self.passes) + 1, "error": None, "grads": {}}
        self.passes.append(entry)
        try:
            root.backward(*args, **kwargs)
        except RuntimeError as e:
            entry["error"] = str(e).split("\n")[0]
            raise
        entry["grads"] = {label: (None if t.grad is None else flat(t.grad)) for label, t in self.kept.items() if t.requires_grad}


def variables(env):
    out = {}
    for name, v in env.items():
        if isinstance(v, torch.Tensor):
            out[name] = {
                "shape": list(v.shape),
                "data": flat(v),
                # No example calls retain_grad(): a non-leaf's .grad is None there (keep()'s is for the other fixture).
                "grad": None if not v.is_leaf or v.grad is None else flat(v.grad),
                "requires_grad": v.requires_grad,
                "is_leaf": v.is_leaf,
                "grad_fn": None if v.grad_fn is None else type(v.grad_fn).__name__,
            }
    return out


def ex01(r):
    x = r.keep("x", torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-2.0, 3.0, 1.0]], requires_grad=True))
    y = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 4.0], [3.0, -2.0, 0.1]])
    z = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]])
    a = r.keep("a", x * y)
    b = r.keep("b", a + z)
    c = r.keep("c", torch.sum(b))
    r.backward(c)
    r.log(x.grad)
    r.log(y * torch.ones(3, 3))
    r.log(y.grad)
    return locals()


def ex02(r):
    x = r.keep("x", torch.arange(4.0))
    x.requires_grad_(True)
    r.log(x.grad)
    y = r.keep("y", r.keep("dot @ 9:11", torch.dot(x, x)) * 2)
    r.log(y)
    r.backward(y)
    r.log(x.grad)
    r.log(x.grad == x * 4)
    return locals()


def ex03(r):
    x = r.keep("x", torch.arange(4.0, requires_grad=True))
    y = r.keep("y", r.keep("dot @ 7:9", torch.dot(x, x)) * 2)
    r.backward(y)
    r.log(x.grad)
    x.grad.zero_()
    y = r.keep("y#2", x.sum())
    r.backward(y)
    r.log(x.grad)
    r.backward(y)
    r.log(x.grad)
    return locals()


def ex04(r):
    x = r.keep("x", torch.arange(4.0, requires_grad=True))
    y = r.keep("y", x * x)
    r.backward(r.keep("sum @ 9:1", y.sum()), retain_graph=True)
    r.log(x.grad)
    x.grad.zero_()
    r.backward(y, torch.ones_like(y), retain_graph=True)
    r.log(x.grad)
    x.grad.zero_()
    v = torch.tensor([1.0, 0.1, 0.01, 0.001])
    r.backward(y, v)
    r.log(x.grad)
    return locals()


def ex05(r):
    x = r.keep("x", torch.arange(4.0, requires_grad=True))
    y = r.keep("y", x * x)
    u = y.detach()
    z = r.keep("z", u * x)
    r.backward(r.keep("sum @ 10:1", z.sum()))
    r.log(x.grad == u)
    x.grad.zero_()
    r.backward(r.keep("sum @ 14:1", y.sum()))
    r.log(x.grad == x * 2)
    return locals()


def loop_f(r, a):
    """examples/06 and 09's f(a): b = a*2; while b.norm() < 1000: b = b*2; c = b if b.sum() > 0 else b*100."""
    bs = [a * 2]
    while bs[-1].norm() < 1000:
        bs.append(bs[-1] * 2)
    b = bs[-1]
    c = b if b.sum() > 0 else b * 100
    # The Trace names each b after its variable with its version (b, b#2, …); the tensor f returns is named after
    # the variable it lands in, d (the last b itself when c = b).
    for i, t in enumerate(bs):
        r.keep("d" if t is c else ("b" if i == 0 else f"b#{i + 1}"), t)
    if c is not b:
        r.keep("d", c)
    return c


def ex06(r):
    a = r.keep("a", torch.tensor(-1.1571, requires_grad=True))
    d = loop_f(r, a)
    r.backward(d)
    r.log(a.grad)
    r.log(a.grad == d / a)
    return locals()


def ex07(r):
    x1 = r.keep("x1", torch.tensor(1.0, requires_grad=True))
    x2 = r.keep("x2", torch.tensor(2.0, requires_grad=True))
    x3 = r.keep("x3", torch.tensor(3.0, requires_grad=True))
    x4 = r.keep("x4", torch.tensor(4.0, requires_grad=True))
    u = r.keep("u", x1 * x2)
    v = r.keep("v", x3 * x4)
    y = r.keep("y", u * v)
    r.backward(y, retain_graph=True)
    r.log(x1.grad, x2.grad, x3.grad, x4.grad)
    r.backward(y)
    r.log(x1.grad, x2.grad, x3.grad, x4.grad)
    try:
        r.backward(y)  # the graph was freed: PyTorch's error, no gradients
    except RuntimeError as e:
        r.log(str(e))
    return locals()


def ex08(r):
    x = r.keep("x", torch.ones(1, 4, requires_grad=True))
    y = r.keep("y", r.keep("mul @ 6:11", x * 2) + 1)
    z = r.keep("z", torch.norm(y, 2, 1))
    r.log(z)
    r.backward(z, torch.ones_like(z))
    r.log(x.grad)
    return locals()


def ex09(r):
    x = r.keep("x", torch.arange(4.0))
    x.requires_grad_(True)
    y = r.keep("y", 2 * r.keep("dot @ 6:9", torch.dot(x, x)))
    r.backward(y)
    a = r.keep("a", torch.tensor(1.5, requires_grad=True))
    d = loop_f(r, a)
    r.backward(d)
    return locals()


EXAMPLES = {
    "01-manual-backward": ex01,
    "02-dot-4x": ex02,
    "03-accumulation": ex03,
    "04-nonscalar-backward": ex04,
    "05-detach": ex05,
    "06-control-flow": ex06,
    "07-graph-freeing": ex07,
    "08-norm-dim": ex08,
    "09-course-python": ex09,
}


def write(path, out):
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path}", file=sys.stderr)


def main():
    test = os.path.dirname(os.path.abspath(__file__))
    note = "Generated by test/gen_example_twins.py from real PyTorch. Do not edit by hand."
    variables_out = {"torch": torch.__version__, "note": note, "examples": {}}
    grads_out = {"torch": torch.__version__, "note": note, "examples": {}}
    for name, fn in EXAMPLES.items():
        r = Run()
        env = fn(r)
        env.pop("r", None)
        grads_out["examples"][name] = {"labels": list(r.kept.keys()), "passes": r.passes}
        # The runner's example test covers the TypeScript examples (the .py one has its own conformance).
        if os.path.exists(os.path.join(test, "..", "examples", f"{name}.ts")):
            variables_out["examples"][name] = {"variables": variables(env), "console": r.lines, "passes": len(r.passes)}
    write(os.path.join(test, "unit", "runner", "example-fixtures.json"), variables_out)
    write(os.path.join(test, "webview", "intermediate-grads.json"), grads_out)


if __name__ == "__main__":
    main()
