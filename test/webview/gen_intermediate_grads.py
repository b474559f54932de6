"""The gradient of every tensor of each example, intermediates included, per backward pass, from real PyTorch.

The computation view shows, for the selected pass, the gradient each tensor received: intermediate ones too (marked
"not kept in .grad" unless retain_grad()), leaves as their .grad after the pass. This script runs a PyTorch twin of
each example (examples/*.ts and the .py file, line by line), calls retain_grad() on every intermediate tensor and,
after each backward call, records every tensor's .grad under the label the Trace gives it (`b#3`, `dot @ 9:11`).
Before each call the intermediates' .grad is set back to None, so each pass records only what that pass gave (a
retained grad would otherwise accumulate across calls, as leaves do); leaves keep PyTorch's accumulation, so their
value is what the view shows as ".grad before → after". A tensor a pass does not reach records None.

Writes test/webview/intermediate-grads.json, read by test/webview/intermediateGrads.test.ts.
Run: /usr/bin/python3 test/webview/gen_intermediate_grads.py   (needs Debian's python3-torch 1.13)
"""
import json
import os
import sys

import torch


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


class Run:
    def __init__(self):
        self.kept = {}  # Trace label -> tensor, in creation order
        self.passes = []

    def keep(self, label, t):
        assert label not in self.kept, label
        if not t.is_leaf:
            t.retain_grad()
        self.kept[label] = t
        return t

    def backward(self, root, *args, **kwargs):
        for t in self.kept.values():
            if not t.is_leaf:
                t.grad = None
        entry = {"index": len(self.passes) + 1, "error": None, "grads": {}}
        self.passes.append(entry)
        try:
            root.backward(*args, **kwargs)
        except RuntimeError as e:
            entry["error"] = str(e).split("\n")[0]
            return
        entry["grads"] = {label: (None if t.grad is None else flat(t.grad)) for label, t in self.kept.items() if t.requires_grad}


def ex01(r):
    x = r.keep("x", torch.tensor([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75], [-2.0, 3.0, 1.0]], requires_grad=True))
    y = torch.tensor([[1.0, 2.0, -1.0], [0.5, -0.5, 4.0], [3.0, -2.0, 0.1]])
    z = torch.tensor([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6], [0.7, 0.8, 0.9]])
    a = r.keep("a", x * y)
    b = r.keep("b", a + z)
    c = r.keep("c", torch.sum(b))
    r.backward(c)


def ex02(r):
    x = r.keep("x", torch.arange(4.0))
    x.requires_grad_(True)
    dot = r.keep("dot @ 9:11", torch.dot(x, x))
    y = r.keep("y", dot * 2)
    r.backward(y)


def ex03(r):
    x = r.keep("x", torch.arange(4.0, requires_grad=True))
    dot = r.keep("dot @ 7:9", torch.dot(x, x))
    y = r.keep("y", dot * 2)
    r.backward(y)
    x.grad.zero_()
    y = r.keep("y#2", x.sum())
    r.backward(y)
    r.backward(y)


def ex04(r):
    x = r.keep("x", torch.arange(4.0, requires_grad=True))
    y = r.keep("y", x * x)
    s = r.keep("sum @ 9:1", y.sum())
    r.backward(s, retain_graph=True)
    x.grad.zero_()
    r.backward(y, torch.ones_like(y), retain_graph=True)
    x.grad.zero_()
    v = torch.tensor([1.0, 0.1, 0.01, 0.001])
    r.backward(y, v)


def ex05(r):
    x = r.keep("x", torch.arange(4.0, requires_grad=True))
    y = r.keep("y", x * x)
    u = y.detach()
    z = r.keep("z", u * x)
    s1 = r.keep("sum @ 10:1", z.sum())
    r.backward(s1)
    x.grad.zero_()
    s2 = r.keep("sum @ 14:1", y.sum())
    r.backward(s2)


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


def ex07(r):
    x1 = r.keep("x1", torch.tensor(1.0, requires_grad=True))
    x2 = r.keep("x2", torch.tensor(2.0, requires_grad=True))
    x3 = r.keep("x3", torch.tensor(3.0, requires_grad=True))
    x4 = r.keep("x4", torch.tensor(4.0, requires_grad=True))
    u = r.keep("u", x1 * x2)
    v = r.keep("v", x3 * x4)
    y = r.keep("y", u * v)
    r.backward(y, retain_graph=True)
    r.backward(y)
    r.backward(y)  # the graph was freed: PyTorch's error, no gradients


def ex08(r):
    x = r.keep("x", torch.ones(1, 4, requires_grad=True))
    m = r.keep("mul @ 6:11", x * 2)
    y = r.keep("y", m + 1)
    z = r.keep("z", torch.norm(y, 2, 1))
    r.backward(z, torch.ones_like(z))


def ex09(r):
    x = r.keep("x", torch.arange(4.0))
    x.requires_grad_(True)
    dot = r.keep("dot @ 6:9", torch.dot(x, x))
    y = r.keep("y", 2 * dot)
    r.backward(y)
    a = r.keep("a", torch.tensor(1.5, requires_grad=True))
    d = loop_f(r, a)
    r.backward(d)


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


def main():
    out = {"torch": torch.__version__, "note": "Generated by gen_intermediate_grads.py from real PyTorch. Do not edit by hand.", "examples": {}}
    for name, fn in EXAMPLES.items():
        r = Run()
        fn(r)
        out["examples"][name] = {"labels": list(r.kept.keys()), "passes": r.passes}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "intermediate-grads.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
