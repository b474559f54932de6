"""Registry and value encoding shared by the PyTorch side of the conformance programs.

Every program is a function ``name(out, err)``: ``out(step, value)`` records a named output, ``err(step, fn)`` runs
``fn`` and records the exact exception text it raised (or that it raised nothing). harness.ts is the TypeScript
twin; both must encode values identically so conformance.test.ts can compare them.
"""
import math
import torch

PROGRAMS = []


def program(fn):
    """Registers a program under its function name (the TypeScript twin uses the same name)."""
    PROGRAMS.append((fn.__name__, fn))
    return fn


# PyTorch's C++ AccumulateGrad reports "torch::autograd::AccumulateGrad"; the issue (and the view) name it
# "AccumulateGrad", so the namespace is dropped here, in one place.
def _fn_name(fn):
    return fn.name().replace("torch::autograd::", "")


def gfn(t):
    """Name of t.grad_fn, or None."""
    return None if t.grad_fn is None else _fn_name(t.grad_fn)


def nexts(t):
    """t.grad_fn.next_functions as [[name or None, index], ...]."""
    return [[None if f is None else _fn_name(f), i] for f, i in t.grad_fn.next_functions]


def _num(v):
    v = float(v)
    if math.isnan(v):
        return "NaN"
    if math.isinf(v):
        return "Infinity" if v > 0 else "-Infinity"
    return v


def encode(v):
    """JSON-safe encoding; NaN/±Inf become strings inside tensor data and {"$": "float"} wrappers outside."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, bool):
        return v
    if isinstance(v, (int, float)):
        n = _num(v)
        return {"$": "float", "v": n} if isinstance(n, str) else n
    if isinstance(v, torch.Tensor):
        return {
            "$": "tensor",
            "shape": list(v.shape),
            "dtype": str(v.dtype).replace("torch.", ""),
            "data": [_num(e) for e in v.detach().reshape(-1).tolist()],
            "requires_grad": v.requires_grad,
            "grad_fn": gfn(v),
        }
    if isinstance(v, torch.Size):
        return list(v)
    if isinstance(v, torch.dtype):
        return str(v).replace("torch.", "")
    if isinstance(v, (list, tuple)):
        return [encode(e) for e in v]
    raise TypeError(f"cannot encode {type(v)}")


class Recorder:
    """Collects one program's outputs in call order; step names must be unique within a program."""

    def __init__(self):
        self.outputs = []
        self.last_step = None

    def out(self, step, value):
        self._record(step, encode(value))

    def _record(self, step, encoded):
        if any(s == step for s, _ in self.outputs):
            raise ValueError(f"duplicate step {step}")
        self.outputs.append([step, encoded])
        self.last_step = step

    def err(self, step, fn):
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - the exact text is what we record
            self._record(step, {"$": "error", "message": str(e)})
            return
        self._record(step, {"$": "no_error"})
